// setpgid(2), getpgid(2), getpgrp(2), setsid(2) and getsid(2) through the
// syscall table, as kernel/sys.c has them: each rule of the man pages in
// Linux's order, numbers in the caller's pid namespace. Where the man pages
// are silent the expectation is what the host's Linux 6.18 did (a child of
// the caller that has exited but is not reaped can still be moved; getsid
// of a process in another session is allowed; pid arguments are ints).
#include <climits>

#include "core/proc/set_process_group.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kNoSuchPid = 99999;

class ProcessGroupSyscallTest : public SignalTest {
protected:
    static u64 pid_of(const proc::Thread& thread) { return thread.process().pid().global_nr(); }

    i64 getpgid_as(proc::Thread& thread, u64 pid) { return call_as(thread, __NR_getpgid, pid); }
    i64 getsid_as(proc::Thread& thread, u64 pid) { return call_as(thread, __NR_getsid, pid); }
    i64 setpgid_as(proc::Thread& thread, u64 pid, u64 pgid) { return call_as(thread, __NR_setpgid, pid, pgid); }
    i64 setsid_as(proc::Thread& thread) { return call_as(thread, __NR_setsid); }

    // The caller leads a session and a group of its own, as a shell does.
    void make_caller_a_session_leader() { ASSERT_EQ(setsid_as(caller()), static_cast<i64>(pid_of(caller()))); }

    // A child of the caller, as a zombie (exited, not reaped).
    proc::Thread* zombie_child()
    {
        proc::Thread* child = spawn_child();
        kernel->exit_thread(*child, 0);
        EXPECT_EQ(child->process().state(), proc::ProcessState::Zombie);
        return child;
    }
};

// --- getpgrp, getpgid, getsid ----------------------------------------------------

TEST_F(ProcessGroupSyscallTest, Getpgrp_InitAndItsChildren_StartInGroupAndSessionZero)
{
    // Linux's init inherits init_struct_pid (number 0) as its process group
    // and session; so do the processes it forks (the host: getpgid(1) and
    // getsid(1) are 0).
    EXPECT_EQ(call_as(*init, __NR_getpgrp), 0);
    EXPECT_EQ(getsid_as(*init, 0), 0);
    EXPECT_EQ(call(__NR_getpgrp), 0);
    EXPECT_EQ(getsid_as(caller(), 1), 0);
    EXPECT_FALSE(proc::is_session_leader(init->process()));
}

