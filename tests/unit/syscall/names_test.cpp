// mkdir, mknod, unlink, rmdir, rename, link, symlink and readlink as Linux's
// fs/namei.c has them (filename_create, do_unlinkat, do_rmdir,
// do_renameat2, do_linkat, do_readlinkat): one test per rule. Each errno
// was checked on the host (Linux 6.x) first.
#include <stdio.h>

#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class NamesTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_EQ(mkdir("/d"), 0);
        make_file("/d/file", "abc");
    }
    std::string readlink(const std::string& path, u64 size = 100)
    {
        i64 got = sys(__NR_readlink, put(path), kBuffer, size);
        if (got < 0) {
            return "<errno " + std::to_string(-got) + ">";
        }
        return load(kBuffer, static_cast<usize>(got));
    }
};

// --- mkdir --------------------------------------------------------------------

TEST_F(NamesTest, Mkdir_ModeLessUmask_AndLinkCounts)
{
    caller().fs->set_umask(022);
    ASSERT_EQ(mkdir("/d/sub", 0777), 0);
    EXPECT_EQ(stat_of("/d/sub").st_mode, S_IFDIR | 0755u);
    EXPECT_EQ(stat_of("/d/sub").st_nlink, 2u);
    EXPECT_EQ(stat_of("/d").st_nlink, 3u);
}

TEST_F(NamesTest, Mkdir_Existing_IsEexist)
{
    EXPECT_EQ(mkdir("/d"), -EEXIST);
    EXPECT_EQ(mkdir("/d/file"), -EEXIST);
    // filename_create: "if (unlikely(type != LAST_NORM)) goto out" (EEXIST).
    EXPECT_EQ(mkdir("/d/."), -EEXIST);
    EXPECT_EQ(mkdir("/"), -EEXIST);
}

TEST_F(NamesTest, Mkdir_TrailingSlash_IsAllowed)
{
    EXPECT_EQ(mkdir("/d/sub/"), 0);
}

TEST_F(NamesTest, Mkdir_MissingParent_IsEnoent)
{
    EXPECT_EQ(mkdir("/d/missing/sub"), -ENOENT);
}

TEST_F(NamesTest, Mkdir_InAnUnwritableDirectory_IsEacces)
{
    become_user(1000);
    EXPECT_EQ(mkdir("/d/sub"), -EACCES);
}

TEST_F(NamesTest, Mkdir_ExistingInAnUnwritableDirectory_IsEexist)
{
    become_user(1000);
    EXPECT_EQ(mkdir("/d/file"), -EEXIST);
}

TEST_F(NamesTest, Mkdir_InARemovedDirectory_IsEnoent)
{
    ASSERT_EQ(mkdir("/d/gone"), 0);
    ASSERT_EQ(chdir("/d/gone"), 0);
    ASSERT_EQ(rmdir("/d/gone"), 0);
    EXPECT_EQ(mkdir("sub"), -ENOENT);
}

// --- mknod --------------------------------------------------------------------

TEST_F(NamesTest, Mknod_Directory_IsEperm)
{
    // mknod(2): "EPERM ... if the file type is directory".
    EXPECT_EQ(mknod("/d/x", S_IFDIR | 0755), -EPERM);
}

TEST_F(NamesTest, Mknod_UnknownType_IsEinval)
{
    EXPECT_EQ(mknod("/d/x", 0170000 | 0644), -EINVAL);
}

TEST_F(NamesTest, Mknod_TypeZero_IsARegularFile)
{
    ASSERT_EQ(mknod("/d/x", 0644), 0);
    EXPECT_TRUE(S_ISREG(stat_of("/d/x").st_mode));
}

TEST_F(NamesTest, Mknod_CharacterDevice_KeepsItsNumber)
{
    ASSERT_EQ(mknod("/d/null", S_IFCHR | 0666, makedev(1, 3)), 0);
    EXPECT_EQ(stat_of("/d/null").st_rdev, makedev(1, 3));
}

