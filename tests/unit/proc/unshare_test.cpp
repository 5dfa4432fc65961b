// unshare(2) as Linux's kernel/fork.c (ksys_unshare, check_unshare_flags)
// has it, through the syscall table: one test per rule of the man page.
#include "core/ns/nsproxy.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

class UnshareTest : public SignalTest {
protected:
    const ns::NamespaceSet& namespaces(proc::Thread& thread) { return thread.namespaces->namespaces(); }
};

TEST_F(UnshareTest, UnknownFlag_IsEinval)
{
    EXPECT_EQ(call(__NR_unshare, CLONE_PARENT), -EINVAL);
    EXPECT_EQ(call(__NR_unshare, CLONE_VFORK), -EINVAL);
}

TEST_F(UnshareTest, NothingToUnshare_Succeeds)
{
    // check_unshare_flags: CLONE_THREAD, CLONE_SIGHAND and CLONE_VM are
    // accepted when there is nothing to unshare.
    EXPECT_EQ(call(__NR_unshare, 0), 0);
    EXPECT_EQ(call(__NR_unshare, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM), 0);
}

TEST_F(UnshareTest, ThreadFlagsInAThreadGroup_AreEinval)
{
    // unshare(2) EINVAL: "CLONE_THREAD, CLONE_SIGHAND, or CLONE_VM was
    // specified in flags, and the caller is multithreaded."
    spawn_thread();
    EXPECT_EQ(call(__NR_unshare, CLONE_THREAD), -EINVAL);
    EXPECT_EQ(call(__NR_unshare, CLONE_VM), -EINVAL);
    // CLONE_NEWUSER implies CLONE_THREAD.
    EXPECT_EQ(call(__NR_unshare, CLONE_NEWUSER), -EINVAL);
}

TEST_F(UnshareTest, SharedMemoryOrSignalActions_AreEinval)
{
    proc::Thread* sibling = clone_ok(request_with(CLONE_VM | CLONE_SIGHAND));
    ASSERT_NE(sibling, nullptr);
    EXPECT_EQ(call(__NR_unshare, CLONE_VM), -EINVAL);
    EXPECT_EQ(call(__NR_unshare, CLONE_SIGHAND), -EINVAL);
}

TEST_F(UnshareTest, Files_GetsAPrivateCopyOfASharedTable)
{
    proc::Thread* sibling = clone_ok(request_with(CLONE_FILES));
    ASSERT_NE(sibling, nullptr);
    ASSERT_EQ(caller().files.get(), sibling->files.get());
    ASSERT_EQ(call(__NR_unshare, CLONE_FILES), 0);
    EXPECT_NE(caller().files.get(), sibling->files.get());
    EXPECT_EQ(caller().files->open_count(), sibling->files->open_count());
}

TEST_F(UnshareTest, Fs_GetsAPrivateCopyOfASharedContext)
{
    proc::Thread* sibling = clone_ok(request_with(CLONE_FS));
    ASSERT_NE(sibling, nullptr);
    ASSERT_EQ(call(__NR_unshare, CLONE_FS), 0);
    EXPECT_NE(caller().fs.get(), sibling->fs.get());
}

TEST_F(UnshareTest, NewUts_MovesTheCallerAlone)
{
    proc::Thread* child = spawn_child();
    const ns::UtsNamespace* old = namespaces(caller()).uts.get();
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWUTS), 0);
    EXPECT_NE(namespaces(caller()).uts.get(), old);
    EXPECT_EQ(namespaces(*child).uts.get(), old);
}

TEST_F(UnshareTest, NewNamespaceWithoutCapSysAdmin_IsEperm)
{
    // unshare(2) EPERM: "The calling process did not have the required
    // privileges for this operation."
    become_user(1000);
    const ns::NsProxy* old = caller().namespaces.get();
    EXPECT_EQ(call(__NR_unshare, CLONE_NEWUTS), -EPERM);
    EXPECT_EQ(caller().namespaces.get(), old);
}

TEST_F(UnshareTest, Unprivileged_NewUserNamespaceThenOthersInsideIt)
{
    // user_namespaces(7): an unprivileged process may create a user
    // namespace, and holds every capability in it - enough to create the
    // other namespaces it owns.
    become_user(1000);
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWUSER), 0);
    const proc::Credentials& credentials = *caller().credentials;
    EXPECT_EQ(credentials.user_ns->level(), 1U);
    EXPECT_TRUE(credentials.effective.has(CAP_SYS_ADMIN));
    EXPECT_EQ(credentials.uid.real, 1000U);
    EXPECT_EQ(call(__NR_unshare, CLONE_NEWUTS | CLONE_NEWNS), 0);
    EXPECT_EQ(namespaces(caller()).uts->owner_ref().get(), credentials.user_ns.get());
}

TEST_F(UnshareTest, NewUserTogetherWithOthers_OwnsThem)
{
    become_user(1000);
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWUSER | CLONE_NEWIPC), 0);
    EXPECT_EQ(namespaces(caller()).ipc->owner_ref().get(), caller().credentials->user_ns.get());
}

TEST_F(UnshareTest, NewUserWhileChrooted_IsEperm)
{
    // unshare(2) EPERM: "CLONE_NEWUSER was specified in flags, but the
    // caller is in a chroot environment".
    ASSERT_OK_AND_ASSIGN(auto fs, caller().fs->clone());
    fs->set_chrooted(true);
    caller().fs = fs;
    EXPECT_EQ(call(__NR_unshare, CLONE_NEWUSER), -EPERM);
}

TEST_F(UnshareTest, NewPid_IsForChildrenOnly_AndOnlyOnce)
{
    // pid_namespaces(7): "the caller is not moved into the new namespace.
    // Instead, the first child subsequently created by the caller will be
    // placed in the new namespace"; a second unshare(CLONE_NEWPID) is EINVAL.
    ns::PidNamespace& active = caller().active_pid_namespace();
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWPID), 0);
    EXPECT_EQ(&caller().active_pid_namespace(), &active);
    EXPECT_NE(namespaces(caller()).pid_for_children.get(), &active);
    EXPECT_EQ(call(__NR_unshare, CLONE_NEWPID), -EINVAL);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->pid().innermost_nr(), 1U);
}

TEST_F(UnshareTest, NewTime_IsForChildrenOnly)
{
    const ns::TimeNamespace* old = namespaces(caller()).time.get();
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWTIME), 0);
    EXPECT_EQ(namespaces(caller()).time.get(), old);
    EXPECT_NE(namespaces(caller()).time_for_children.get(), old);
}

TEST_F(UnshareTest, Failure_ChangesNothing)
{
    proc::Thread* sibling = clone_ok(request_with(CLONE_FILES));
    ASSERT_NE(sibling, nullptr);
    become_user(1000);
    const fs::FdTable* files = caller().files.get();
    EXPECT_EQ(call(__NR_unshare, CLONE_FILES | CLONE_NEWNET), -EPERM);
    EXPECT_EQ(caller().files.get(), files);
}

} // namespace
} // namespace sirius::testing