TEST_F(ProcessGroupSyscallTest, Getpgid_ZeroIsTheCaller_OtherwiseTheProcessNamed)
{
    // getpgid(2): "getpgid() returns the PGID of the process specified by
    // pid. If pid is zero, the process ID of the calling process is used."
    make_caller_a_session_leader();
    proc::Thread* child = spawn_child();
    ASSERT_EQ(setpgid_as(caller(), pid_of(*child), 0), 0);
    EXPECT_EQ(getpgid_as(caller(), 0), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(getpgid_as(caller(), pid_of(*child)), static_cast<i64>(pid_of(*child)));
    EXPECT_EQ(getpgid_as(*child, 0), static_cast<i64>(pid_of(*child)));
    // getpgrp(2): "getpgrp() returns the PGID of the calling process".
    EXPECT_EQ(call_as(*child, __NR_getpgrp), static_cast<i64>(pid_of(*child)));
    EXPECT_EQ(getpgid_as(*child, pid_of(caller())), static_cast<i64>(pid_of(caller())));
}

TEST_F(ProcessGroupSyscallTest, Getsid_ZeroIsTheCaller_OtherwiseTheProcessNamed)
{
    // getsid(2): "getsid() returns the session ID of the process with
    // process ID pid. If pid is 0, getsid() returns the session ID of the
    // calling process."
    make_caller_a_session_leader();
    proc::Thread* child = spawn_child();
    EXPECT_EQ(getsid_as(*child, 0), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(getsid_as(*init, pid_of(*child)), static_cast<i64>(pid_of(caller())));
}

TEST_F(ProcessGroupSyscallTest, GetpgidAndGetsid_NoSuchProcess_IsEsrch)
{
    // getpgid(2) ERRORS: "ESRCH ... No process with this PID was found";
    // find_task_by_vpid finds no negative number (the host: -1 is ESRCH).
    for (u64 pid : { kNoSuchPid, static_cast<u64>(-1), static_cast<u64>(INT_MIN), u64 { 0x7fffffff } }) {
        EXPECT_EQ(getpgid_as(caller(), pid), -ESRCH) << static_cast<i64>(pid);
        EXPECT_EQ(getsid_as(caller(), pid), -ESRCH) << static_cast<i64>(pid);
    }
}

TEST_F(ProcessGroupSyscallTest, GetpgidAndGetsid_ATid_NamesItsProcess)
{
    // find_task_by_vpid finds any thread; its group and session are its
    // process's (the host: getpgid(tid) is the process's group).
    make_caller_a_session_leader();
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread->pid().global_nr(), caller().pid().global_nr());
    EXPECT_EQ(getpgid_as(*init, thread->pid().global_nr()), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(getsid_as(*init, thread->pid().global_nr()), static_cast<i64>(pid_of(caller())));
}

TEST_F(ProcessGroupSyscallTest, Getsid_AnotherSession_IsAllowed)
{
    // getsid(2) lists EPERM for "a process in a different session" on some
    // systems; Linux's sys_getsid has no such check (the host: getsid(1)
    // from another session is 0).
    make_caller_a_session_leader();
    EXPECT_EQ(getsid_as(*init, pid_of(caller())), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(getsid_as(caller(), 1), 0);
}

TEST_F(ProcessGroupSyscallTest, GetpgidAndGetsid_Zombie_StillAnswer_ReapedIsEsrch)
{
    // A zombie keeps its group and session until it is reaped (the host).
    make_caller_a_session_leader();
    proc::Thread* child = zombie_child();
    const u64 pid = pid_of(*child);
    EXPECT_EQ(getpgid_as(caller(), pid), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(getsid_as(caller(), pid), static_cast<i64>(pid_of(caller())));
    ASSERT_EQ(call(__NR_wait4, pid, 0, 0, 0), static_cast<i64>(pid));
    EXPECT_EQ(getpgid_as(caller(), pid), -ESRCH);
    EXPECT_EQ(getsid_as(caller(), pid), -ESRCH);
}

TEST_F(ProcessGroupSyscallTest, GetpgidAndGetsid_PidIsAnInt_TheUpperHalfIsIgnored)
{
    const u64 pid = pid_of(caller());
    EXPECT_EQ(getpgid_as(*init, 0x100000000 | pid), 0);
    EXPECT_EQ(getsid_as(*init, 0xffffffff00000000 | pid), 0);
}

TEST_F(ProcessGroupSyscallTest, GetpgidAndGetsid_OutsideThePidNamespace_AreZero)
{
    // pid_vnr of a group or session the caller's namespace cannot see is 0
    // (pid_namespaces(7)).
    make_caller_a_session_leader();
    proc::Thread* child = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_EQ(child->pid().nr_in(child->active_pid_namespace()), 1);
    EXPECT_EQ(call_as(*child, __NR_getpgrp), 0);
    EXPECT_EQ(getsid_as(*child, 0), 0);
    EXPECT_EQ(getpgid_as(*child, 1), 0);
    // The caller's pid is no number in the child's namespace.
    EXPECT_EQ(getpgid_as(*child, pid_of(caller())), -ESRCH);
}

// --- setpgid: what it does -----------------------------------------------------------

TEST_F(ProcessGroupSyscallTest, Setpgid_ZeroZero_PutsTheCallerInANewGroupOfItsOwn)
{
    // setpgid(2): "If pid is zero, then the process ID of the calling
    // process is used. If pgid is zero, then the PGID of the process
    // specified by pid is made the same as its process ID."
    const proc::ProcessGroup* old_group = &caller().process().process_group();
    EXPECT_EQ(setpgid_as(caller(), 0, 0), 0);
    EXPECT_EQ(call(__NR_getpgrp), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(&caller().process().process_group().session(), &old_group->session());
    EXPECT_EQ(&init->process().process_group(), old_group);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_ChildIntoItsOwnGroup_ThenBackIntoTheCallers)
{
    // "setpgid() sets the PGID of the process specified by pid to pgid";
    // "processes may join an existing process group" of the same session.
    make_caller_a_session_leader();
    proc::Thread* child = spawn_child();
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), pid_of(*child)), 0);
    EXPECT_EQ(getpgid_as(caller(), pid_of(*child)), static_cast<i64>(pid_of(*child)));
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), pid_of(caller())), 0);
    EXPECT_EQ(&child->process().process_group(), &caller().process().process_group());
    // The group it left had no other member: gone with it.
    EXPECT_EQ(child->process().pid().process_group, nullptr);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_TheChildItself_MayMoveToo)
{
    make_caller_a_session_leader();
    proc::Thread* child = spawn_child();
    EXPECT_EQ(setpgid_as(*child, 0, 0), 0);
    EXPECT_EQ(setpgid_as(*child, pid_of(*child), pid_of(caller())), 0);
    EXPECT_EQ(&child->process().process_group(), &caller().process().process_group());
}

