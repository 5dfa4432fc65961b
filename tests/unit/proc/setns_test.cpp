// setns(2) as Linux's kernel/nsproxy.c (setns, check_setns_flags,
// prepare_nsset, validate_nsset, commit_nsset) and each namespace's
// ->install have it, through the syscall table: one test per rule of the
// man page. Namespace files come from fs::open_namespace_file, the way
// ioctl_ns(2) opens them.
#include <fcntl.h>

#include "core/fs/nsfs.h"
#include "core/ns/nsproxy.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

class SetnsTest : public SignalTest {
protected:
    const ns::NamespaceSet& namespaces(const proc::Thread& thread) { return thread.namespaces->namespaces(); }

    // A namespace file of `handle` in the caller's table.
    int ns_fd(ns::NamespaceHandle handle)
    {
        auto fd = fs::open_namespace_file(*kernel, caller(), move(handle));
        EXPECT_TRUE(fd.has_value());
        return fd.has_value() ? static_cast<int>(fd.value()) : -1;
    }
    int uts_fd(const proc::Thread& thread) { return ns_fd(ns::NamespaceHandle(namespaces(thread).uts)); }
    int pidfd_of(const proc::Thread& thread)
    {
        const i64 fd = call(__NR_pidfd_open, tgid_of(thread), 0);
        EXPECT_GE(fd, 0);
        return static_cast<int>(fd);
    }
    i64 setns(int fd, u64 type) { return call(__NR_setns, static_cast<u64>(fd), type); }
    // A child in a uts and an ipc namespace of its own.
    proc::Thread* child_in_new_namespaces()
    {
        proc::Thread* child = spawn_child();
        EXPECT_EQ(call_as(*child, __NR_unshare, CLONE_NEWUTS | CLONE_NEWIPC), 0);
        return child;
    }
};

TEST_F(SetnsTest, BadFd_IsEbadf)
{
    // setns(2) EBADF: "fd is not a valid file descriptor."
    EXPECT_EQ(setns(-1, 0), -EBADF);
    EXPECT_EQ(setns(77, 0), -EBADF);
}

TEST_F(SetnsTest, FileThatIsNeitherNamespaceNorPidfd_IsEinval)
{
    // setns(2) EINVAL: "fd refers to a namespace whose type does not match
    // that specified in nstype" - and a file that is no namespace at all.
    ASSERT_EQ(call(__NR_pipe2, kUserData, 0), 0);
    const i32 read_end = peek(kUserData);
    EXPECT_EQ(setns(read_end, 0), -EINVAL);
}

TEST_F(SetnsTest, NamespaceFileOfAnotherType_IsEinval)
{
    proc::Thread* child = child_in_new_namespaces();
    const int fd = uts_fd(*child);
    const ns::UtsNamespace* before = namespaces(caller()).uts.get();
    EXPECT_EQ(setns(fd, CLONE_NEWIPC), -EINVAL);
    EXPECT_EQ(setns(fd, CLONE_NEWUTS | CLONE_NEWIPC), -EINVAL);
    EXPECT_EQ(namespaces(caller()).uts.get(), before);
}

TEST_F(SetnsTest, NamespaceFile_ZeroOrItsTypeJoinsIt)
{
    // "nstype == 0: Allow any type of namespace to be joined."
    proc::Thread* child = child_in_new_namespaces();
    const int fd = uts_fd(*child);
    ASSERT_EQ(setns(fd, 0), 0);
    EXPECT_EQ(namespaces(caller()).uts.get(), namespaces(*child).uts.get());
    // The other namespaces are untouched.
    EXPECT_NE(namespaces(caller()).ipc.get(), namespaces(*child).ipc.get());
    const int back = ns_fd(ns::NamespaceHandle(kernel->initial_namespaces()->namespaces().uts));
    ASSERT_EQ(setns(back, CLONE_NEWUTS), 0);
    EXPECT_EQ(namespaces(caller()).uts.get(), kernel->initial_namespaces()->namespaces().uts.get());
}

