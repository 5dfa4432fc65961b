// pivot_root(2) as Linux's fs/namespace.c has it (SYSCALL_DEFINE2(pivot_root),
// chroot_fs_refs): one test per rule of the man page, in Linux's order.
#include <linux/sched.h>
#include <sys/mount.h>

#include "core/fs/fs_context.h"
#include "core/ns/nsproxy.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class PivotRootTest : public VfsTest {
protected:
    static constexpr u64 kType = kUserData + 0x3000;
    static constexpr u64 kSource = kUserData + 0x3100;

    // In a new mount namespace: a tmpfs on /box with a tmpfs on /box/new
    // and /box/new/old, and the caller chrooted into /box, so that the
    // root is a mount with a parent (the rootfs cannot be pivoted).
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_TRUE(kernel->mount_boot_file_systems().has_value());
        ASSERT_EQ(sys(__NR_unshare, CLONE_NEWNS), 0);
        ASSERT_EQ(mkdir("/box"), 0);
        ASSERT_EQ(mount("none", "/box", "tmpfs", 0), 0);
        ASSERT_EQ(mkdir("/box/new"), 0);
        ASSERT_EQ(mount("none", "/box/new", "tmpfs", 0), 0);
        ASSERT_EQ(mkdir("/box/new/old"), 0);
        make_file("/box/new/marker");
        make_file("/box/old_root_marker");
        ASSERT_EQ(chroot("/box"), 0);
        ASSERT_EQ(chdir("/"), 0);
    }
    i64 mount(const std::string& source, const std::string& target, const char* type, u64 flags)
    {
        put(source, kSource);
        put(target, kPath);
        if (type != nullptr) {
            put(type, kType);
        }
        return sys(__NR_mount, kSource, kPath, type != nullptr ? kType : 0, flags, 0);
    }
    i64 chroot(const std::string& path) { return sys(__NR_chroot, put(path)); }
    i64 pivot_root(const std::string& new_root, const std::string& put_old) { return sys(__NR_pivot_root, put(new_root), put(put_old, kPath2)); }
};

// pivot_root(2): "moves the root mount to the directory put_old and makes
// new_root the new root mount".
TEST_F(PivotRootTest, Success_NewRootIsRootAndOldRootIsAtPutOld)
{
    ASSERT_EQ(pivot_root("/new", "/new/old"), 0);
    EXPECT_TRUE(exists("/marker"));
    EXPECT_TRUE(exists("/old/old_root_marker"));
    // new_root left its mountpoint in the old root.
    EXPECT_FALSE(exists("/old/new/marker"));
    EXPECT_EQ(getcwd(), "/");
    EXPECT_EQ(sys(__NR_umount2, put("/old"), MNT_DETACH), 0);
    EXPECT_FALSE(exists("/old/old_root_marker"));
}

// "pivot_root() changes the root directory and the current working
// directory of each process or thread in the same mount namespace to
// new_root if they point to the old root directory" (chroot_fs_refs).
TEST_F(PivotRootTest, Success_OtherTasksOnTheOldRootMove)
{
    proc::Thread* other = fork_from(caller());
    ASSERT_EQ(pivot_root("/new", "/new/old"), 0);
    EXPECT_EQ(other->fs->root(), caller().fs->root());
    EXPECT_EQ(other->fs->cwd(), caller().fs->root());
}

// pivot_root(2) NOTES: "new_root and put_old may be the same directory":
// pivot_root(".", ".") then umount2(".", MNT_DETACH), which goes up the
// mounts stacked on ".".
TEST_F(PivotRootTest, DotDot_StacksTheOldRootThatUmountDetaches)
{
    ASSERT_EQ(chdir("/new"), 0);
    ASSERT_EQ(pivot_root(".", "."), 0);
    // path_init starts at the root itself, not at what is stacked on it.
    EXPECT_FALSE(exists("/old_root_marker"));
    EXPECT_TRUE(exists("/marker"));
    ASSERT_EQ(sys(__NR_umount2, put("."), MNT_DETACH), 0);
    EXPECT_TRUE(exists("/marker"));
    EXPECT_FALSE(exists("/old_root_marker"));
}

// "EPERM The calling process does not have the CAP_SYS_ADMIN capability"
// (in the mount namespace's user namespace), checked before the walks.
TEST_F(PivotRootTest, WithoutCapSysAdmin_IsEperm)
{
    become_user(1000);
    EXPECT_EQ(pivot_root("/missing", "/missing"), -EPERM);
}

