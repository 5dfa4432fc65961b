// Mount namespaces as mount_namespaces(7) and Linux's fs/namespace.c
// (copy_mnt_ns, copy_tree, lock_mnt_tree, may_mount, mntns_install) have
// them: one test per rule, through the syscall table where there is one.
#include <linux/sched.h>
#include <sys/mount.h>

#include "core/fs/fs_context.h"
#include "core/ns/nsproxy.h"
#include "core/proc/clone.h"
#include "core/proc/clone_args.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class MountNamespaceTest : public VfsTest {
protected:
    static constexpr u64 kType = kUserData + 0x3000;
    static constexpr u64 kSource = kUserData + 0x3100;

    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_TRUE(kernel->mount_boot_file_systems().has_value());
        ASSERT_EQ(mkdir("/mnt"), 0);
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
    i64 umount(const std::string& target, u64 flags = 0) { return sys(__NR_umount2, put(target), flags); }
    i64 unshare(u64 flags) { return sys(__NR_unshare, flags); }
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
    ns::MountNamespace& mount_ns(proc::Thread& thread) { return *thread.namespaces->namespaces().mount; }
    // Runs `body` as `thread`, then as the caller again.
    template<typename Body>
    void as(proc::Thread* thread, Body body)
    {
        proc::Thread* saved = m_caller;
        m_caller = thread;
        body();
        m_caller = saved;
    }
};

// mount_namespaces(7): "Subsequent modifications to the list of mounts
// (mount(2) and umount(2)) in either mount namespace will not (by default)
// affect the list of mounts seen in the other namespace."
TEST_F(MountNamespaceTest, Unshare_MountInTheNewNamespace_IsInvisibleInTheOld)
{
    proc::Thread* old_member = fork_from(caller());
    ASSERT_EQ(unshare(CLONE_NEWNS), 0);
    EXPECT_NE(&mount_ns(caller()), &mount_ns(*old_member));
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    make_file("/mnt/inside");
    EXPECT_TRUE(exists("/mnt/inside"));
    EXPECT_NE(read_file("/proc/self/mounts").find("none /mnt tmpfs"), std::string::npos);
    as(old_member, [&] {
        EXPECT_FALSE(exists("/mnt/inside"));
        EXPECT_EQ(read_file("/proc/self/mounts").find("none /mnt tmpfs"), std::string::npos);
    });
}

TEST_F(MountNamespaceTest, Unshare_MountInTheOldNamespace_IsInvisibleInTheNew)
{
    proc::Thread* old_member = fork_from(caller());
    ASSERT_EQ(unshare(CLONE_NEWNS), 0);
    as(old_member, [&] {
        ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
        make_file("/mnt/outside");
    });
    EXPECT_FALSE(exists("/mnt/outside"));
}

// copy_mnt_ns copies every mount: an unmount in the copy leaves the
// original in place.
TEST_F(MountNamespaceTest, Unshare_UmountOfACopiedMount_LeavesTheOriginal)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    make_file("/mnt/file");
    proc::Thread* old_member = fork_from(caller());
    ASSERT_EQ(unshare(CLONE_NEWNS), 0);
    EXPECT_TRUE(exists("/mnt/file"));
    ASSERT_EQ(umount("/mnt"), 0);
    EXPECT_FALSE(exists("/mnt/file"));
    as(old_member, [&] { EXPECT_TRUE(exists("/mnt/file")); });
}

// The copy has new mounts over the same super blocks: a file made through
// one is seen through the other.
TEST_F(MountNamespaceTest, Unshare_CopiedMountsShowTheSameFiles)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    proc::Thread* old_member = fork_from(caller());
    ASSERT_EQ(unshare(CLONE_NEWNS), 0);
    make_file("/mnt/shared");
    as(old_member, [&] { EXPECT_TRUE(exists("/mnt/shared")); });
    EXPECT_EQ(stat_of("/mnt").st_dev, [&] {
        u64 device = 0;
        as(old_member, [&] { device = stat_of("/mnt").st_dev; });
        return device;
    }());
}