TEST_F(SetnsTest, OPathNamespaceFile_IsEbadf)
{
    // fdget does not take an O_PATH file.
    const int fd = uts_fd(caller());
    RefPtr<fs::File> file = caller().files->get(fd);
    file->set_status_flags(O_PATH);
    EXPECT_EQ(setns(fd, 0), -EBADF);
}

TEST_F(SetnsTest, WithoutCapSysAdmin_IsEperm)
{
    // setns(2) EPERM: "The calling thread did not have the required
    // privilege (CAP_SYS_ADMIN) for this operation."
    proc::Thread* child = child_in_new_namespaces();
    const int fd = uts_fd(*child);
    become_user(1000);
    const ns::NsProxy* before = caller().namespaces.get();
    EXPECT_EQ(setns(fd, CLONE_NEWUTS), -EPERM);
    EXPECT_EQ(caller().namespaces.get(), before);
}

TEST_F(SetnsTest, Pidfd_ZeroOrUnknownFlags_AreEinval)
{
    // check_setns_flags: a non-empty set of CLONE_NEW* flags only.
    proc::Thread* child = child_in_new_namespaces();
    const int pidfd = pidfd_of(*child);
    EXPECT_EQ(setns(pidfd, 0), -EINVAL);
    EXPECT_EQ(setns(pidfd, CLONE_VM), -EINVAL);
    EXPECT_EQ(setns(pidfd, CLONE_NEWUTS | CLONE_VM), -EINVAL);
    EXPECT_EQ(setns(pidfd, static_cast<u64>(-1)), -EINVAL);
}

TEST_F(SetnsTest, Pidfd_JoinsEveryNamedNamespace)
{
    proc::Thread* child = child_in_new_namespaces();
    const int pidfd = pidfd_of(*child);
    ASSERT_EQ(setns(pidfd, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP), 0);
    EXPECT_EQ(namespaces(caller()).uts.get(), namespaces(*child).uts.get());
    EXPECT_EQ(namespaces(caller()).ipc.get(), namespaces(*child).ipc.get());
}

TEST_F(SetnsTest, Pidfd_OneFailingNamespace_ChangesNothing)
{
    // "the caller is moved into all of the namespaces ... or into none": the
    // user namespace is the caller's own (EINVAL), so uts is not joined.
    proc::Thread* child = child_in_new_namespaces();
    const int pidfd = pidfd_of(*child);
    const ns::NsProxy* before = caller().namespaces.get();
    const proc::Credentials* credentials = caller().credentials.get();
    EXPECT_EQ(setns(pidfd, CLONE_NEWUTS | CLONE_NEWUSER), -EINVAL);
    EXPECT_EQ(caller().namespaces.get(), before);
    EXPECT_EQ(caller().credentials.get(), credentials);
}

TEST_F(SetnsTest, Pidfd_WithoutPtraceAccess_IsEperm)
{
    // validate_nsset: "if (!ptrace_may_access(tsk,
    // PTRACE_MODE_READ_REALCREDS)) return -EPERM;"
    proc::Thread* child = child_in_new_namespaces();
    const int pidfd = pidfd_of(*child);
    proc::CapabilitySet capabilities = proc::CapabilitySet::full();
    capabilities.remove(CAP_SYS_PTRACE);
    become_user(1000, capabilities);
    EXPECT_EQ(setns(pidfd, CLONE_NEWUTS), -EPERM);
}

TEST_F(SetnsTest, Pidfd_OfAnExitedProcess_IsEsrch)
{
    proc::Thread* child = spawn_child();
    const int pidfd = pidfd_of(*child);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(setns(pidfd, CLONE_NEWUTS), -ESRCH);
}

TEST_F(SetnsTest, User_TheCurrentOne_IsEinval)
{
    // setns(2) EINVAL: "The caller tried to join ... the user namespace in
    // which it is already a member" (userns_install: "Don't allow gaining
    // capabilities by reentering the same user namespace").
    const int fd = ns_fd(ns::NamespaceHandle(caller().credentials->user_ns));
    EXPECT_EQ(setns(fd, CLONE_NEWUSER), -EINVAL);
}

