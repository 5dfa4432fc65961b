// mount(2), umount2(2), statfs(2) and fstatfs(2) as Linux's fs/namespace.c
// (path_mount, do_new_mount, do_loopback, path_umount) and fs/statfs.c
// have them: one test per rule. Each errno was checked on the host
// (Linux 6.x, as root) first.
#include <cstring>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class MountTest : public VfsTest {
protected:
    static constexpr u64 kType = kUserData + 0x3000;
    static constexpr u64 kSource = kUserData + 0x3100;
    static constexpr u64 kData = kUserData + 0x3200;

    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_TRUE(kernel->mount_boot_file_systems().has_value());
        ASSERT_EQ(mkdir("/mnt"), 0);
    }
    i64 mount(const std::string& source, const std::string& target, const char* type, u64 flags, const char* data = nullptr)
    {
        put(source, kSource);
        put(target, kPath);
        if (type != nullptr) {
            put(type, kType);
        }
        if (data != nullptr) {
            put(data, kData);
        }
        return sys(__NR_mount, kSource, kPath, type != nullptr ? kType : 0, flags, data != nullptr ? kData : 0);
    }
    i64 umount(const std::string& target, u64 flags = 0) { return sys(__NR_umount2, put(target), flags); }
    struct statfs statfs_of(const std::string& path)
    {
        struct statfs result {};
        EXPECT_EQ(sys(__NR_statfs, put(path), kBuffer), 0) << path;
        std::string bytes = load(kBuffer, sizeof(result));
        std::memcpy(&result, bytes.data(), sizeof(result));
        return result;
    }
    std::string read_file(const std::string& path)
    {
        i64 fd = open(path, O_RDONLY);
        if (fd < 0) {
            return "<errno " + std::to_string(-fd) + ">";
        }
        std::string text = read_fd(fd, kBufferSize);
        close(fd);
        return text;
    }
};

TEST_F(MountTest, Mount_Tmpfs_ShowsAnEmptyDirectoryThere)
{
    make_file("/mnt/hidden");
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    EXPECT_FALSE(exists("/mnt/hidden"));
    make_file("/mnt/new");
    ASSERT_EQ(umount("/mnt"), 0);
    EXPECT_TRUE(exists("/mnt/hidden"));
    EXPECT_FALSE(exists("/mnt/new"));
}

// get_fs_type: "if (!type) return -ENODEV".
TEST_F(MountTest, Mount_UnknownType_IsEnodev)
{
    EXPECT_EQ(mount("none", "/mnt", "nosuchfs", 0), -ENODEV);
}

// do_new_mount: "if (!fstype) return -EINVAL".
TEST_F(MountTest, Mount_WithoutType_IsEinval)
{
    EXPECT_EQ(mount("none", "/mnt", nullptr, 0), -EINVAL);
}

TEST_F(MountTest, Mount_MissingTarget_IsEnoent)
{
    EXPECT_EQ(mount("none", "/missing", "tmpfs", 0), -ENOENT);
}

// graft_tree: a directory cannot go on a file.
TEST_F(MountTest, Mount_OnAFile_IsEnotdir)
{
    make_file("/file");
    EXPECT_EQ(mount("none", "/file", "tmpfs", 0), -ENOTDIR);
}

// path_mount: "if (flags & MS_NOUSER) return -EINVAL".
TEST_F(MountTest, Mount_MsNouser_IsEinval)
{
    EXPECT_EQ(mount("none", "/mnt", "tmpfs", MS_NOUSER), -EINVAL);
}

// may_mount: CAP_SYS_ADMIN in the mount namespace's user namespace; the
// target is looked up first.
TEST_F(MountTest, Mount_Unprivileged_IsEperm_AfterTheLookup)
{
    become_user(1000);
    EXPECT_EQ(mount("none", "/missing", "tmpfs", 0), -ENOENT);
    EXPECT_EQ(mount("none", "/mnt", "tmpfs", 0), -EPERM);
}