TEST_F(NamesTest, Mknod_DeviceWithoutCapMknod_IsEperm)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d"), 0777), 0);
    become_user(1000);
    EXPECT_EQ(mknod("/d/null", S_IFCHR | 0666, makedev(1, 3)), -EPERM);
    EXPECT_EQ(mknod("/d/fifo", S_IFIFO | 0666), 0);
}

TEST_F(NamesTest, Mknod_TrailingSlash_IsEnoent)
{
    EXPECT_EQ(mknod("/d/fifo/", S_IFIFO | 0666), -ENOENT);
}

// --- unlink and rmdir -----------------------------------------------------------

TEST_F(NamesTest, Unlink_RemovesTheName)
{
    ASSERT_EQ(unlink("/d/file"), 0);
    EXPECT_FALSE(exists("/d/file"));
}

TEST_F(NamesTest, Unlink_OpenFile_StaysReadable)
{
    i64 fd = open("/d/file", O_RDONLY);
    ASSERT_EQ(unlink("/d/file"), 0);
    EXPECT_EQ(read_fd(fd, 10), "abc");
}

TEST_F(NamesTest, Unlink_Directory_IsEisdir)
{
    EXPECT_EQ(unlink("/d"), -EISDIR);
    EXPECT_EQ(unlink("/d/."), -EISDIR);
}

TEST_F(NamesTest, Unlink_TrailingSlash_IsEnotdirOrEisdir)
{
    EXPECT_EQ(unlink("/d/file/"), -ENOTDIR);
    EXPECT_EQ(unlink("/d/"), -EISDIR);
    EXPECT_EQ(unlink("/d/missing/"), -ENOENT);
}

TEST_F(NamesTest, Unlink_AtRemovedir_RemovesADirectory)
{
    ASSERT_EQ(mkdir("/d/sub"), 0);
    EXPECT_EQ(sys(__NR_unlinkat, kAtFdcwd, put("/d/sub"), AT_REMOVEDIR), 0);
    EXPECT_EQ(sys(__NR_unlinkat, kAtFdcwd, put("/d/file"), 0x1), -EINVAL);
}

TEST_F(NamesTest, Rmdir_Dot_IsEinval_DotDot_IsEnotempty_Root_IsEbusy)
{
    // rmdir(2): "EINVAL pathname has . as last component", "ENOTEMPTY
    // pathname contains .. as its final component", "EBUSY pathname is ...
    // the root directory".
    EXPECT_EQ(rmdir("/d/."), -EINVAL);
    EXPECT_EQ(rmdir("/d/.."), -ENOTEMPTY);
    EXPECT_EQ(rmdir("/"), -EBUSY);
}

TEST_F(NamesTest, Rmdir_NonEmpty_IsEnotempty)
{
    EXPECT_EQ(rmdir("/d"), -ENOTEMPTY);
}

TEST_F(NamesTest, Rmdir_File_IsEnotdir)
{
    EXPECT_EQ(rmdir("/d/file"), -ENOTDIR);
}

TEST_F(NamesTest, Rmdir_DropsTheParentsLinkCount)
{
    ASSERT_EQ(mkdir("/d/sub"), 0);
    ASSERT_EQ(rmdir("/d/sub"), 0);
    EXPECT_EQ(stat_of("/d").st_nlink, 2u);
}

TEST_F(NamesTest, Unlink_InAStickyDirectory_OnlyByTheOwner_IsEperm)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d"), 01777), 0);
    become_user(1000);
    EXPECT_EQ(unlink("/d/file"), -EPERM);
}

TEST_F(NamesTest, Unlink_InAnUnwritableDirectory_IsEacces)
{
    become_user(1000);
    EXPECT_EQ(unlink("/d/file"), -EACCES);
}

// --- symlink and readlink ---------------------------------------------------------

TEST_F(NamesTest, Symlink_StoresTheTargetAsGiven)
{
    ASSERT_EQ(symlink("../anything/at all", "/d/link"), 0);
    EXPECT_EQ(readlink("/d/link"), "../anything/at all");
    EXPECT_EQ(stat_of("/d/link", false).st_mode, S_IFLNK | 0777u);
    EXPECT_EQ(stat_of("/d/link", false).st_size, 18);
}