TEST_F(ProcessGroupSyscallTest, Setpgid_IntoTheGroupItsPidNames_RejoinsThatGroup)
{
    // "pgrp = task_pid(p)": a process that left the group its pid names
    // joins that same group again, with the members that stayed.
    make_caller_a_session_leader();
    proc::Thread* leader = spawn_child();
    ASSERT_EQ(setpgid_as(*leader, 0, 0), 0);
    proc::Thread* member = fork_from(*leader);
    const proc::ProcessGroup* group = &leader->process().process_group();
    ASSERT_EQ(&member->process().process_group(), group);
    ASSERT_EQ(setpgid_as(*leader, 0, pid_of(caller())), 0);
    EXPECT_EQ(setpgid_as(*leader, 0, 0), 0);
    EXPECT_EQ(&leader->process().process_group(), group);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_ZombieChild_CanBeMoved)
{
    // The host: a child that exited and was not reaped is still moved.
    make_caller_a_session_leader();
    proc::Thread* child = zombie_child();
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), 0), 0);
    EXPECT_EQ(getpgid_as(caller(), pid_of(*child)), static_cast<i64>(pid_of(*child)));
}

TEST_F(ProcessGroupSyscallTest, Setpgid_FromAThread_MovesItsProcess)
{
    // "if (!pid) pid = task_pid_vnr(group_leader)": the process, not the
    // thread.
    proc::Thread* thread = spawn_thread();
    EXPECT_EQ(setpgid_as(*thread, 0, 0), 0);
    EXPECT_EQ(call(__NR_getpgrp), static_cast<i64>(pid_of(caller())));
}

TEST_F(ProcessGroupSyscallTest, Setpgid_AlreadyInTheGroup_Succeeds)
{
    make_caller_a_session_leader();
    proc::Thread* child = spawn_child();
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), pid_of(caller())), 0);
    EXPECT_EQ(&child->process().process_group(), &caller().process().process_group());
}

TEST_F(ProcessGroupSyscallTest, Setpgid_ArgumentsAreInts_TheUpperHalfIsIgnored)
{
    // The host: setpgid(0x100000000 + getpid(), 0) makes a new group.
    EXPECT_EQ(setpgid_as(caller(), 0x100000000 | pid_of(caller()), 0xffffffff00000000), 0);
    EXPECT_EQ(call(__NR_getpgrp), static_cast<i64>(pid_of(caller())));
}

TEST_F(ProcessGroupSyscallTest, Setpgid_InAPidNamespace_NumbersAreThoseOfTheNamespace)
{
    // pid_namespaces(7): the caller's numbers; its group is 1 inside and
    // its global pid outside.
    proc::Thread* child = clone_ok(request_with(CLONE_NEWPID));
    EXPECT_EQ(setpgid_as(*child, 0, 1), 0);
    EXPECT_EQ(call_as(*child, __NR_getpgrp), 1);
    EXPECT_EQ(getpgid_as(caller(), pid_of(*child)), static_cast<i64>(pid_of(*child)));
    // The caller's group has no number there: it cannot be named.
    EXPECT_EQ(setpgid_as(*child, 0, pid_of(caller())), -EPERM);
}