// copy_mnt_ns: "Second pass: switch the tsk->fs->* elements" - the root
// and working directory are on the copies' mounts.
TEST_F(MountNamespaceTest, Unshare_MovesRootAndCwdToTheCopy)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(chdir("/mnt"), 0);
    ASSERT_EQ(unshare(CLONE_NEWNS), 0);
    fs::MountTable& table = mount_ns(caller()).mounts();
    EXPECT_EQ(caller().fs->root().mount->table(), &table);
    EXPECT_EQ(caller().fs->cwd().mount->table(), &table);
    EXPECT_EQ(getcwd(), "/mnt");
    // The working directory is busy in the new namespace only.
    EXPECT_EQ(umount("/mnt"), -EBUSY);
}

// clone(2) CLONE_NEWNS: the child is in a copy (create_new_namespaces with
// the child's fs_struct).
TEST_F(MountNamespaceTest, CreateForClone_NewNs_CopiesTheTreeAndMovesTheFsContext)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_OK_AND_ASSIGN(auto child_fs, caller().fs->clone());
    ASSERT_OK_AND_ASSIGN(auto proxy, ns::NsProxy::create_for_clone(kernel->namespace_inodes(), *caller().namespaces, CLONE_NEWNS, kernel->initial_user_namespace(), caller().active_pid_namespace(), child_fs.get()));
    const ns::MountNamespace& copy = *proxy->namespaces().mount;
    EXPECT_NE(copy.inode(), mount_ns(caller()).inode());
    EXPECT_EQ(copy.mounts().count(), mount_ns(caller()).mounts().count());
    EXPECT_EQ(child_fs->root().mount->table(), &copy.mounts());
    EXPECT_EQ(caller().fs->root().mount->table(), &mount_ns(caller()).mounts());
    // Same super blocks, different mounts, new mount ids.
    for (usize i = 0; i < copy.mounts().count(); ++i) {
        EXPECT_EQ(&copy.mounts().at(i)->super_block(), &mount_ns(caller()).mounts().at(i)->super_block());
        EXPECT_NE(copy.mounts().at(i).get(), mount_ns(caller()).mounts().at(i).get());
        EXPECT_NE(copy.mounts().at(i)->id(), mount_ns(caller()).mounts().at(i)->id());
        EXPECT_FALSE(copy.mounts().at(i)->is_locked());
    }
}

// clone(2) CLONE_NEWNS through kernel_clone: the child's root and working
// directory are on its own copy; a mount it makes is not the parent's.
TEST_F(MountNamespaceTest, Clone_NewNs_ChildWorksInItsOwnCopy)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(chdir("/mnt"), 0);
    EXPECT_CALL(caller_space(), clone_for_fork()).WillOnce(::testing::Invoke([]() -> Result<RefPtr<hal::AddressSpace>> {
        auto copy = TRY(try_make_ref<::testing::NiceMock<MockAddressSpace>>());
        TRY(copy->backing().map(UserAddress(kUserData), kUserDataSize, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private));
        return RefPtr<hal::AddressSpace>(move(copy));
    }));
    proc::CloneRequest request = proc::clone_request_for_fork();
    request.flags |= CLONE_NEWNS;
    ASSERT_OK_AND_ASSIGN(auto result, clone_from_caller(request));
    proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), result.pid);
    ASSERT_NE(child, nullptr);
    const fs::MountTable& copy = mount_ns(*child).mounts();
    EXPECT_NE(&copy, &mount_ns(caller()).mounts());
    EXPECT_EQ(child->fs->root().mount->table(), &copy);
    EXPECT_EQ(child->fs->cwd().mount->table(), &copy);
    EXPECT_EQ(caller().fs->cwd().mount->table(), &mount_ns(caller()).mounts());
    as(child, [&] {
        EXPECT_EQ(getcwd(), "/mnt");
        ASSERT_EQ(mkdir("/mnt/d"), 0);
        ASSERT_EQ(mount("none", "/mnt/d", "tmpfs", 0), 0);
        make_file("/mnt/d/child");
    });
    EXPECT_TRUE(exists("/mnt/d"));
    EXPECT_FALSE(exists("/mnt/d/child"));
    // clone(2): "CLONE_NEWNS and CLONE_FS were both specified" is EINVAL.
    request.flags |= CLONE_FS;
    EXPECT_FALSE(clone_from_caller(request).has_value());
}