TEST_F(NamesTest, Symlink_EmptyTarget_IsEnoent)
{
    EXPECT_EQ(symlink("", "/d/link"), -ENOENT);
}

TEST_F(NamesTest, Symlink_Existing_IsEexist)
{
    EXPECT_EQ(symlink("x", "/d/file"), -EEXIST);
}

TEST_F(NamesTest, Readlink_Truncates_WithoutANul)
{
    ASSERT_EQ(symlink("abcdef", "/d/link"), 0);
    put("XXXXXXXX", kBuffer);
    EXPECT_EQ(sys(__NR_readlink, put("/d/link"), kBuffer, 3), 3);
    EXPECT_EQ(load(kBuffer, 5), "abcXX");
}

TEST_F(NamesTest, Readlink_NotALink_IsEinval)
{
    EXPECT_EQ(readlink("/d/file"), "<errno 22>");
}

TEST_F(NamesTest, Readlink_ZeroSize_IsEinval)
{
    ASSERT_EQ(symlink("abc", "/d/link"), 0);
    EXPECT_EQ(sys(__NR_readlink, put("/d/link"), kBuffer, 0), -EINVAL);
}

// --- link --------------------------------------------------------------------

TEST_F(NamesTest, Link_SharesTheInode)
{
    ASSERT_EQ(link("/d/file", "/d/other"), 0);
    EXPECT_EQ(stat_of("/d/other").st_ino, stat_of("/d/file").st_ino);
    EXPECT_EQ(stat_of("/d/file").st_nlink, 2u);
    ASSERT_EQ(unlink("/d/file"), 0);
    EXPECT_EQ(stat_of("/d/other").st_nlink, 1u);
}

TEST_F(NamesTest, Link_Directory_IsEperm)
{
    EXPECT_EQ(link("/d", "/d2"), -EPERM);
}

TEST_F(NamesTest, Link_Existing_IsEexist)
{
    EXPECT_EQ(link("/d/file", "/d/file"), -EEXIST);
}

TEST_F(NamesTest, Link_DoesNotFollowASymlinkUnlessAsked)
{
    ASSERT_EQ(symlink("file", "/d/link"), 0);
    ASSERT_EQ(link("/d/link", "/d/hard"), 0);
    EXPECT_TRUE(S_ISLNK(stat_of("/d/hard", false).st_mode));
    EXPECT_EQ(sys(__NR_linkat, kAtFdcwd, put("/d/link"), kAtFdcwd, put("/d/hard2", kPath2), AT_SYMLINK_FOLLOW), 0);
    EXPECT_TRUE(S_ISREG(stat_of("/d/hard2", false).st_mode));
}

TEST_F(NamesTest, Link_SomeoneElsesUnreadableFile_IsEpermByProtectedHardlinks)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d"), 0777), 0);
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 0600), 0);
    become_user(1000);
    EXPECT_EQ(link("/d/file", "/d/mine"), -EPERM);
}

TEST_F(NamesTest, Linkat_UnknownFlags_IsEinval)
{
    EXPECT_EQ(sys(__NR_linkat, kAtFdcwd, put("/d/file"), kAtFdcwd, put("/d/x", kPath2), 0x1), -EINVAL);
}

// --- rename ------------------------------------------------------------------

TEST_F(NamesTest, Rename_MovesTheName)
{
    ASSERT_EQ(mkdir("/e"), 0);
    ASSERT_EQ(rename("/d/file", "/e/moved"), 0);
    EXPECT_FALSE(exists("/d/file"));
    EXPECT_EQ(stat_of("/e/moved").st_size, 3);
}

TEST_F(NamesTest, Rename_OverAFile_ReplacesIt)
{
    make_file("/d/other", "xy");
    ASSERT_EQ(rename("/d/file", "/d/other"), 0);
    EXPECT_EQ(stat_of("/d/other").st_size, 3);
}

TEST_F(NamesTest, Rename_Noreplace_Existing_IsEexist)
{
    make_file("/d/other", "xy");
    EXPECT_EQ(rename("/d/file", "/d/other", RENAME_NOREPLACE), -EEXIST);
}