// --- setpgid: the errors, in Linux's order ---------------------------------------------

TEST_F(ProcessGroupSyscallTest, Setpgid_NegativePgid_IsEinval)
{
    // setpgid(2) ERRORS: "EINVAL pgid is less than 0"; before the process
    // is looked up (the host: setpgid(-1, -1) and setpgid(-1, 0)).
    const proc::ProcessGroup* group = &caller().process().process_group();
    EXPECT_EQ(setpgid_as(caller(), 0, static_cast<u64>(-1)), -EINVAL);
    EXPECT_EQ(setpgid_as(caller(), kNoSuchPid, static_cast<u64>(-5)), -EINVAL);
    EXPECT_EQ(setpgid_as(caller(), static_cast<u64>(-1), 0), -EINVAL);
    EXPECT_EQ(setpgid_as(caller(), 0, static_cast<u64>(INT_MIN)), -EINVAL);
    EXPECT_EQ(&caller().process().process_group(), group);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_NoSuchProcess_IsEsrch)
{
    // "ESRCH For getpgid(): pid does not match any process. For setpgid():
    // pid is not the calling process and not a child of the calling
    // process."
    EXPECT_EQ(setpgid_as(caller(), kNoSuchPid, 0x2), -ESRCH);
    EXPECT_EQ(setpgid_as(caller(), static_cast<u64>(-1), 5), -ESRCH);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_ThreadThatIsNotALeader_IsEinval)
{
    // "if (!thread_group_leader(p)) goto out;" with -EINVAL (the host:
    // setpgid(tid, 0) is EINVAL).
    proc::Thread* thread = spawn_thread();
    EXPECT_EQ(setpgid_as(caller(), thread->pid().global_nr(), 0), -EINVAL);
    EXPECT_EQ(setpgid_as(*init, thread->pid().global_nr(), 0), -EINVAL);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_NeitherTheCallerNorItsChild_IsEsrch)
{
    proc::Thread* child = spawn_child();
    proc::Thread* grandchild = fork_from(*child);
    EXPECT_EQ(setpgid_as(caller(), 1, 0), -ESRCH);
    EXPECT_EQ(setpgid_as(caller(), pid_of(*grandchild), 0), -ESRCH);
    EXPECT_EQ(setpgid_as(*child, pid_of(caller()), 0), -ESRCH);
    // A CLONE_PARENT child is its creator's sibling.
    proc::Thread* sibling = clone_ok(request_with(CLONE_PARENT));
    EXPECT_EQ(setpgid_as(caller(), pid_of(*sibling), 0), -ESRCH);
    EXPECT_EQ(setpgid_as(*init, pid_of(*sibling), 0), 0);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_ChildInAnotherSession_IsEperm)
{
    // "EPERM An attempt was made to move a process into a process group in
    // a different session, or to change the process group ID of one of the
    // children of the calling process and the child was in a different
    // session".
    proc::Thread* child = spawn_child();
    ASSERT_EQ(setsid_as(*child), static_cast<i64>(pid_of(*child)));
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), 0), -EPERM);
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), pid_of(*child)), -EPERM);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_ChildThatHasExeced_IsEacces)
{
    // "EACCES An attempt was made to change the process group ID of one of
    // the children of the calling process and the child had already
    // performed an execve(2)." (PF_FORKNOEXEC cleared; execve_test.cpp
    // checks that exec clears it.)
    proc::Thread* child = spawn_child();
    ASSERT_TRUE(child->process().forked_without_exec());
    child->process().set_forked_without_exec(false);
    const proc::ProcessGroup* group = &child->process().process_group();
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), 0), -EACCES);
    // The check is on the parent's call only: the child moves itself.
    EXPECT_EQ(&child->process().process_group(), group);
    EXPECT_EQ(setpgid_as(*child, 0, 0), 0);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_OtherSessionComesBeforeExec_ExecBeforeTheGroup)
{
    // Linux's order: the session check, then PF_FORKNOEXEC, then the group
    // (the host: an exec'd child and a missing group is EACCES).
    proc::Thread* other_session = spawn_child();
    ASSERT_EQ(setsid_as(*other_session), static_cast<i64>(pid_of(*other_session)));
    other_session->process().set_forked_without_exec(false);
    EXPECT_EQ(setpgid_as(caller(), pid_of(*other_session), 0), -EPERM);
    proc::Thread* execed = spawn_child();
    execed->process().set_forked_without_exec(false);
    EXPECT_EQ(setpgid_as(caller(), pid_of(*execed), kNoSuchPid), -EACCES);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_SessionLeader_IsEperm)
{
    // "... or to change the process group ID of a session leader (setpgid(),
    // setpgrp())." - even to its own group (the host).
    make_caller_a_session_leader();
    EXPECT_EQ(setpgid_as(caller(), 0, 0), -EPERM);
    EXPECT_EQ(setpgid_as(caller(), 0, pid_of(caller())), -EPERM);
    proc::Thread* child = spawn_child();
    ASSERT_EQ(setsid_as(*child), static_cast<i64>(pid_of(*child)));
    ASSERT_EQ(setpgid_as(*child, 0, 0), -EPERM);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_GroupThatDoesNotExist_IsEperm)
{
    // "g = pid_task(pgrp, PIDTYPE_PGID); if (!g || ...) goto out;" with
    // -EPERM: a pid that names no group, or nothing (the host: 99999, and
    // a child's pid before it leads a group).
    make_caller_a_session_leader();
    proc::Thread* child = spawn_child();
    proc::Thread* other = spawn_child();
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), kNoSuchPid), -EPERM);
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), pid_of(*other)), -EPERM);
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), 0x7fffffff), -EPERM);
    EXPECT_EQ(&child->process().process_group(), &caller().process().process_group());
}