// mount_namespaces(7) "Restrictions on mount namespaces": a namespace
// copied into a less privileged one has its mounts locked; "umount(2)
// ... fails with the error EINVAL".
TEST_F(MountNamespaceTest, LessPrivilegedCopy_UmountOfALockedMount_IsEinval)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(mkdir("/mnt/d"), 0);
    ASSERT_EQ(unshare(CLONE_NEWUSER | CLONE_NEWNS), 0);
    EXPECT_TRUE(mount_ns(caller()).mounts().at(0)->is_locked());
    EXPECT_EQ(umount("/mnt"), -EINVAL);
    EXPECT_EQ(umount("/mnt", MNT_DETACH), -EINVAL);
    // A mount made in the new namespace is not locked.
    ASSERT_EQ(mount("none", "/mnt/d", "tmpfs", 0), 0);
    EXPECT_EQ(umount("/mnt/d"), 0);
}

// mount_namespaces(7): locked mounts cannot be moved: MS_MOVE is EINVAL
// (do_move_mount: "if (old->mnt.mnt_flags & MNT_LOCKED) goto out;").
TEST_F(MountNamespaceTest, LessPrivilegedCopy_MoveOfALockedMount_IsEinval)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(mkdir("/elsewhere"), 0);
    ASSERT_EQ(unshare(CLONE_NEWUSER | CLONE_NEWNS), 0);
    EXPECT_EQ(mount("/mnt", "/elsewhere", nullptr, MS_MOVE), -EINVAL);
}

// A copy in the same user namespace locks nothing: root may unmount.
TEST_F(MountNamespaceTest, SamePrivilegeCopy_MountsAreNotLocked)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(unshare(CLONE_NEWNS), 0);
    EXPECT_EQ(umount("/mnt"), 0);
}

// mount_namespaces(7): "a mount that is shared in the parent becomes a
// slave mount in the new (less privileged) namespace" (CL_SHARED_TO_SLAVE);
// in a same-privilege copy it stays a peer.
TEST_F(MountNamespaceTest, Copy_SharedMountBecomesSlaveOnlyWhenLessPrivileged)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(mount("none", "/mnt", nullptr, MS_SHARED), 0);
    const RefPtr<fs::Mount> original = mount_ns(caller()).mounts().at(mount_ns(caller()).mounts().count() - 1);
    ASSERT_TRUE(original->is_shared());
    proc::Thread* peer = fork_from(caller());
    as(peer, [&] { ASSERT_EQ(unshare(CLONE_NEWNS), 0); });
    const fs::MountTable& same = mount_ns(*peer).mounts();
    EXPECT_EQ(same.at(same.count() - 1)->peers(), original->peers());
    ASSERT_EQ(unshare(CLONE_NEWUSER | CLONE_NEWNS), 0);
    const fs::MountTable& less = mount_ns(caller()).mounts();
    EXPECT_FALSE(less.at(less.count() - 1)->is_shared());
    EXPECT_EQ(less.at(less.count() - 1)->master(), original->peers());
}

// do_change_type records each propagation type; MS_SLAVE of a mount alone
// in its peer group leaves it private (do_make_slave); MS_REC covers the
// mounts below.
TEST_F(MountNamespaceTest, ChangeType_RecordsPropagation)
{
    ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
    ASSERT_EQ(mkdir("/mnt/d"), 0);
    ASSERT_EQ(mount("none", "/mnt/d", "tmpfs", 0), 0);
    const fs::MountTable& table = mount_ns(caller()).mounts();
    const RefPtr<fs::Mount> top = table.at(table.count() - 2);
    const RefPtr<fs::Mount> below = table.at(table.count() - 1);
    ASSERT_EQ(mount("none", "/mnt", nullptr, MS_SHARED | MS_REC), 0);
    EXPECT_TRUE(top->is_shared());
    EXPECT_TRUE(below->is_shared());
    EXPECT_NE(top->peers(), below->peers());
    ASSERT_EQ(mount("none", "/mnt", nullptr, MS_SLAVE), 0);
    EXPECT_FALSE(top->is_shared());
    EXPECT_EQ(top->master(), nullptr);
    ASSERT_EQ(mount("none", "/mnt", nullptr, MS_UNBINDABLE | MS_REC), 0);
    EXPECT_TRUE(top->is_unbindable());
    EXPECT_FALSE(below->is_shared());
    // do_loopback: "if (IS_MNT_UNBINDABLE(old)) ... -EINVAL".
    ASSERT_EQ(mkdir("/b"), 0);
    EXPECT_EQ(mount("/mnt", "/b", nullptr, MS_BIND), -EINVAL);
    ASSERT_EQ(mount("none", "/mnt", nullptr, MS_PRIVATE | MS_REC), 0);
    EXPECT_FALSE(top->is_unbindable());
    EXPECT_EQ(mount("none", "/mnt", nullptr, MS_PRIVATE | MS_SHARED), -EINVAL);
}

