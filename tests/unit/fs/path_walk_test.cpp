// Path resolution as Linux's fs/namei.c has it, through the syscalls that
// walk a name (openat, newfstatat, chdir): one test per rule of
// path_resolution(7) and the namei code. Each errno was checked on the host
// (Linux 6.x) first.
#include <linux/limits.h>

#include "core/fs/mount.h"
#include "core/fs/ramfs.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class PathWalkTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_EQ(mkdir("/a"), 0);
        ASSERT_EQ(mkdir("/a/b"), 0);
        make_file("/a/b/file", "data");
    }
    i64 stat_errno(const std::string& path, bool follow = true)
    {
        i64 error = 0;
        (void)stat_of(path, follow, &error);
        return error;
    }
};

TEST_F(PathWalkTest, Absolute_FromTheRoot_FindsTheFile)
{
    EXPECT_EQ(stat_of("/a/b/file").st_size, 4);
}

TEST_F(PathWalkTest, Relative_FromTheWorkingDirectory_FindsTheFile)
{
    ASSERT_EQ(chdir("/a"), 0);
    EXPECT_EQ(stat_of("b/file").st_size, 4);
}

TEST_F(PathWalkTest, Relative_FromADirfd_FindsTheFile)
{
    i64 dirfd = open("/a/b", O_RDONLY | O_DIRECTORY);
    ASSERT_GE(dirfd, 0);
    EXPECT_GE(openat(dirfd, "file", O_RDONLY), 0);
}