// shmem_parse_one: "tmpfs: Unknown parameter" is EINVAL.
TEST_F(MountTest, Mount_TmpfsUnknownOption_IsEinval)
{
    EXPECT_EQ(mount("none", "/mnt", "tmpfs", 0, "bogus=1"), -EINVAL);
    EXPECT_EQ(mount("none", "/mnt", "tmpfs", 0, "mode=9"), -EINVAL);
}

TEST_F(MountTest, Mount_TmpfsModeUidGid_SetTheRoot)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0, "mode=0710,uid=5,gid=6,size=1m"), 0);
    struct stat st = stat_of("/mnt");
    EXPECT_EQ(st.st_mode & 07777, 0710U);
    EXPECT_EQ(st.st_uid, 5U);
    EXPECT_EQ(st.st_gid, 6U);
    struct statfs fs = statfs_of("/mnt");
    EXPECT_EQ(fs.f_blocks, 256);
}

// /proc/mounts: "source target type options 0 0", options as
// show_mnt_opts then shmem_show_options.
TEST_F(MountTest, ProcMounts_ShowsTheNewMountInLinuxFormat)
{
    ASSERT_EQ(mount("mytmp", "/mnt", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=4k"), 0);
    const std::string mounts = read_file("/proc/mounts");
    EXPECT_NE(mounts.find("mytmp /mnt tmpfs rw,nosuid,nodev,relatime,size=4k,mode=755 0 0\n"), std::string::npos) << mounts;
    EXPECT_NE(mounts.find("proc /proc proc rw,relatime 0 0\n"), std::string::npos) << mounts;
}

TEST_F(MountTest, Mount_Proc_ListsProcesses)
{
    ASSERT_EQ(mount("proc", "/mnt", "proc", 0), 0);
    EXPECT_TRUE(exists("/mnt/self/status"));
    EXPECT_TRUE(exists("/mnt/1/stat"));
}

TEST_F(MountTest, Mount_Devtmpfs_ShowsTheSameNodes)
{
    ASSERT_EQ(mount("devtmpfs", "/mnt", "devtmpfs", 0), 0);
    EXPECT_TRUE(exists("/mnt/null"));
    ASSERT_EQ(umount("/mnt"), 0);
    EXPECT_TRUE(exists("/dev/null"));
}

// do_loopback: "if (!old_name || !*old_name) return -EINVAL".
TEST_F(MountTest, Bind_EmptySource_IsEinval)
{
    EXPECT_EQ(mount("", "/mnt", nullptr, MS_BIND), -EINVAL);
}

TEST_F(MountTest, Bind_ShowsTheSourceDirectory)
{
    ASSERT_EQ(mkdir("/src"), 0);
    make_file("/src/f", "data");
    ASSERT_EQ(mount("/src", "/mnt", nullptr, MS_BIND), 0);
    EXPECT_EQ(read_file("/mnt/f"), "data");
    make_file("/mnt/g");
    EXPECT_TRUE(exists("/src/g"));
    EXPECT_EQ(umount("/mnt"), 0);
    EXPECT_TRUE(exists("/src/g"));
}

// graft_tree: a file bound over a directory is ENOTDIR.
TEST_F(MountTest, Bind_FileOnDirectory_IsEnotdir)
{
    make_file("/file");
    EXPECT_EQ(mount("/file", "/mnt", nullptr, MS_BIND), -ENOTDIR);
}

// do_remount: "if (path->dentry != path->mnt->mnt_root) return -EINVAL".
TEST_F(MountTest, Remount_NotAMountRoot_IsEinval)
{
    EXPECT_EQ(mount("none", "/mnt", nullptr, MS_REMOUNT), -EINVAL);
}

TEST_F(MountTest, Remount_ReadOnly_ShowsInMountsAndStatfs)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", MS_REMOUNT | MS_RDONLY), 0);
    EXPECT_NE(statfs_of("/mnt").f_flags & ST_RDONLY, 0);
}

// mnt_want_write: "EROFS pathname refers to a file on a read-only
// filesystem and write access was requested" (open(2)), and every call
// that changes a name (after filename_create's EEXIST).
TEST_F(MountTest, ReadOnlyMount_RefusesChanges_WithErofs)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    make_file("/mnt/file", "data");
    ASSERT_EQ(mount("none", "/mnt", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY), 0);
    EXPECT_EQ(open("/mnt/new", O_CREAT | O_WRONLY, 0644), -EROFS);
    EXPECT_EQ(open("/mnt/file", O_WRONLY), -EROFS);
    EXPECT_EQ(open("/mnt/file", O_RDONLY | O_TRUNC), -EROFS);
    EXPECT_GE(open("/mnt/file", O_RDONLY), 0);
    EXPECT_EQ(mkdir("/mnt/dir"), -EROFS);
    EXPECT_EQ(mkdir("/mnt/file"), -EEXIST);
    EXPECT_EQ(unlink("/mnt/missing"), -EROFS);
    EXPECT_EQ(rename("/mnt/file", "/mnt/other"), -EROFS);
    EXPECT_EQ(symlink("x", "/mnt/link"), -EROFS);
    // A device node still opens for writing (do_dentry_open's special_file).
    ASSERT_EQ(mount("none", "/dev", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY), 0);
    EXPECT_GE(open("/dev/null", O_WRONLY), 0);
}