TEST_F(SetnsTest, User_Multithreaded_IsEinval)
{
    // setns(2) EINVAL: "A multithreaded process tried to join a new user
    // namespace."
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWUSER), 0);
    const int fd = ns_fd(ns::NamespaceHandle(child->credentials->user_ns));
    spawn_thread();
    EXPECT_EQ(setns(fd, CLONE_NEWUSER), -EINVAL);
}

TEST_F(SetnsTest, User_SharedFs_IsEinval)
{
    // userns_install: "if (current->fs->users != 1) return -EINVAL;"
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWUSER), 0);
    const int fd = ns_fd(ns::NamespaceHandle(child->credentials->user_ns));
    ASSERT_NE(clone_ok(request_with(CLONE_FS)), nullptr);
    EXPECT_EQ(setns(fd, CLONE_NEWUSER), -EINVAL);
}

TEST_F(SetnsTest, User_GivesEveryCapabilityThere)
{
    // user_namespaces(7): "the caller ... gains a full set of capabilities
    // in that namespace" (set_cred_user_ns).
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWUSER), 0);
    const int fd = ns_fd(ns::NamespaceHandle(child->credentials->user_ns));
    ASSERT_EQ(setns(fd, CLONE_NEWUSER), 0);
    EXPECT_EQ(caller().credentials->user_ns.get(), child->credentials->user_ns.get());
    EXPECT_EQ(caller().credentials->effective, proc::CapabilitySet::full());
    EXPECT_EQ(caller().credentials->inheritable, proc::CapabilitySet());
    EXPECT_EQ(caller().credentials->uid.effective, 0U);
}

TEST_F(SetnsTest, User_Chrooted_IsAllowed)
{
    // userns_install has no current_chrooted rule (create_user_ns has:
    // unshare(CLONE_NEWUSER) chrooted is EPERM); checked on Linux 6.18.
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWUSER), 0);
    const int fd = ns_fd(ns::NamespaceHandle(child->credentials->user_ns));
    caller().fs->set_chrooted(true);
    EXPECT_EQ(setns(fd, CLONE_NEWUSER), 0);
}

TEST_F(SetnsTest, User_WithoutCapSysAdminThere_IsEperm)
{
    // A user namespace owned by another user: no capability in it.
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWUSER), 0);
    const int fd = ns_fd(ns::NamespaceHandle(child->credentials->user_ns));
    become_user(1000);
    EXPECT_EQ(setns(fd, CLONE_NEWUSER), -EPERM);
}

TEST_F(SetnsTest, OtherTypes_NeedCapSysAdminInTheCallersUserNamespaceToo)
{
    // utsns_install: "!ns_capable(nsset->cred->user_ns, CAP_SYS_ADMIN)": a
    // task in a child user namespace that it owns cannot join its parent's
    // uts namespace, though it has every capability in its own.
    const int outer = uts_fd(caller());
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWUSER | CLONE_NEWUTS), 0);
    EXPECT_EQ(setns(outer, CLONE_NEWUTS), -EPERM);
    const int own = uts_fd(caller());
    EXPECT_EQ(setns(own, CLONE_NEWUTS), 0);
}

TEST_F(SetnsTest, Pid_OnlyThePidNamespaceForChildrenChanges)
{
    // setns(2): "the calling thread's PID namespace is not changed. ...
    // subsequently created children ... will be placed in the namespace".
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWPID), 0);
    const int fd = ns_fd(ns::NamespaceHandle(namespaces(*child).pid_for_children));
    ns::PidNamespace& active = caller().active_pid_namespace();
    ASSERT_EQ(setns(fd, CLONE_NEWPID), 0);
    EXPECT_EQ(&caller().active_pid_namespace(), &active);
    EXPECT_EQ(namespaces(caller()).pid_for_children.get(), namespaces(*child).pid_for_children.get());
    // copy_pid_ns: unshare(CLONE_NEWPID) afterwards is EINVAL.
    EXPECT_EQ(call(__NR_unshare, CLONE_NEWPID), -EINVAL);
}