TEST_F(NamesTest, Rename_NoreplaceWithExchange_IsEinval)
{
    EXPECT_EQ(rename("/d/file", "/d/other", RENAME_NOREPLACE | RENAME_EXCHANGE), -EINVAL);
    EXPECT_EQ(rename("/d/file", "/d/other", 0x100), -EINVAL);
}

TEST_F(NamesTest, Rename_Exchange_SwapsTheNames)
{
    ASSERT_EQ(mkdir("/d/sub"), 0);
    ASSERT_EQ(rename("/d/file", "/d/sub", RENAME_EXCHANGE), 0);
    EXPECT_TRUE(S_ISDIR(stat_of("/d/file").st_mode));
    EXPECT_TRUE(S_ISREG(stat_of("/d/sub").st_mode));
}

TEST_F(NamesTest, Rename_ExchangeWithMissingTarget_IsEnoent)
{
    EXPECT_EQ(rename("/d/file", "/d/missing", RENAME_EXCHANGE), -ENOENT);
}

TEST_F(NamesTest, Rename_DirectoryIntoItself_IsEinval)
{
    // rename(2): "EINVAL The new pathname contained a path prefix of the old".
    ASSERT_EQ(mkdir("/d/sub"), 0);
    EXPECT_EQ(rename("/d", "/d/sub/inside"), -EINVAL);
}

TEST_F(NamesTest, Rename_OverANonEmptyDirectory_IsEnotempty)
{
    ASSERT_EQ(mkdir("/e"), 0);
    EXPECT_EQ(rename("/e", "/d"), -ENOTEMPTY);
}

TEST_F(NamesTest, Rename_DirectoryOverAFile_IsEnotdir_FileOverADirectory_IsEisdir)
{
    ASSERT_EQ(mkdir("/e"), 0);
    EXPECT_EQ(rename("/e", "/d/file"), -ENOTDIR);
    EXPECT_EQ(rename("/d/file", "/e"), -EISDIR);
}

TEST_F(NamesTest, Rename_DotOrDotDot_IsEbusy)
{
    EXPECT_EQ(rename("/d/.", "/x"), -EBUSY);
    EXPECT_EQ(rename("/d/file", "/d/.."), -EBUSY);
}

TEST_F(NamesTest, Rename_FileWithTrailingSlash_IsEnotdir)
{
    EXPECT_EQ(rename("/d/file/", "/d/x"), -ENOTDIR);
    EXPECT_EQ(rename("/d/file", "/d/x/"), -ENOTDIR);
}

TEST_F(NamesTest, Rename_SameFile_IsANoOp)
{
    ASSERT_EQ(link("/d/file", "/d/hard"), 0);
    EXPECT_EQ(rename("/d/file", "/d/hard"), 0);
    EXPECT_TRUE(exists("/d/file"));
}

TEST_F(NamesTest, Rename_DirectoryToAnotherParent_MovesTheLinkCount)
{
    ASSERT_EQ(mkdir("/d/sub"), 0);
    ASSERT_EQ(mkdir("/e"), 0);
    ASSERT_EQ(rename("/d/sub", "/e/sub"), 0);
    EXPECT_EQ(stat_of("/d").st_nlink, 2u);
    EXPECT_EQ(stat_of("/e").st_nlink, 3u);
    EXPECT_EQ(stat_of("/e/sub/..").st_ino, stat_of("/e").st_ino);
}

TEST_F(NamesTest, Rename_Whiteout_LeavesACharacterDeviceZero)
{
    ASSERT_EQ(rename("/d/file", "/d/moved", RENAME_WHITEOUT), 0);
    EXPECT_TRUE(S_ISCHR(stat_of("/d/file", false).st_mode));
    EXPECT_EQ(stat_of("/d/file", false).st_rdev, 0u);
}

TEST_F(NamesTest, Rename_WhiteoutWithoutCapMknod_IsEperm)
{
    become_user(1000);
    EXPECT_EQ(rename("/d/file", "/d/moved", RENAME_WHITEOUT), -EPERM);
}

} // namespace
} // namespace sirius::testing