TEST_F(ProcessGroupSyscallTest, Setpgid_GroupInAnotherSession_IsEperm)
{
    // "... into a process group in a different session".
    proc::Thread* child = spawn_child();
    proc::Thread* other = spawn_child();
    ASSERT_EQ(setsid_as(*other), static_cast<i64>(pid_of(*other)));
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), pid_of(*other)), -EPERM);
    EXPECT_EQ(setpgid_as(caller(), 0, pid_of(*other)), -EPERM);
}

TEST_F(ProcessGroupSyscallTest, Setpgid_GroupOfOnlyAZombie_StillExists)
{
    // pid_task(pgrp, PIDTYPE_PGID) finds a zombie member until it is reaped.
    make_caller_a_session_leader();
    const u64 zombie = pid_of(*zombie_child());
    ASSERT_EQ(setpgid_as(caller(), zombie, 0), 0);
    proc::Thread* child = spawn_child();
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), zombie), 0);
    ASSERT_EQ(setpgid_as(caller(), pid_of(*child), pid_of(caller())), 0);
    ASSERT_EQ(call(__NR_wait4, zombie, 0, 0, 0), static_cast<i64>(zombie));
    EXPECT_EQ(setpgid_as(caller(), pid_of(*child), zombie), -EPERM);
}

// --- setsid ---------------------------------------------------------------------------------

