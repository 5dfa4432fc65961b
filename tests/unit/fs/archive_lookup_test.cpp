// Path lookup in the initramfs archive: the rules of Linux's path walk
// (path_resolution(7)) over an archive's names.
#include "tests/unit/support/archive_builder.h"

// The rest after it.
#include <linux/limits.h>

#include "core/fs/archive_lookup.h"

namespace sirius::testing {
namespace {

class ArchiveLookupTest : public ::testing::Test {
protected:
    Result<fs::ArchiveFile> lookup(std::string_view path)
    {
        const std::vector<u8>& bytes = archive.bytes();
        return fs::lookup_in_archive(fs::CpioBytes { bytes.data(), bytes.size() }, reinterpret_cast<const u8*>(path.data()), path.size());
    }
    std::string contents(std::string_view path)
    {
        auto file = lookup(path);
        if (file.is_error()) {
            return "errno " + std::to_string(file.error().code());
        }
        return std::string(reinterpret_cast<const char*>(file.value().data.data), file.value().data.size);
    }
    int error_of(std::string_view path)
    {
        auto file = lookup(path);
        return file.is_error() ? file.error().code() : 0;
    }
    ArchiveBuilder archive;
};

TEST_F(ArchiveLookupTest, AbsolutePath_FindsTheFile)
{
    archive.directory("bin").entry("bin/true", "ELF").trailer();
    EXPECT_EQ(contents("/bin/true"), "ELF");
}

TEST_F(ArchiveLookupTest, RelativePath_StartsAtTheRoot)
{
    // Every working directory is "/" until chdir exists.
    archive.entry("init", "x").trailer();
    EXPECT_EQ(contents("init"), "x");
}

TEST_F(ArchiveLookupTest, NamesWithDotSlashOrSlash_AreTheSameFile)
{
    archive.entry("./a", "1").entry("/b", "2").trailer();
    EXPECT_EQ(contents("/a"), "1");
    EXPECT_EQ(contents("/b"), "2");
}

TEST_F(ArchiveLookupTest, ALaterEntryOfTheSameName_ReplacesTheEarlierOne)
{
    // unpack_to_rootfs: do_name unlinks what is there before creating it.
    archive.entry("init", "old").entry("init", "new").trailer();
    EXPECT_EQ(contents("/init"), "new");
}

TEST_F(ArchiveLookupTest, ModeAndOwner_AreTheEntrys)
{
    Header header;
    header.mode = S_IFREG | 0750;
    header.uid = 1000;
    header.gid = 100;
    archive.entry("tool", "x", header).trailer();
    auto file = lookup("/tool");
    ASSERT_TRUE(file.has_value());
    EXPECT_EQ(file.value().mode, static_cast<u32>(S_IFREG | 0750));
    EXPECT_EQ(file.value().uid, 1000U);
    EXPECT_EQ(file.value().gid, 100U);
}

TEST_F(ArchiveLookupTest, MissingFile_IsEnoent)
{
    archive.entry("a", "x").trailer();
    EXPECT_EQ(error_of("/b"), ENOENT);
    EXPECT_EQ(error_of("/dir/b"), ENOENT);
}

TEST_F(ArchiveLookupTest, EmptyPath_IsEnoent)
{
    // path_resolution(7): "an empty pathname ... ENOENT".
    archive.trailer();
    EXPECT_EQ(error_of(""), ENOENT);
}

TEST_F(ArchiveLookupTest, AFileUsedAsADirectory_IsEnotdir)
{
    // path_resolution(7): "If the resolved inode is not a directory ...
    // ENOTDIR".
    archive.entry("file", "x").trailer();
    EXPECT_EQ(error_of("/file/more"), ENOTDIR);
}

TEST_F(ArchiveLookupTest, TrailingSlashOnAFile_IsEnotdir)
{
    archive.entry("file", "x").trailer();
    EXPECT_EQ(error_of("/file/"), ENOTDIR);
}

TEST_F(ArchiveLookupTest, DirectoryWithoutItsOwnEntry_StillExists)
{
    // An archive may list "usr/bin/env" without "usr" or "usr/bin".
    archive.entry("usr/bin/env", "e").trailer();
    EXPECT_EQ(contents("/usr/bin/env"), "e");
    auto directory = lookup("/usr/bin");
    ASSERT_TRUE(directory.has_value());
    EXPECT_TRUE(S_ISDIR(directory.value().mode));
}

TEST_F(ArchiveLookupTest, DotAndDotDot_AreWalked)
{
    archive.entry("bin/sh", "s").entry("etc/x", "x").trailer();
    EXPECT_EQ(contents("/bin/./sh"), "s");
    EXPECT_EQ(contents("/etc/../bin/sh"), "s");
    EXPECT_EQ(contents("//bin//sh"), "s");
}

TEST_F(ArchiveLookupTest, DotDotAtTheRoot_StaysAtTheRoot)
{
    // path_resolution(7): "In the root directory, .. refers to itself".
    archive.entry("init", "i").trailer();
    EXPECT_EQ(contents("/../../init"), "i");
}

TEST_F(ArchiveLookupTest, SymlinkAsTheLastComponent_IsFollowed)
{
    archive.entry("bin/busybox", "bb").symlink("bin/sh", "busybox").trailer();
    EXPECT_EQ(contents("/bin/sh"), "bb");
}

TEST_F(ArchiveLookupTest, AbsoluteSymlink_StartsAgainAtTheRoot)
{
    archive.entry("bin/busybox", "bb").symlink("sbin/init", "/bin/busybox").trailer();
    EXPECT_EQ(contents("/sbin/init"), "bb");
}

TEST_F(ArchiveLookupTest, SymlinkInTheMiddle_IsFollowedAndTheRestWalkedFromThere)
{
    // A merged /usr: "bin -> usr/bin".
    archive.entry("usr/bin/env", "e").symlink("bin", "usr/bin").trailer();
    EXPECT_EQ(contents("/bin/env"), "e");
}

TEST_F(ArchiveLookupTest, SymlinkWithDotDot_IsRelativeToItsDirectory)
{
    archive.entry("lib/ld.so", "ld").symlink("usr/lib/ld.so", "../../lib/ld.so").trailer();
    EXPECT_EQ(contents("/usr/lib/ld.so"), "ld");
}

TEST_F(ArchiveLookupTest, SymlinkLoop_IsEloop)
{
    // path_resolution(7): at most 40 symbolic links, then ELOOP.
    archive.symlink("a", "b").symlink("b", "a").trailer();
    EXPECT_EQ(error_of("/a"), ELOOP);
}

TEST_F(ArchiveLookupTest, FortySymlinks_AreFollowedAndTheFortyFirstIsEloop)
{
    archive.entry("target", "t");
    for (int i = 0; i < 40; ++i) {
        archive.symlink("l" + std::to_string(i), i == 0 ? "target" : "l" + std::to_string(i - 1));
    }
    archive.symlink("l40", "l39").trailer();
    EXPECT_EQ(contents("/l39"), "t");
    EXPECT_EQ(error_of("/l40"), ELOOP);
}

TEST_F(ArchiveLookupTest, DanglingSymlink_IsEnoent)
{
    archive.symlink("gone", "nowhere").trailer();
    EXPECT_EQ(error_of("/gone"), ENOENT);
}

TEST_F(ArchiveLookupTest, ComponentLongerThanNameMax_IsEnametoolong)
{
    archive.trailer();
    EXPECT_EQ(error_of("/" + std::string(NAME_MAX + 1, 'n')), ENAMETOOLONG);
    EXPECT_EQ(error_of("/" + std::string(NAME_MAX, 'n')), ENOENT);
}

TEST_F(ArchiveLookupTest, PathOfPathMaxBytes_IsEnametoolong)
{
    archive.trailer();
    std::string path;
    while (path.size() < PATH_MAX) {
        path += "/d";
    }
    path.resize(PATH_MAX);
    EXPECT_EQ(error_of(path), ENAMETOOLONG);
}

TEST_F(ArchiveLookupTest, CorruptArchive_IsTheReadersError)
{
    archive.append("not an archive");
    EXPECT_EQ(error_of("/init"), EINVAL);
}

} // namespace
} // namespace sirius::testing