// The walks: ENOENT, ENOTDIR (LOOKUP_DIRECTORY).
TEST_F(PivotRootTest, WalkErrors)
{
    EXPECT_EQ(pivot_root("/missing", "/new/old"), -ENOENT);
    EXPECT_EQ(pivot_root("/new", "/missing"), -ENOENT);
    EXPECT_EQ(pivot_root("/new/marker", "/new/old"), -ENOTDIR);
    EXPECT_EQ(pivot_root("/new", "/new/marker"), -ENOTDIR);
}

// "EBUSY new_root or put_old is on the current root mount."
TEST_F(PivotRootTest, NewRootOrPutOldOnTheRootMount_IsEbusy)
{
    ASSERT_EQ(mkdir("/d"), 0);
    EXPECT_EQ(pivot_root("/d", "/d"), -EBUSY);
    EXPECT_EQ(pivot_root("/new", "/d"), -EBUSY);
}

// "EINVAL new_root is not a mount point."
TEST_F(PivotRootTest, NewRootNotAMountPoint_IsEinval)
{
    EXPECT_EQ(pivot_root("/new/old", "/new/old"), -EINVAL);
}

// "EINVAL put_old is not at or underneath new_root."
TEST_F(PivotRootTest, PutOldNotUnderNewRoot_IsEinval)
{
    ASSERT_EQ(mkdir("/third"), 0);
    ASSERT_EQ(mount("none", "/third", "tmpfs", 0), 0);
    EXPECT_EQ(pivot_root("/new", "/third"), -EINVAL);
}

// "EINVAL The current root directory is not a mount point" (after
// chroot(2) into a directory that is not one).
TEST_F(PivotRootTest, RootNotAMountPoint_IsEinval)
{
    ASSERT_EQ(mkdir("/sub"), 0);
    ASSERT_EQ(mkdir("/sub/new"), 0);
    ASSERT_EQ(mount("none", "/sub/new", "tmpfs", 0), 0);
    ASSERT_EQ(chroot("/sub"), 0);
    EXPECT_EQ(pivot_root("/new", "/new"), -EINVAL);
}

// The root of the namespace (an initramfs) has no parent: "not attached".
TEST_F(PivotRootTest, RootIsTheNamespaceRootMount_IsEinval)
{
    caller().fs->set_root(caller().namespaces->namespaces().mount->mounts().root());
    EXPECT_EQ(pivot_root("/box/new", "/box/new/old"), -EINVAL);
}

// "EINVAL The current root is on the rootfs" / "... has propagation type
// MS_SHARED": the new root's parent, put_old's mount or the root's parent
// shared.
TEST_F(PivotRootTest, SharedPropagation_IsEinval)
{
    ASSERT_EQ(mount("none", "/", nullptr, MS_SHARED), 0);
    EXPECT_EQ(pivot_root("/new", "/new/old"), -EINVAL);
    ASSERT_EQ(mount("none", "/", nullptr, MS_PRIVATE), 0);
    ASSERT_EQ(mount("none", "/new", nullptr, MS_SHARED), 0);
    EXPECT_EQ(pivot_root("/new", "/new/old"), -EINVAL);
    ASSERT_EQ(mount("none", "/new", nullptr, MS_PRIVATE), 0);
    EXPECT_EQ(pivot_root("/new", "/new/old"), 0);
}

// A locked new_root (copied into a less privileged namespace) is EINVAL:
// "if (new_mnt->mnt.mnt_flags & MNT_LOCKED) goto out4;".
TEST_F(PivotRootTest, LockedNewRoot_IsEinval)
{
    // Out of the chroot first: a chrooted task cannot make a user
    // namespace (create_user_ns).
    caller().fs->set_root(caller().namespaces->namespaces().mount->root_path());
    caller().fs->set_chrooted(false);
    ASSERT_EQ(chdir("/"), 0);
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWUSER | CLONE_NEWNS), 0);
    ASSERT_EQ(chroot("/box"), 0);
    EXPECT_EQ(pivot_root("/new", "/new/old"), -EINVAL);
}

// Nothing changed after a refusal.
TEST_F(PivotRootTest, Refused_NothingChanges)
{
    const fs::Path root = caller().fs->root();
    EXPECT_EQ(pivot_root("/new/old", "/new/old"), -EINVAL);
    EXPECT_EQ(caller().fs->root(), root);
    EXPECT_TRUE(exists("/old_root_marker"));
}

} // namespace
} // namespace sirius::testing