TEST_F(ProcessGroupSyscallTest, Setsid_MakesANewSessionAndGroupLedByTheCaller)
{
    // setsid(2): "creates a new session if the calling process is not a
    // process group leader. The calling process is the leader of the new
    // session ..., the process group leader of the new process group ...
    // On success, the (new) session ID of the calling process is returned."
    const proc::ProcessGroup* old_group = &caller().process().process_group();
    EXPECT_EQ(setsid_as(caller()), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(getsid_as(caller(), 0), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(call(__NR_getpgrp), static_cast<i64>(pid_of(caller())));
    EXPECT_TRUE(proc::is_session_leader(caller().process()));
    // "The new session ... has no other processes": init stays where it was.
    EXPECT_EQ(&init->process().process_group(), old_group);
    EXPECT_EQ(getsid_as(*init, 0), 0);
}

TEST_F(ProcessGroupSyscallTest, Setsid_ChildrenForkedAfter_AreInTheNewSession)
{
    // fork(2): the child inherits the session and the group.
    make_caller_a_session_leader();
    proc::Thread* child = spawn_child();
    EXPECT_EQ(getsid_as(*child, 0), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(call_as(*child, __NR_getpgrp), static_cast<i64>(pid_of(caller())));
    EXPECT_FALSE(proc::is_session_leader(child->process()));
}

TEST_F(ProcessGroupSyscallTest, Setsid_SessionLeader_IsEperm)
{
    // setsid(2) ERRORS: "EPERM The process group ID of any process equals
    // the PID of the calling process."; Linux's first test is "Fail if I am
    // already a session leader".
    make_caller_a_session_leader();
    const proc::ProcessGroup* group = &caller().process().process_group();
    EXPECT_EQ(setsid_as(caller()), -EPERM);
    EXPECT_EQ(&caller().process().process_group(), group);
}

TEST_F(ProcessGroupSyscallTest, Setsid_ProcessGroupLeader_IsEperm)
{
    // "Thus, in particular, setsid() fails if the calling process is
    // already a process group leader."
    ASSERT_EQ(setpgid_as(caller(), 0, 0), 0);
    EXPECT_EQ(setsid_as(caller()), -EPERM);
    EXPECT_EQ(getsid_as(caller(), 0), 0);
}

TEST_F(ProcessGroupSyscallTest, Setsid_AGroupStillNamedByTheCallersPid_IsEperm)
{
    // "The process group ID of any process equals the PID of the calling
    // process": a group the caller founded and left, with members left.
    make_caller_a_session_leader();
    proc::Thread* leader = spawn_child();
    ASSERT_EQ(setpgid_as(*leader, 0, 0), 0);
    proc::Thread* member = fork_from(*leader);
    ASSERT_EQ(setpgid_as(*leader, 0, pid_of(caller())), 0);
    ASSERT_EQ(getpgid_as(*leader, pid_of(*member)), static_cast<i64>(pid_of(*leader)));
    EXPECT_EQ(setsid_as(*leader), -EPERM);
    // With the last member gone, the group is gone and setsid works.
    ASSERT_EQ(setpgid_as(*leader, pid_of(*member), pid_of(caller())), 0);
    EXPECT_EQ(setsid_as(*leader), static_cast<i64>(pid_of(*leader)));
}

TEST_F(ProcessGroupSyscallTest, Setsid_Init_MaySetsid)
{
    // Linux's init leads no session and no group until it asks.
    EXPECT_EQ(setsid_as(*init), 1);
    EXPECT_EQ(getsid_as(*init, 0), 1);
    EXPECT_EQ(call_as(*init, __NR_getpgrp), 1);
    EXPECT_EQ(getsid_as(caller(), 0), 0);
}

TEST_F(ProcessGroupSyscallTest, Setsid_FromAThread_ActsOnTheProcessAndReturnsItsPid)
{
    proc::Thread* thread = spawn_thread();
    EXPECT_EQ(setsid_as(*thread), static_cast<i64>(pid_of(caller())));
    EXPECT_EQ(getsid_as(caller(), 0), static_cast<i64>(pid_of(caller())));
}

TEST_F(ProcessGroupSyscallTest, Setsid_InAPidNamespace_ReturnsTheNamespacesNumber)
{
    // "err = session" where "session = pid_vnr(sid)".
    proc::Thread* child = clone_ok(request_with(CLONE_NEWPID));
    EXPECT_EQ(setsid_as(*child), 1);
    EXPECT_EQ(getsid_as(caller(), pid_of(*child)), static_cast<i64>(pid_of(*child)));
}

} // namespace
} // namespace sirius::testing
