// The memory file system: file bytes in pages (holes read as zeros, a
// shrink clears what a later grow shows, allocation failures are ENOMEM),
// and the initramfs unpacked into it as Linux's init/initramfs.c does.
// archive_builder.h first: it needs <linux/stat.h> before glibc's headers.
#include "tests/unit/support/archive_builder.h"

// The rest after it.
#include "core/fs/page_data.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

std::string read_data(const fs::PageData& data, u64 size, u64 offset, usize count)
{
    std::string bytes(count, '?');
    auto got = data.read(size, offset, fs::IoBuffer::kernel(reinterpret_cast<u8*>(bytes.data())), count);
    EXPECT_TRUE(got.has_value());
    bytes.resize(got.value());
    return bytes;
}

Result<usize> write_data(fs::PageData& data, u64 offset, std::string bytes)
{
    return data.write(offset, fs::IoBuffer::kernel(reinterpret_cast<u8*>(bytes.data())), bytes.size());
}

TEST(PageDataTest, Hole_ReadsAsZeros_AndTakesNoPage)
{
    fs::PageData data;
    ASSERT_TRUE(write_data(data, 3 * 4096, "x").has_value());
    EXPECT_EQ(data.allocated_pages(), 1u);
    EXPECT_EQ(read_data(data, 3 * 4096 + 1, 4094, 4), std::string(4, '\0'));
    EXPECT_EQ(read_data(data, 3 * 4096 + 1, 3 * 4096, 10), "x");
}

TEST(PageDataTest, WriteAcrossPages_ReadsBack)
{
    fs::PageData data;
    std::string text(5000, 'a');
    text[4095] = 'b';
    text[4096] = 'c';
    ASSERT_EQ(write_data(data, 100, text).value(), 5000u);
    EXPECT_EQ(read_data(data, 5100, 100, 5000), text);
}

TEST(PageDataTest, ShrinkThenGrow_ReadsZerosWhereDataWas)
{
    fs::PageData data;
    ASSERT_TRUE(write_data(data, 0, std::string(6000, 'z')).has_value());
    ASSERT_TRUE(data.truncate(6000, 10).has_value());
    EXPECT_EQ(data.allocated_pages(), 1u);
    EXPECT_EQ(read_data(data, 6000, 8, 4), std::string("zz\0\0", 4));
}

TEST(PageDataTest, AllocationFailure_IsEnomem_WhenNothingMoved)
{
    fs::PageData data;
    host::AllocationFailureScope failure(0, true);
    auto written = write_data(data, 0, "abc");
    ASSERT_TRUE(written.is_error());
    EXPECT_EQ(written.error().code(), ENOMEM);
}

class InitramfsTest : public VfsTest {
protected:
    void unpack(ArchiveBuilder& archive)
    {
        archive.trailer();
        bytes = std::string(archive.bytes().begin(), archive.bytes().end());
        ASSERT_TRUE(kernel->unpack_initramfs({ reinterpret_cast<const u8*>(bytes.data()), bytes.size() }).has_value());
    }
    std::string bytes;
};

TEST_F(InitramfsTest, Entries_BecomeFilesWithTheirModesOwnersAndTimes)
{
    ArchiveBuilder archive;
    Header directory;
    directory.mode = S_IFDIR | 0750;
    directory.mtime = 1000;
    directory.nlink = 2;
    Header file;
    file.mode = S_IFREG | 0604;
    file.uid = 12;
    file.gid = 34;
    file.mtime = 2000;
    Header node;
    node.mode = S_IFCHR | 0600;
    node.rdev_major = 5;
    node.rdev_minor = 1;
    archive.entry("dir", "", directory).entry("dir/file", "contents", file).symlink("dir/link", "file").entry("dir/console", "", node);
    unpack(archive);
    EXPECT_EQ(stat_of("/dir").st_mode, S_IFDIR | 0750u);
    EXPECT_EQ(stat_of("/dir").st_mtime, 1000);
    struct stat regular = stat_of("/dir/file");
    EXPECT_EQ(regular.st_mode, S_IFREG | 0604u);
    EXPECT_EQ(regular.st_uid, 12u);
    EXPECT_EQ(regular.st_gid, 34u);
    EXPECT_EQ(regular.st_size, 8);
    EXPECT_EQ(regular.st_mtime, 2000);
    EXPECT_EQ(stat_of("/dir/link").st_ino, regular.st_ino);
    EXPECT_EQ(stat_of("/dir/console").st_rdev, makedev(5, 1));
}