TEST_F(SetnsTest, Pid_AnAncestorNamespace_IsEinval)
{
    // setns(2) EINVAL: "The caller attempted to join an ancestor (parent,
    // grandparent, and so on) PID namespace."
    const int root = ns_fd(ns::NamespaceHandle(RefPtr<ns::PidNamespace>(&caller().active_pid_namespace())));
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWPID), 0);
    proc::Thread* init = spawn_child();
    ASSERT_NE(init, nullptr);
    EXPECT_EQ(call_as(*init, __NR_setns, static_cast<u64>(root), CLONE_NEWPID), -EINVAL);
}

TEST_F(SetnsTest, Time_JoinsForTheCallerAndItsChildren)
{
    // timens_install sets both time_ns and time_ns_for_children.
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWTIME), 0);
    const int fd = ns_fd(ns::NamespaceHandle(namespaces(*child).time_for_children));
    ASSERT_EQ(setns(fd, CLONE_NEWTIME), 0);
    EXPECT_EQ(namespaces(caller()).time.get(), namespaces(*child).time_for_children.get());
    EXPECT_EQ(namespaces(caller()).time_for_children.get(), namespaces(*child).time_for_children.get());
}

TEST_F(SetnsTest, Time_Entering_FreezesTheOffsets)
{
    // time_namespaces(7): the offsets can be written "only ... before any
    // process has entered the namespace" - setns enters it (timens_commit).
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWTIME), 0);
    const RefPtr<ns::TimeNamespace> fresh = namespaces(*child).time_for_children;
    EXPECT_FALSE(fresh->offsets_frozen());
    const int fd = ns_fd(ns::NamespaceHandle(fresh));
    ASSERT_EQ(setns(fd, CLONE_NEWTIME), 0);
    EXPECT_TRUE(fresh->offsets_frozen());
}

TEST_F(SetnsTest, Time_Multithreaded_IsEusers)
{
    // timens_install: "if (!current_is_single_threaded()) return -EUSERS;"
    const int fd = ns_fd(ns::NamespaceHandle(namespaces(caller()).time));
    spawn_thread();
    EXPECT_EQ(setns(fd, CLONE_NEWTIME), -EUSERS);
}

TEST_F(SetnsTest, Mount_SharedFs_IsEinval)
{
    // mntns_install: "if (fs->users != 1) return -EINVAL;"
    const int fd = ns_fd(ns::NamespaceHandle(namespaces(caller()).mount));
    ASSERT_NE(clone_ok(request_with(CLONE_FS)), nullptr);
    EXPECT_EQ(setns(fd, CLONE_NEWNS), -EINVAL);
}

TEST_F(SetnsTest, Mount_RootAndCwdBecomeTheNamespaceRoot)
{
    const int fd = ns_fd(ns::NamespaceHandle(namespaces(caller()).mount));
    caller().fs->set_chrooted(true);
    ASSERT_EQ(setns(fd, CLONE_NEWNS), 0);
    EXPECT_TRUE(caller().fs->root() == kernel->mounts().root());
    EXPECT_TRUE(caller().fs->cwd() == kernel->mounts().root());
    EXPECT_FALSE(caller().fs->is_chrooted());
}

TEST_F(SetnsTest, Mount_NeedsCapSysChroot)
{
    // mntns_install: "!ns_capable(user_ns, CAP_SYS_CHROOT)".
    const int fd = ns_fd(ns::NamespaceHandle(namespaces(caller()).mount));
    proc::CapabilitySet capabilities = proc::CapabilitySet::full();
    capabilities.remove(CAP_SYS_CHROOT);
    become_user(0, capabilities);
    EXPECT_EQ(setns(fd, CLONE_NEWNS), -EPERM);
}

TEST_F(SetnsTest, NamespaceFile_KeepsTheNamespaceAlive)
{
    proc::Thread* child = child_in_new_namespaces();
    RefPtr<ns::UtsNamespace> uts = namespaces(*child).uts;
    const int fd = uts_fd(*child);
    kernel->exit_thread(*child, 0);
    // The file's reference, and this test's.
    EXPECT_GE(uts->ref_count(), 2U);
    ASSERT_EQ(setns(fd, CLONE_NEWUTS), 0);
    EXPECT_EQ(namespaces(caller()).uts.get(), uts.get());
}

} // namespace
} // namespace sirius::testing
