// open(2), openat(2) and creat(2) as Linux's fs/open.c and fs/namei.c
// (do_filp_open, may_open, do_open) have them: one test per rule. Each
// errno was checked on the host (Linux 6.x) first.
#include <sys/resource.h>

#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class OpenTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_EQ(mkdir("/d"), 0);
        make_file("/d/file", "hello");
    }
    u32 flags_of(i64 fd) { return caller().files->get(static_cast<int>(fd))->status_flags(); }
};

TEST_F(OpenTest, Open_ExistingFile_ReadsItsBytes)
{
    i64 fd = open("/d/file", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(read_fd(fd, 100), "hello");
    EXPECT_EQ(read_fd(fd, 100), "");
}

TEST_F(OpenTest, Open_ReturnsTheLowestFreeDescriptor)
{
    EXPECT_EQ(open("/d/file", O_RDONLY), 3);
    EXPECT_EQ(open("/d/file", O_RDONLY), 4);
}

TEST_F(OpenTest, Open_Missing_IsEnoent)
{
    EXPECT_EQ(open("/d/missing", O_RDONLY), -ENOENT);
}

TEST_F(OpenTest, Creat_MakesAFileWithModeLessUmask)
{
    caller().fs->set_umask(027);
    i64 fd = sys(__NR_creat, put("/d/new"), 0666);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(stat_of("/d/new").st_mode, S_IFREG | 0640u);
    EXPECT_EQ(read_fd(fd, 1), "<errno 9>"); // O_WRONLY: EBADF
}

TEST_F(OpenTest, OCreat_Existing_OpensIt)
{
    i64 fd = open("/d/file", O_RDWR | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(read_fd(fd, 100), "hello");
    EXPECT_EQ(stat_of("/d/file").st_mode & 0777, 0644u);
}

TEST_F(OpenTest, OCreatOExcl_Existing_IsEexist)
{
    // open(2): "EEXIST pathname already exists and O_CREAT and O_EXCL were used."
    EXPECT_EQ(open("/d/file", O_RDWR | O_CREAT | O_EXCL, 0600), -EEXIST);
}

TEST_F(OpenTest, OCreatOExcl_DanglingSymlink_IsEexistAndNotFollowed)
{
    ASSERT_EQ(symlink("/d/target", "/d/link"), 0);
    EXPECT_EQ(open("/d/link", O_RDWR | O_CREAT | O_EXCL, 0600), -EEXIST);
    EXPECT_FALSE(exists("/d/target"));
}

TEST_F(OpenTest, OCreat_DanglingSymlink_CreatesItsTarget)
{
    ASSERT_EQ(symlink("/d/target", "/d/link"), 0);
    EXPECT_GE(open("/d/link", O_RDWR | O_CREAT, 0600), 0);
    EXPECT_TRUE(exists("/d/target"));
}

TEST_F(OpenTest, OCreat_TrailingSlash_IsEisdir)
{
    // open_last_lookups: "trailing slashes? ... -EISDIR".
    EXPECT_EQ(open("/d/new/", O_RDWR | O_CREAT, 0600), -EISDIR);
    EXPECT_EQ(open("/d/", O_RDONLY | O_CREAT, 0600), -EISDIR);
}

TEST_F(OpenTest, OCreat_OnADirectory_IsEisdir)
{
    EXPECT_EQ(open("/d", O_RDONLY | O_CREAT, 0600), -EISDIR);
    EXPECT_EQ(open(".", O_RDONLY | O_CREAT, 0600), -EISDIR);
}

TEST_F(OpenTest, OCreat_InAnUnwritableDirectory_IsEacces)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d"), 0555), 0);
    become_user(1000);
    EXPECT_EQ(open("/d/new", O_RDWR | O_CREAT, 0600), -EACCES);
}

TEST_F(OpenTest, OCreat_NewFile_IsOwnedByTheFsuid)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d"), 0777), 0);
    become_user(1000);
    ASSERT_GE(open("/d/mine", O_RDWR | O_CREAT, 0600), 0);
    EXPECT_EQ(stat_of("/d/mine").st_uid, 1000u);
}

TEST_F(OpenTest, OCreat_InASetgidDirectory_TakesItsGroup)
{
    ASSERT_EQ(sys(__NR_chown, put("/d"), 0, 77), 0);
    ASSERT_EQ(sys(__NR_chmod, put("/d"), 02777), 0);
    ASSERT_GE(open("/d/new", O_RDWR | O_CREAT, 0600), 0);
    ASSERT_EQ(mkdir("/d/sub"), 0);
    EXPECT_EQ(stat_of("/d/new").st_gid, 77u);
    EXPECT_EQ(stat_of("/d/sub").st_gid, 77u);
    EXPECT_NE(stat_of("/d/sub").st_mode & S_ISGID, 0u);
}

TEST_F(OpenTest, OTrunc_EmptiesTheFile)
{
    ASSERT_GE(open("/d/file", O_WRONLY | O_TRUNC), 0);
    EXPECT_EQ(stat_of("/d/file").st_size, 0);
}

TEST_F(OpenTest, OTruncReadOnly_StillTruncates)
{
    // O_TRUNC with O_RDONLY is unspecified; Linux truncates (and needs
    // write permission for it).
    ASSERT_GE(open("/d/file", O_RDONLY | O_TRUNC), 0);
    EXPECT_EQ(stat_of("/d/file").st_size, 0);
}

TEST_F(OpenTest, WriteToADirectory_IsEisdir)
{
    // open(2): "EISDIR pathname refers to a directory and the access requested
    // involved writing".
    EXPECT_EQ(open("/d", O_WRONLY), -EISDIR);
    EXPECT_EQ(open("/d", O_RDWR), -EISDIR);
    EXPECT_GE(open("/d", O_RDONLY), 0);
}