TEST_F(InitramfsTest, HardLinks_ShareOneInodeWithTheLastLinksData)
{
    ArchiveBuilder archive;
    Header first;
    first.ino = 7;
    first.nlink = 2;
    Header second = first;
    archive.entry("a", "", first).entry("b", "shared", second);
    unpack(archive);
    EXPECT_EQ(stat_of("/a").st_ino, stat_of("/b").st_ino);
    EXPECT_EQ(stat_of("/a").st_nlink, 2u);
    EXPECT_EQ(stat_of("/a").st_size, 6);
}

TEST_F(InitramfsTest, EntryWithoutItsParent_IsSkippedAsLinuxDoes)
{
    ArchiveBuilder archive;
    archive.entry("missing/file", "x").entry("kept", "y");
    unpack(archive);
    EXPECT_FALSE(exists("/missing/file"));
    EXPECT_TRUE(exists("/kept"));
}

TEST_F(InitramfsTest, LaterFileOverAnEmptyDirectory_ReplacesIt)
{
    // do_name: "clean_path(collected, mode)" before a non-directory.
    ArchiveBuilder archive;
    archive.directory("x").entry("x", "file");
    unpack(archive);
    EXPECT_TRUE(S_ISREG(stat_of("/x").st_mode));
}

TEST_F(InitramfsTest, LaterDirectoryOverAFile_KeepsTheFileAsLinuxDoes)
{
    // do_name makes a directory with init_mkdir alone (EEXIST ignored),
    // then applies its owner and mode to what is there.
    ArchiveBuilder archive;
    archive.entry("x", "file").directory("x");
    unpack(archive);
    EXPECT_EQ(stat_of("/x").st_mode, S_IFREG | 0755u);
}

// tmpfs directories have a size, as `ls -l` and stat(1) show on Linux:
// mm/shmem.c's BOGO_DIRENT_SIZE (20) per entry, two of them for "." and
// "..". ramfs proper (simple_link, simple_unlink) would keep 0; Sirius's
// ramfs is the root tmpfs.
class TmpfsDirectorySizeTest : public VfsTest {
protected:
    i64 size_of(const std::string& path) { return stat_of(path, false).st_size; }
};

TEST_F(TmpfsDirectorySizeTest, Tmpfs_NewDirectory_IsTwoBogoDirents)
{
    ASSERT_EQ(mkdir("/d"), 0);
    EXPECT_EQ(size_of("/d"), 40);
}

TEST_F(TmpfsDirectorySizeTest, Tmpfs_EveryKindOfEntry_AddsOneBogoDirent_AndRemovingTakesItBack)
{
    ASSERT_EQ(mkdir("/d"), 0);
    make_file("/d/file");
    ASSERT_EQ(mkdir("/d/sub"), 0);
    ASSERT_EQ(symlink("file", "/d/link"), 0);
    ASSERT_EQ(mknod("/d/fifo", S_IFIFO | 0644), 0);
    ASSERT_EQ(link("/d/file", "/d/hard"), 0);
    EXPECT_EQ(size_of("/d"), 40 + 5 * 20);
    ASSERT_EQ(unlink("/d/hard"), 0);
    ASSERT_EQ(rmdir("/d/sub"), 0);
    EXPECT_EQ(size_of("/d"), 40 + 3 * 20);
    // A regular file's size is its bytes, not an entry count.
    EXPECT_EQ(size_of("/d/file"), 0);
}

TEST_F(TmpfsDirectorySizeTest, Tmpfs_Rename_MovesOneBogoDirent_ExchangeMovesNone)
{
    ASSERT_EQ(mkdir("/a"), 0);
    ASSERT_EQ(mkdir("/b"), 0);
    make_file("/a/one");
    make_file("/a/two");
    make_file("/b/three");
    // shmem_rename2: "old_dir->i_size -= BOGO_DIRENT_SIZE; new_dir->i_size
    // += BOGO_DIRENT_SIZE;"
    ASSERT_EQ(rename("/a/one", "/b/one"), 0);
    EXPECT_EQ(size_of("/a"), 60);
    EXPECT_EQ(size_of("/b"), 80);
    // Over an existing name: the replaced entry goes (shmem_unlink).
    ASSERT_EQ(rename("/a/two", "/b/three"), 0);
    EXPECT_EQ(size_of("/a"), 40);
    EXPECT_EQ(size_of("/b"), 80);
    // Within one directory nothing changes.
    ASSERT_EQ(rename("/b/one", "/b/uno"), 0);
    EXPECT_EQ(size_of("/b"), 80);
    // RENAME_EXCHANGE (simple_rename_exchange) keeps both sizes.
    make_file("/a/four");
    ASSERT_EQ(rename("/a/four", "/b/uno", RENAME_EXCHANGE), 0);
    EXPECT_EQ(size_of("/a"), 60);
    EXPECT_EQ(size_of("/b"), 80);
}

} // namespace
} // namespace sirius::testing