// do_change_type: exactly one propagation type, at a mount's root.
TEST_F(MountTest, ChangeType_TwoTypes_IsEinval)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    EXPECT_EQ(mount("none", "/mnt", nullptr, MS_PRIVATE | MS_SHARED), -EINVAL);
    EXPECT_EQ(mount("none", "/mnt", nullptr, MS_PRIVATE | MS_REC), 0);
}

// do_move_mount: the mount goes, with its files, to the new place.
TEST_F(MountTest, Move_TakesTheMountToTheNewPlace)
{
    ASSERT_EQ(mkdir("/moved"), 0);
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    make_file("/mnt/marker");
    ASSERT_EQ(mount("/mnt", "/moved", nullptr, MS_MOVE), 0);
    EXPECT_TRUE(exists("/moved/marker"));
    EXPECT_FALSE(exists("/mnt/marker"));
    EXPECT_EQ(umount("/mnt"), -EINVAL);
    EXPECT_EQ(umount("/moved"), 0);
}

// do_move_mount_old: "if (!old_name || !*old_name) return -EINVAL"; the
// source must be a mount's root (EINVAL), never moved below itself (ELOOP).
TEST_F(MountTest, Move_Errors)
{
    ASSERT_EQ(mkdir("/moved"), 0);
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(mkdir("/mnt/inner"), 0);
    EXPECT_EQ(mount("", "/moved", nullptr, MS_MOVE), -EINVAL);
    EXPECT_EQ(mount("/mnt/inner", "/moved", nullptr, MS_MOVE), -EINVAL);
    EXPECT_EQ(mount("/mnt", "/mnt/inner", nullptr, MS_MOVE), -ELOOP);
    EXPECT_EQ(mount("/", "/moved", nullptr, MS_MOVE), -EINVAL);
}

// ksys_umount: "if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE |
// UMOUNT_NOFOLLOW)) return -EINVAL".
TEST_F(MountTest, Umount_UnknownFlag_IsEinval)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    EXPECT_EQ(umount("/mnt", 0x10), -EINVAL);
}

// can_umount: "if (!path_mounted(path)) return -EINVAL".
TEST_F(MountTest, Umount_NotAMountpoint_IsEinval)
{
    EXPECT_EQ(umount("/mnt"), -EINVAL);
}

TEST_F(MountTest, Umount_Unprivileged_IsEperm)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    become_user(1000);
    EXPECT_EQ(umount("/mnt"), -EPERM);
}