TEST_F(PathWalkTest, Relative_FromAFileDirfd_IsEnotdir)
{
    // path_init: "if (*s && unlikely(!d_can_lookup(dentry))) return -ENOTDIR".
    i64 fd = open("/a/b/file", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(openat(fd, "x", O_RDONLY), -ENOTDIR);
}

TEST_F(PathWalkTest, Relative_FromAClosedDirfd_IsEbadf)
{
    EXPECT_EQ(openat(57, "x", O_RDONLY), -EBADF);
}

TEST_F(PathWalkTest, Absolute_WithABadDirfd_IgnoresTheDirfd)
{
    EXPECT_GE(openat(57, "/a/b/file", O_RDONLY), 0);
}

TEST_F(PathWalkTest, DotAndDotDot_AreTheDirectoryAndItsParent)
{
    EXPECT_EQ(stat_of("/a/./b/../b/./file").st_size, 4);
}

TEST_F(PathWalkTest, DotDot_AtTheRoot_StaysAtTheRoot)
{
    // path_resolution(7): "In the root directory, .. is the same as .".
    EXPECT_EQ(stat_of("/../../a/b/file").st_size, 4);
}

TEST_F(PathWalkTest, MissingComponent_IsEnoent)
{
    EXPECT_EQ(stat_errno("/a/missing/file"), -ENOENT);
    EXPECT_EQ(stat_errno("/a/b/missing"), -ENOENT);
}

TEST_F(PathWalkTest, EmptyPath_IsEnoent)
{
    // path_resolution(7): "an empty pathname ... ENOENT".
    EXPECT_EQ(stat_errno(""), -ENOENT);
}

TEST_F(PathWalkTest, EmptyPath_WithAtEmptyPath_IsTheDirfdItself)
{
    i64 fd = open("/a/b/file", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(sys(__NR_newfstatat, static_cast<u64>(fd), put(""), kBuffer, AT_EMPTY_PATH), 0);
    struct stat result {};
    ASSERT_TRUE(caller_space().backing().copy_from_user(&result, UserAddress(kBuffer), sizeof(result)).has_value());
    EXPECT_EQ(result.st_size, 4);
}

TEST_F(PathWalkTest, ComponentThroughAFile_IsEnotdir)
{
    EXPECT_EQ(stat_errno("/a/b/file/x"), -ENOTDIR);
}

TEST_F(PathWalkTest, TrailingSlashOnAFile_IsEnotdir)
{
    EXPECT_EQ(stat_errno("/a/b/file/"), -ENOTDIR);
    EXPECT_EQ(open("/a/b/file/", O_RDONLY), -ENOTDIR);
}

TEST_F(PathWalkTest, TrailingSlashOnADirectory_IsTheDirectory)
{
    EXPECT_TRUE(S_ISDIR(stat_of("/a/b//").st_mode));
}

TEST_F(PathWalkTest, ComponentOverNameMax_IsEnametoolong)
{
    EXPECT_EQ(stat_errno("/a/" + std::string(NAME_MAX + 1, 'x')), -ENAMETOOLONG);
    EXPECT_EQ(stat_errno("/a/" + std::string(NAME_MAX, 'x')), -ENOENT);
}

TEST_F(PathWalkTest, PathOfPathMaxBytes_IsEnametoolong)
{
    // PATH_MAX counts the NUL: 4095 bytes are a name, 4096 are too long.
    std::string longest = "/" + std::string(PATH_MAX - 2, '/');
    EXPECT_EQ(stat_errno(longest), 0);
    EXPECT_EQ(stat_errno(longest + "/"), -ENAMETOOLONG);
}

TEST_F(PathWalkTest, NameAtAnUnmappedAddress_IsEfault)
{
    EXPECT_EQ(sys(__NR_newfstatat, kAtFdcwd, 0xdead0000, kBuffer, 0), -EFAULT);
}

TEST_F(PathWalkTest, NameRunningIntoAnUnmappedPage_IsEfault)
{
    const u64 end = kUserData + kUserDataSize;
    put_bytes(end - 3, "abc", 3);
    EXPECT_EQ(sys(__NR_newfstatat, kAtFdcwd, end - 3, kBuffer, 0), -EFAULT);
}

TEST_F(PathWalkTest, NameEndingJustBeforeAnUnmappedPage_IsRead)
{
    const u64 end = kUserData + kUserDataSize;
    put_bytes(end - 3, "/a", 3);
    EXPECT_EQ(sys(__NR_newfstatat, kAtFdcwd, end - 3, kBuffer, 0), 0);
}

TEST_F(PathWalkTest, SymlinkInTheMiddle_IsFollowed)
{
    ASSERT_EQ(symlink("b", "/a/link"), 0);
    EXPECT_EQ(stat_of("/a/link/file").st_size, 4);
    ASSERT_EQ(symlink("/a/b", "/abs"), 0);
    EXPECT_EQ(stat_of("/abs/file").st_size, 4);
}

TEST_F(PathWalkTest, LastSymlink_IsFollowedUnlessNofollow)
{
    ASSERT_EQ(symlink("b/file", "/a/link"), 0);
    EXPECT_TRUE(S_ISREG(stat_of("/a/link").st_mode));
    EXPECT_TRUE(S_ISLNK(stat_of("/a/link", false).st_mode));
}

TEST_F(PathWalkTest, SymlinkWithTrailingSlash_IsFollowedEvenForLstat)
{
    ASSERT_EQ(symlink("b", "/a/link"), 0);
    EXPECT_TRUE(S_ISDIR(stat_of("/a/link/", false).st_mode));
}

TEST_F(PathWalkTest, FortySymlinks_AreFollowed_FortyOne_AreEloop)
{
    // MAXSYMLINKS is 40: "ELOOP Too many symbolic links were encountered".
    ASSERT_EQ(symlink("/a/b/file", "/l0"), 0);
    for (int i = 1; i <= 40; ++i) {
        ASSERT_EQ(symlink("/l" + std::to_string(i - 1), "/l" + std::to_string(i)), 0);
    }
    EXPECT_EQ(stat_errno("/l39"), 0); // 40 links
    EXPECT_EQ(stat_errno("/l40"), -ELOOP); // 41 links
}

TEST_F(PathWalkTest, SymlinkLoop_IsEloop)
{
    ASSERT_EQ(symlink("/loop2", "/loop1"), 0);
    ASSERT_EQ(symlink("/loop1", "/loop2"), 0);
    EXPECT_EQ(stat_errno("/loop1"), -ELOOP);
    EXPECT_EQ(stat_errno("/loop1", false), 0);
}

TEST_F(PathWalkTest, DanglingSymlink_IsEnoent)
{
    ASSERT_EQ(symlink("/nowhere", "/dangling"), 0);
    EXPECT_EQ(stat_errno("/dangling"), -ENOENT);
}

TEST_F(PathWalkTest, DirectoryWithoutSearchPermission_IsEacces)
{
    // path_resolution(7): "If the process does not have search permission
    // on the current lookup directory, an EACCES error is returned".
    ASSERT_EQ(sys(__NR_chmod, put("/a/b"), 0600), 0);
    become_user(1000);
    EXPECT_EQ(stat_errno("/a/b/file"), -EACCES);
}

TEST_F(PathWalkTest, DirectoryWithoutSearchPermission_IsSearchedWithCapDacReadSearch)
{
    ASSERT_EQ(sys(__NR_chmod, put("/a/b"), 0600), 0);
    proc::CapabilitySet caps;
    caps.add(CAP_DAC_READ_SEARCH);
    become_user(1000, caps);
    EXPECT_EQ(stat_errno("/a/b/file"), 0);
}

TEST_F(PathWalkTest, DirectoryWithoutSearchPermission_IsSearchedWithCapDacOverride)
{
    ASSERT_EQ(sys(__NR_chmod, put("/a/b"), 0), 0);
    proc::CapabilitySet caps;
    caps.add(CAP_DAC_OVERRIDE);
    become_user(1000, caps);
    EXPECT_EQ(stat_errno("/a/b/file"), 0);
}

TEST_F(PathWalkTest, GroupSearchBit_CountsForTheFsgidAndSupplementaryGroups)
{
    ASSERT_EQ(sys(__NR_chown, put("/a/b"), 0, 50), 0);
    ASSERT_EQ(sys(__NR_chmod, put("/a/b"), 0710), 0);
    become_user(1000);
    EXPECT_EQ(stat_errno("/a/b/file"), -EACCES);
    ASSERT_OK_AND_ASSIGN(auto credentials, caller().credentials->clone());
    ASSERT_TRUE(credentials->groups.try_append(50u).has_value());
    caller().credentials = credentials;
    EXPECT_EQ(stat_errno("/a/b/file"), 0);
}

TEST_F(PathWalkTest, Mount_IsEnteredAtItsMountpointAndLeftByDotDot)
{
    // A second tmpfs on /a: its root hides /a's contents; ".." from it is /.
    auto& mounts = kernel->mounts();
    ASSERT_OK_AND_ASSIGN(auto super_block, fs::RamfsSuperBlock::create(kernel->mount_numbers().allocate_device(), 01777, kernel->file_time()));
    fs::Path root = mounts.root();
    fs::Path at { root.mount, root.dentry->find_child(fs::Name { reinterpret_cast<const u8*>("a"), 1 }) };
    ASSERT_TRUE(mounts.mount(at, super_block).has_value());
    EXPECT_EQ(stat_errno("/a/b"), -ENOENT);
    EXPECT_EQ(stat_of("/a").st_mode & 07777, 01777u);
    EXPECT_NE(stat_of("/a").st_dev, stat_of("/").st_dev);
    EXPECT_EQ(stat_of("/a/..").st_ino, stat_of("/").st_ino);
    ASSERT_EQ(chdir("/a"), 0);
    EXPECT_EQ(getcwd(), "/a");
    EXPECT_EQ(rmdir("/a"), -EBUSY);
}

} // namespace
} // namespace sirius::testing