// may_mount: "ns_capable(current->nsproxy->mnt_ns->user_ns, CAP_SYS_ADMIN)":
// a user namespace alone does not let its creator mount in the initial
// mount namespace...
TEST_F(MountNamespaceTest, UserNamespaceWithoutMountNamespace_MountIsEperm)
{
    become_user(1000);
    ASSERT_EQ(unshare(CLONE_NEWUSER), 0);
    EXPECT_EQ(mount("none", "/mnt", "tmpfs", 0), -EPERM);
}

// ...but with a mount namespace it owns, tmpfs, ramfs and proc mount
// (FS_USERNS_MOUNT); devtmpfs does not (mount_capable: capable() in the
// initial user namespace).
TEST_F(MountNamespaceTest, UserAndMountNamespace_UsernsMountableTypesMount)
{
    // A directory the unprivileged user can search.
    ASSERT_EQ(mkdir("/mnt/p", 0755), 0);
    ASSERT_EQ(mkdir("/mnt/r", 0755), 0);
    become_user(1000);
    ASSERT_EQ(unshare(CLONE_NEWUSER | CLONE_NEWNS), 0);
    EXPECT_EQ(mount("none", "/mnt/p", "ramfs", 0), 0);
    EXPECT_EQ(mount("none", "/mnt/r", "devtmpfs", 0), -EPERM);
    // proc takes CAP_SYS_ADMIN over its pid namespace's owner: the initial
    // user namespace here.
    EXPECT_EQ(mount("none", "/mnt/r", "proc", 0), -EPERM);
    EXPECT_EQ(mount("none", "/mnt/r", "tmpfs", 0), 0);
}

// The namespace goes with its last member, and its mounts with it; a super
// block shown nowhere else is killed with its last mount (LeakSanitizer
// sees the rest).
TEST_F(MountNamespaceTest, LastMemberExits_NamespaceAndItsMountsGo)
{
    proc::Thread* member = fork_from(caller());
    RefPtr<fs::Mount> kept;
    as(member, [&] {
        ASSERT_EQ(unshare(CLONE_NEWNS), 0);
        ASSERT_EQ(mount("none", "/mnt", "tmpfs", 0), 0);
        make_file("/mnt/file");
        const fs::MountTable& table = mount_ns(caller()).mounts();
        kept = table.at(table.count() - 1);
    });
    const RefPtr<fs::SuperBlock> super_block(&kept->super_block());
    kernel->exit_thread(*member, 0);
    // Unmounted with its namespace; a reference (as an open file's) keeps
    // the file system until it goes.
    EXPECT_EQ(kept->table(), nullptr);
    EXPECT_EQ(kept->ref_count(), 1u);
    EXPECT_NE(super_block->root(), nullptr);
    kept.clear();
    EXPECT_EQ(super_block->root(), nullptr);
}

// mntns_install: root and working directory become the namespace's root
// ("/" looked up with LOOKUP_DOWN: what is mounted on it too).
TEST_F(MountNamespaceTest, EnterMountNamespace_RootAndCwdBecomeItsRoot)
{
    proc::Thread* other = fork_from(caller());
    as(other, [&] { ASSERT_EQ(unshare(CLONE_NEWNS), 0); });
    ASSERT_EQ(sys(__NR_chroot, put("/mnt")), 0);
    ASSERT_EQ(chdir("/"), 0);
    ASSERT_TRUE(caller().fs->is_chrooted());
    const ns::MountNamespace& target = mount_ns(*other);
    ns::enter_mount_namespace(*caller().fs, target);
    EXPECT_EQ(caller().fs->root(), target.root_path());
    EXPECT_EQ(caller().fs->cwd(), target.root_path());
    EXPECT_EQ(caller().fs->root().mount->table(), &target.mounts());
    EXPECT_FALSE(caller().fs->is_chrooted());
}

} // namespace
} // namespace sirius::testing