// do_umount: propagate_mount_busy - an open file keeps the mount busy.
TEST_F(MountTest, Umount_WithOpenFile_IsEbusy)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    make_file("/mnt/f");
    i64 fd = open("/mnt/f", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(umount("/mnt"), -EBUSY);
    close(fd);
    EXPECT_EQ(umount("/mnt"), 0);
}

TEST_F(MountTest, Umount_WithWorkingDirectoryInside_IsEbusy)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(chdir("/mnt"), 0);
    EXPECT_EQ(umount("/mnt"), -EBUSY);
    ASSERT_EQ(chdir("/"), 0);
    EXPECT_EQ(umount("/mnt"), 0);
}

TEST_F(MountTest, Umount_WithMountBelow_IsEbusy)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(mkdir("/mnt/sub"), 0);
    ASSERT_EQ(mount("none", "/mnt/sub", "tmpfs", 0), 0);
    EXPECT_EQ(umount("/mnt"), -EBUSY);
    EXPECT_EQ(umount("/mnt/sub"), 0);
    EXPECT_EQ(umount("/mnt"), 0);
}

// MNT_DETACH: "Perform a lazy unmount": gone from the tree at once, open
// files keep working.
TEST_F(MountTest, Umount_Detach_WithOpenFile_Succeeds)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    make_file("/mnt/f", "kept");
    i64 fd = open("/mnt/f", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(umount("/mnt", MNT_DETACH), 0);
    EXPECT_FALSE(exists("/mnt/f"));
    EXPECT_EQ(read_fd(fd, 10), "kept");
}

// MNT_EXPIRE: EINVAL with MNT_FORCE or MNT_DETACH; first EAGAIN, then the
// unmount.
TEST_F(MountTest, Umount_Expire_FirstMarksThenUnmounts)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    EXPECT_EQ(umount("/mnt", MNT_EXPIRE | MNT_DETACH), -EINVAL);
    EXPECT_EQ(umount("/mnt", MNT_EXPIRE), -EAGAIN);
    EXPECT_EQ(umount("/mnt", MNT_EXPIRE), 0);
}

// statfs(2): f_type is the file system's magic, 4096-byte blocks,
// f_namelen 255, f_flags with ST_VALID.
TEST_F(MountTest, Statfs_ReportsEachFileSystemsMagic)
{
    EXPECT_EQ(statfs_of("/").f_type, TMPFS_MAGIC);
    EXPECT_EQ(statfs_of("/proc").f_type, PROC_SUPER_MAGIC);
    EXPECT_EQ(statfs_of("/dev").f_type, TMPFS_MAGIC);
    ASSERT_EQ(mount("none", "/mnt", "ramfs", 0), 0);
    EXPECT_EQ(statfs_of("/mnt").f_type, RAMFS_MAGIC);
    struct statfs fs = statfs_of("/");
    EXPECT_EQ(fs.f_bsize, 4096);
    EXPECT_EQ(fs.f_frsize, 4096);
    EXPECT_EQ(fs.f_namelen, 255);
    EXPECT_NE(fs.f_flags & 0x20, 0); // ST_VALID
    EXPECT_GT(fs.f_blocks, 0);
    EXPECT_LE(fs.f_bfree, fs.f_blocks);
}

TEST_F(MountTest, Statfs_BadBuffer_IsEfault)
{
    EXPECT_EQ(sys(__NR_statfs, put("/"), 0x10), -EFAULT);
    EXPECT_EQ(sys(__NR_statfs, 0x10, kBuffer), -EFAULT);
}

TEST_F(MountTest, Fstatfs_BadFd_IsEbadf)
{
    EXPECT_EQ(sys(__NR_fstatfs, 99, kBuffer), -EBADF);
    i64 fd = open("/proc", O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(sys(__NR_fstatfs, static_cast<u64>(fd), kBuffer), 0);
    struct statfs fs {};
    std::string bytes = load(kBuffer, sizeof(fs));
    std::memcpy(&fs, bytes.data(), sizeof(fs));
    EXPECT_EQ(fs.f_type, PROC_SUPER_MAGIC);
}

} // namespace
} // namespace sirius::testing