TEST_F(OpenTest, ReadADirectory_IsEisdir)
{
    i64 fd = open("/d", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(read_fd(fd, 10), "<errno 21>");
}

TEST_F(OpenTest, ODirectory_OnAFile_IsEnotdir)
{
    EXPECT_EQ(open("/d/file", O_RDONLY | O_DIRECTORY), -ENOTDIR);
}

TEST_F(OpenTest, ONofollow_OnASymlink_IsEloop)
{
    // open(2): "ELOOP ... pathname was a symbolic link, and flags specified
    // O_NOFOLLOW but not O_PATH".
    ASSERT_EQ(symlink("file", "/d/link"), 0);
    EXPECT_EQ(open("/d/link", O_RDONLY | O_NOFOLLOW), -ELOOP);
    EXPECT_GE(open("/d/link", O_RDONLY | O_NOFOLLOW | O_PATH), 0);
}

TEST_F(OpenTest, ONofollow_OnlyConcernsTheLastComponent)
{
    ASSERT_EQ(symlink("/d", "/dlink"), 0);
    EXPECT_GE(open("/dlink/file", O_RDONLY | O_NOFOLLOW), 0);
}

TEST_F(OpenTest, OPath_NeitherReadsNorWrites)
{
    i64 fd = open("/d/file", O_RDWR | O_PATH);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(read_fd(fd, 10), "<errno 9>");
    EXPECT_EQ(write_fd(fd, "x"), -EBADF);
    EXPECT_EQ(flags_of(fd) & O_ACCMODE, 0u);
}

TEST_F(OpenTest, OPath_NeedsNoReadPermission)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 0), 0);
    become_user(1000);
    EXPECT_EQ(open("/d/file", O_RDONLY), -EACCES);
    EXPECT_GE(open("/d/file", O_PATH), 0);
}

TEST_F(OpenTest, ModeBits_DenyTheAccessAsked_Eacces)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 0444), 0);
    become_user(1000);
    EXPECT_GE(open("/d/file", O_RDONLY), 0);
    EXPECT_EQ(open("/d/file", O_WRONLY), -EACCES);
    EXPECT_EQ(open("/d/file", O_RDONLY | O_TRUNC), -EACCES);
}

TEST_F(OpenTest, Root_OpensAnUnreadableFile)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 0), 0);
    EXPECT_GE(open("/d/file", O_RDWR), 0);
}

TEST_F(OpenTest, OAppend_WritesAtTheEnd)
{
    i64 fd = open("/d/file", O_RDWR | O_APPEND);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write_fd(fd, "!"), 1);
    ASSERT_EQ(sys(__NR_lseek, static_cast<u64>(fd), 0, SEEK_SET), 0);
    ASSERT_EQ(write_fd(fd, "?"), 1);
    EXPECT_EQ(stat_of("/d/file").st_size, 7);
    ASSERT_EQ(sys(__NR_lseek, static_cast<u64>(fd), 0, SEEK_SET), 0);
    EXPECT_EQ(read_fd(fd, 100), "hello!?");
}

TEST_F(OpenTest, StatusFlags_KeepONonblockAndDropCreationFlags)
{
    i64 fd = open("/d/new", O_RDWR | O_CREAT | O_EXCL | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    const u32 flags = flags_of(fd);
    EXPECT_NE(flags & O_NONBLOCK, 0u);
    EXPECT_EQ(flags & (O_CREAT | O_EXCL | O_TRUNC), 0u);
    EXPECT_TRUE(caller().files->close_on_exec(static_cast<int>(fd)));
}

TEST_F(OpenTest, OTmpfile_IsEopnotsupp)
{
    EXPECT_EQ(open("/d", O_TMPFILE | O_RDWR, 0600), -EOPNOTSUPP);
    // "O_TMPFILE must be specified with one of O_RDWR or O_WRONLY".
    EXPECT_EQ(open("/d", O_TMPFILE | O_RDONLY, 0600), -EINVAL);
}

// chrdev_open: a character device opens through its driver, a number
// without one is ENXIO; block devices have no drivers (ENXIO); O_PATH
// opens neither.
TEST_F(OpenTest, DeviceNode_OpensItsDriver_OrIsEnxio)
{
    ASSERT_EQ(mknod("/d/null", S_IFCHR | 0666, makedev(1, 3)), 0);
    EXPECT_GE(open("/d/null", O_RDWR), 0);
    ASSERT_EQ(mknod("/d/none", S_IFCHR | 0666, makedev(200, 1)), 0);
    EXPECT_EQ(open("/d/none", O_RDWR), -ENXIO);
    EXPECT_GE(open("/d/none", O_PATH), 0);
    ASSERT_EQ(mknod("/d/block", S_IFBLK | 0666, makedev(7, 0)), 0);
    EXPECT_EQ(open("/d/block", O_RDWR), -ENXIO);
}

TEST_F(OpenTest, DescriptorLimit_IsEmfileBeforeTheWalk)
{
    caller().process().limits().get(RLIMIT_NOFILE).soft = 3;
    EXPECT_EQ(open("/d/missing", O_RDONLY), -EMFILE);
}

TEST_F(OpenTest, FailedOpen_LeavesNoDescriptorBehind)
{
    ASSERT_EQ(open("/d/missing", O_RDONLY), -ENOENT);
    EXPECT_EQ(open("/d/file", O_RDONLY), 3);
}

} // namespace
} // namespace sirius::testing
