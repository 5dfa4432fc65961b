// What a parent hears about its children, as Linux's kernel/exit.c
// (exit_notify, forget_original_parent, find_new_reaper, reparent_leader)
// and kernel/signal.c (do_notify_parent, do_notify_parent_cldstop,
// exit_signals) have it, and wait(2), sigaction(2), prctl(2) and clone(2)
// state it: the exit signal and its CLD_* siginfo, zombies and automatic
// reaping, orphans and their new parent, parent-death signals, and the
// CLD_STOPPED / CLD_CONTINUED notices of job control. One test per rule.
#include "core/proc/process_group.h"
#include "core/signal/child_notification.h"
#include "core/time/tick.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::AnyNumber;
using ::testing::AtLeast;
using ::testing::Ref;

constexpr u64 kHandler = 0x401000;

class ChildNotificationTest : public SignalTest {
protected:
    // A new thread (CLONE_THREAD) in the group of `owner`.
    proc::Thread* spawn_thread_of(proc::Thread& owner)
    {
        auto result = proc::kernel_clone(*kernel, owner, request_with(kThreadFlags, 0));
        if (result.is_error()) {
            ADD_FAILURE() << "clone failed: errno " << result.error().code();
            return nullptr;
        }
        return kernel->find_thread(owner.active_pid_namespace(), result.value().pid);
    }

    // A handler makes a signal observable: not ignored on arrival (as
    // SIGCHLD is by default) and not fatal (as SIGUSR1 is by default).
    static void catch_signal(proc::Thread& thread, int signal = SIGCHLD) { set_handler(thread, signal, kHandler); }

    static bool is_child_of(proc::Process& child, proc::Process& parent)
    {
        for (proc::Process& each : parent.children()) {
            if (&each == &child) {
                return true;
            }
        }
        return false;
    }

    // kill(pid, 0) from init: 0 while the pid names a process (zombies
    // included), -ESRCH once it is reaped.
    i64 probe(u64 pid) { return call_as(*init, __NR_kill, pid, 0); }

    // setpgid(0, 0) for `process`: a new group in its session, which it
    // returns.
    static proc::ProcessGroup* move_to_new_group(proc::Process& process)
    {
        auto group = proc::ProcessGroup::create(process.pid_ref(), process.process_group().session_ref());
        if (group.is_error()) {
            ADD_FAILURE() << "ProcessGroup::create failed: errno " << group.error().code();
            return nullptr;
        }
        process.set_process_group(group.value());
        return group.value().get();
    }

    // A group stop that has completed (SIGNAL_STOP_STOPPED) in `thread`'s
    // single-threaded process.
    static void stop(proc::Thread& thread)
    {
        thread.process().group_signals().stopped = true;
        thread.process().group_signals().stop_signal = SIGSTOP;
        thread.group_stopped = true;
    }

    // Gives `thread` its own credentials with every uid `uid`.
    static void set_uid(proc::Thread& thread, u32 uid)
    {
        ASSERT_OK_AND_ASSIGN(auto credentials, thread.credentials->clone());
        credentials->uid = { uid, uid, uid, uid };
        thread.credentials = credentials;
    }
};

// --- exit: the exit signal and its siginfo ---------------------------------

TEST_F(ChildNotificationTest, ChildExit_ParentGetsSigchldWithCldExited)
{
    // do_notify_parent: si_code CLD_EXITED, si_status the exit code
    // (exit_code >> 8), si_pid the child's pid in the parent's pid
    // namespace, si_uid the child's real uid.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    set_uid(*child, 1000);
    const u64 pid = tgid_of(*child);
    kernel->exit_thread(*child, 3 << 8);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.signo, SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildExited);
    EXPECT_EQ(info.child_status(), 3);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(pid));
    EXPECT_EQ(info.sender_uid(), 1000U);
}

TEST_F(ChildNotificationTest, ChildExit_ChildIsAZombieUntilReaped)
{
    // wait(2): "A child that terminates, but has not been waited for
    // becomes a "zombie"" - it keeps its pid until the parent reaps it.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 3 << 8);
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_TRUE(is_child_of(process, caller().process()));
    EXPECT_EQ(probe(pid), 0);
    kernel->reap(process);
    EXPECT_EQ(process.state(), proc::ProcessState::Reaped);
    EXPECT_FALSE(is_child_of(process, caller().process()));
    process.unref();
    EXPECT_EQ(probe(pid), -ESRCH);
}

TEST_F(ChildNotificationTest, ChildKilledBySignal_ParentGetsCldKilled)
{
    // do_notify_parent: "else if (tsk->exit_code & 0x7f) info.si_code =
    // CLD_KILLED", si_status the signal.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    kernel->exit_thread(*child, SIGTERM);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildKilled);
    EXPECT_EQ(info.child_status(), SIGTERM);
}

TEST_F(ChildNotificationTest, ChildDumpedCore_ParentGetsCldDumped)
{
    // do_notify_parent: "if (tsk->exit_code & 0x80) info.si_code =
    // CLD_DUMPED", si_status the signal without the core flag.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    kernel->exit_thread(*child, SIGSEGV | 0x80);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildDumped);
    EXPECT_EQ(info.child_status(), SIGSEGV);
}

TEST_F(ChildNotificationTest, ChildExit_DefaultSigchld_IsDiscardedButChildStaysAZombie)
{
    // signal(7): SIGCHLD's default action is "Ign" - it is not left
    // pending - but only SIG_IGN (or SA_NOCLDWAIT) spares the parent the
    // zombie (sigaction(2)).
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 0);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_TRUE(is_child_of(process, caller().process()));
    EXPECT_EQ(probe(pid), 0);
    process.unref();
}

TEST_F(ChildNotificationTest, ChildExit_WakesTheParentsWaiters)
{
    // do_notify_parent ends with __wake_up_parent: wait(2) callers sleeping
    // on the parent's wait_chldexit are woken.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_CALL(scheduler, wake_all(_)).Times(AnyNumber());
    EXPECT_CALL(scheduler, wake_all(Ref(caller().process().child_waiters()))).Times(AtLeast(1));
    kernel->exit_thread(*child, 0);
}

// --- exit: SIG_IGN and SA_NOCLDWAIT ------------------------------------------

TEST_F(ChildNotificationTest, ParentIgnoresSigchld_ChildIsReapedAtOnceAndNoSignalIsSent)
{
    // sigaction(2): "POSIX.1-2001 and later allow [...] setting the action
    // for SIGCHLD to SIG_IGN [...] the children of the calling process do
    // not become zombies"; do_notify_parent: "if (handler == SIG_IGN) sig =
    // 0". Blocking SIGCHLD shows that none is sent at all.
    set_handler(caller(), SIGCHLD, signal::kSigIgnore);
    block(caller(), SIGCHLD);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 3 << 8);
    EXPECT_EQ(process.state(), proc::ProcessState::Reaped);
    EXPECT_FALSE(is_child_of(process, caller().process()));
    process.unref();
    EXPECT_EQ(probe(pid), -ESRCH);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
}

TEST_F(ChildNotificationTest, ParentHasSaNocldwait_ChildIsReapedAtOnceAndSigchldIsStillSent)
{
    // sigaction(2) SA_NOCLDWAIT: "do not transform children into zombies
    // when they terminate"; do_notify_parent only drops the signal for
    // SIG_IGN, so a handler still gets CLD_EXITED.
    set_handler(caller(), SIGCHLD, kHandler, SA_NOCLDWAIT);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 3 << 8);
    EXPECT_EQ(process.state(), proc::ProcessState::Reaped);
    EXPECT_FALSE(is_child_of(process, caller().process()));
    process.unref();
    EXPECT_EQ(probe(pid), -ESRCH);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildExited);
    EXPECT_EQ(info.child_status(), 3);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(pid));
}

TEST_F(ChildNotificationTest, TracedParentIgnoresSigchld_ChildIsStillReapedAtOnce)
{
    // do_notify_parent: "if (!tsk->ptrace && sig == SIGCHLD && (SIG_IGN ||
    // SA_NOCLDWAIT)) autoreap" - what matters is whether the exiting CHILD
    // is traced; a tracer of the parent changes nothing.
    set_handler(caller(), SIGCHLD, signal::kSigIgnore);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    caller().ptrace.tracer = init;
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(process.state(), proc::ProcessState::Reaped);
    process.unref();
    EXPECT_EQ(probe(pid), -ESRCH);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
    caller().ptrace.tracer = nullptr;
}

// --- exit: exit signals other than SIGCHLD -----------------------------------

TEST_F(ChildNotificationTest, ExitSignalZero_NothingIsSentAndChildStaysAZombie)
{
    // clone(2): "If [the exit signal] is specified as 0, then no signal is
    // sent"; the parent's waiters are still woken (__wake_up_parent) and
    // the child must still be reaped.
    block(caller(), SIGCHLD);
    proc::Thread* child = clone_ok(request_with(0, 0));
    ASSERT_NE(child, nullptr);
    proc::Process& process = child->process();
    process.ref();
    EXPECT_CALL(scheduler, wake_all(_)).Times(AnyNumber());
    EXPECT_CALL(scheduler, wake_all(Ref(caller().process().child_waiters()))).Times(AtLeast(1));
    kernel->exit_thread(*child, 3 << 8);
    EXPECT_TRUE(caller().process().shared_pending().set().is_empty());
    EXPECT_TRUE(caller().pending.set().is_empty());
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_TRUE(is_child_of(process, caller().process()));
    process.unref();
}

TEST_F(ChildNotificationTest, ExitSignalSigusr1_ParentGetsSigusr1NotSigchld)
{
    // clone(2): the low byte of flags (exit_signal) is "the termination
    // signal sent to the parent when the child dies", with the same
    // CLD_* siginfo.
    catch_signal(caller(), SIGUSR1);
    block(caller(), SIGCHLD);
    proc::Thread* child = clone_ok(request_with(0, SIGUSR1));
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    kernel->exit_thread(*child, 7 << 8);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
    ASSERT_TRUE(group_pending(caller(), SIGUSR1));
    const signal::SignalInfo info = take_group(caller(), SIGUSR1);
    EXPECT_EQ(info.signo, SIGUSR1);
    EXPECT_EQ(info.code, signal::kChildExited);
    EXPECT_EQ(info.child_status(), 7);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(pid));
}

TEST_F(ChildNotificationTest, ExitSignalSigusr1_ParentIgnoresSigchld_ChildIsNotReapedAtOnce)
{
    // do_notify_parent auto-reaps only "if (sig == SIGCHLD && ...)": a
    // child with another exit signal stays a zombie even when the parent
    // ignores SIGCHLD.
    set_handler(caller(), SIGCHLD, signal::kSigIgnore);
    catch_signal(caller(), SIGUSR1);
    proc::Thread* child = clone_ok(request_with(0, SIGUSR1));
    ASSERT_NE(child, nullptr);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_TRUE(is_child_of(process, caller().process()));
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
    process.unref();
}

// --- exit: threads -----------------------------------------------------------

TEST_F(ChildNotificationTest, ThreadExit_OthersLive_ParentHearsNothing)
{
    // exit_notify: only "thread_group_leader(tsk) && thread_group_empty(tsk)"
    // notifies the parent; a thread of a live group does not.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* thread = spawn_thread_of(*child);
    ASSERT_NE(thread, nullptr);
    kernel->exit_thread(*thread, 0);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
    EXPECT_EQ(child->process().state(), proc::ProcessState::Alive);
}

TEST_F(ChildNotificationTest, LastThreadExit_ParentIsTold)
{
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* thread = spawn_thread_of(*child);
    ASSERT_NE(thread, nullptr);
    const u64 pid = tgid_of(*child);
    kernel->exit_thread(*thread, 0);
    kernel->exit_thread(*child, 4 << 8);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildExited);
    EXPECT_EQ(info.child_status(), 4);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(pid));
}

TEST_F(ChildNotificationTest, LeaderExitsFirst_ParentIsToldWhenTheLastThreadExitsWithItsStatus)
{
    // A group leader that exits before its threads is a "delayed group
    // leader": the parent hears when the last thread exits. That thread's
    // exit becomes the group exit (synchronize_group_exit), and since Linux
    // 6.15 SIGCHLD reports the group exit code, as wait(2) does.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* thread = spawn_thread_of(*child);
    ASSERT_NE(thread, nullptr);
    const u64 pid = tgid_of(*child);
    kernel->exit_thread(*child, 5 << 8);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
    EXPECT_EQ(thread->process().state(), proc::ProcessState::Alive);
    kernel->exit_thread(*thread, 6 << 8);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildExited);
    EXPECT_EQ(info.child_status(), 6);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(pid));
}

// --- orphans -----------------------------------------------------------------

TEST_F(ChildNotificationTest, ParentExit_OrphanGoesToInitWithSigchldAsExitSignal)
{
    // forget_original_parent / find_new_reaper: orphans go to the pid
    // namespace's child reaper; reparent_leader: "We don't want people
    // slaying init." - p->exit_signal = SIGCHLD.
    proc::Thread* child = clone_ok(request_with(0, SIGUSR1));
    ASSERT_NE(child, nullptr);
    proc::Process& process = child->process();
    kernel->exit_thread(caller(), 0);
    EXPECT_EQ(process.parent(), &init->process());
    EXPECT_EQ(process.parent_thread(), init);
    EXPECT_TRUE(is_child_of(process, init->process()));
    EXPECT_FALSE(is_child_of(process, caller().process()));
    EXPECT_EQ(process.exit_signal(), SIGCHLD);
}

TEST_F(ChildNotificationTest, ParentExit_WithSubreaperAncestor_OrphanGoesToTheSubreaper)
{
    // prctl(2) PR_SET_CHILD_SUBREAPER: "When a process becomes orphaned
    // [...] it will be reparented to the nearest still living ancestor
    // subreaper."
    caller().process().set_child_subreaper(true);
    proc::Thread* middle = spawn_child();
    ASSERT_NE(middle, nullptr);
    proc::Thread* grandchild = fork_from(*middle);
    ASSERT_NE(grandchild, nullptr);
    proc::Process& process = grandchild->process();
    kernel->exit_thread(*middle, 0);
    EXPECT_EQ(process.parent(), &caller().process());
    EXPECT_EQ(process.parent_thread(), &caller());
    EXPECT_TRUE(is_child_of(process, caller().process()));
    EXPECT_FALSE(is_child_of(process, init->process()));
}

TEST_F(ChildNotificationTest, ParentExit_SubreaperInAnOuterPidNamespace_OrphanGoesToTheNamespaceInit)
{
    // find_new_reaper looks for a subreaper only "while
    // (task_pid(reaper)->level == ns_level)": the orphan's own namespace
    // init comes before any subreaper outside it.
    caller().process().set_child_subreaper(true);
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    proc::Thread* middle = fork_from(*ns_init);
    ASSERT_NE(middle, nullptr);
    proc::Thread* grandchild = fork_from(*middle);
    ASSERT_NE(grandchild, nullptr);
    proc::Process& process = grandchild->process();
    kernel->exit_thread(*middle, 0);
    EXPECT_EQ(process.parent(), &ns_init->process());
    EXPECT_TRUE(is_child_of(process, ns_init->process()));
    EXPECT_FALSE(is_child_of(process, caller().process()));
}

TEST_F(ChildNotificationTest, ParentExit_ZombieOrphan_IsReportedToTheNewParent)
{
    // reparent_leader: "If it has exited notify the new parent about this
    // child's death." - do_notify_parent(p, SIGCHLD) to the reaper.
    block(*init, SIGCHLD);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 3 << 8);
    ASSERT_EQ(process.state(), proc::ProcessState::Zombie);
    kernel->exit_thread(caller(), 0);
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_TRUE(is_child_of(process, init->process()));
    // The orphan's notice comes first (forget_original_parent runs before
    // the exiting parent's own do_notify_parent); SIGCHLD is not queued
    // twice.
    ASSERT_TRUE(group_pending(*init, SIGCHLD));
    const signal::SignalInfo info = take_group(*init, SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildExited);
    EXPECT_EQ(info.child_status(), 3);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(pid));
    process.unref();
}

TEST_F(ChildNotificationTest, ParentExit_ZombieOrphan_InitAtDefault_StaysAZombieChildOfInit)
{
    // Init's SIGCHLD at SIG_DFL (without SA_NOCLDWAIT) does not auto-reap:
    // the zombie waits for init's wait(2).
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 0);
    kernel->exit_thread(caller(), 0);
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_EQ(process.parent(), &init->process());
    EXPECT_TRUE(is_child_of(process, init->process()));
    EXPECT_FALSE(group_pending(*init, SIGCHLD));
    EXPECT_EQ(probe(pid), 0);
    process.unref();
}

TEST_F(ChildNotificationTest, ParentExit_ZombieOrphan_ReaperIgnoresSigchld_IsReapedAtOnce)
{
    // reparent_leader: "if (do_notify_parent(p, p->exit_signal)) p->exit_state
    // = EXIT_DEAD" - the new parent's SIG_IGN reaps the zombie at once.
    set_handler(*init, SIGCHLD, signal::kSigIgnore);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 0);
    ASSERT_EQ(process.state(), proc::ProcessState::Zombie);
    kernel->exit_thread(caller(), 0);
    EXPECT_EQ(process.state(), proc::ProcessState::Reaped);
    EXPECT_FALSE(is_child_of(process, init->process()));
    process.unref();
    EXPECT_EQ(probe(pid), -ESRCH);
}

TEST_F(ChildNotificationTest, ParentExit_OrphanedProcessGroupWithStoppedMember_GetsSighupThenSigcont)
{
    // POSIX _exit / Linux reparent_leader -> kill_orphaned_pgrp: "If the
    // exit of the process causes a process group to become orphaned, and
    // if any member of the newly-orphaned process group is stopped, then a
    // SIGHUP signal followed by a SIGCONT signal shall be sent to each
    // process in the newly-orphaned process group." A member whose parent
    // is the global init does not keep the group from being orphaned
    // (will_become_orphaned_pgrp).
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Process& process = child->process();
    ASSERT_NE(move_to_new_group(process), nullptr);
    catch_signal(*child, SIGHUP);
    stop(*child);
    kernel->exit_thread(caller(), 0);
    EXPECT_TRUE(group_pending(*child, SIGHUP));
    EXPECT_FALSE(process.group_signals().stopped);
    EXPECT_FALSE(child->group_stopped);
    EXPECT_TRUE(process.group_signals().continued);
}

TEST_F(ChildNotificationTest, ProcessExit_ItsOwnGroupBecomesOrphanedWithStoppedMember_GetsSighupThenSigcont)
{
    // exit_notify: "if (group_dead) kill_orphaned_pgrp(tsk->group_leader,
    // NULL)" - the exiting process was its group's last link to a parent
    // in another group of the session ("we were the only connection
    // outside").
    ASSERT_NE(move_to_new_group(caller().process()), nullptr);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Process& process = child->process();
    ASSERT_EQ(&process.process_group(), &caller().process().process_group());
    catch_signal(*child, SIGHUP);
    stop(*child);
    kernel->exit_thread(caller(), 0);
    EXPECT_TRUE(group_pending(*child, SIGHUP));
    EXPECT_FALSE(process.group_signals().stopped);
    EXPECT_TRUE(process.group_signals().continued);
}

TEST_F(ChildNotificationTest, ParentExit_GroupStillLinkedThroughAnotherMember_GetsNoSighup)
{
    // will_become_orphaned_pgrp: a member whose parent is in another group
    // of the same session (and is not init) keeps the group attached.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Process& process = child->process();
    ASSERT_NE(move_to_new_group(process), nullptr);
    proc::Thread* other_parent = spawn_child();
    ASSERT_NE(other_parent, nullptr);
    proc::Thread* other_member = fork_from(*other_parent);
    ASSERT_NE(other_member, nullptr);
    other_member->process().set_process_group(process.process_group_ref());
    catch_signal(*child, SIGHUP);
    stop(*child);
    kernel->exit_thread(caller(), 0);
    EXPECT_FALSE(group_pending(*child, SIGHUP));
    EXPECT_TRUE(process.group_signals().stopped);
    EXPECT_TRUE(child->group_stopped);
}

TEST_F(ChildNotificationTest, ParentExit_OrphanedGroupWithoutStoppedMember_GetsNoSighup)
{
    // kill_orphaned_pgrp signals only "if (... && has_stopped_jobs(pgrp))".
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    ASSERT_NE(move_to_new_group(child->process()), nullptr);
    catch_signal(*child, SIGHUP);
    kernel->exit_thread(caller(), 0);
    EXPECT_FALSE(group_pending(*child, SIGHUP));
}

// --- parent-death signal -----------------------------------------------------

TEST_F(ChildNotificationTest, ParentExit_ChildGetsItsParentDeathSignal)
{
    // prctl(2) PR_SET_PDEATHSIG; forget_original_parent sends it with
    // group_send_sig_info(t->pdeath_signal, SEND_SIG_NOINFO, t,
    // PIDTYPE_TGID): process-directed, SI_USER, si_pid the exiting task's
    // tgid as the child sees it.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    catch_signal(*child, SIGUSR1);
    child->parent_death_signal = SIGUSR1;
    const u64 parent_pid = tgid_of(caller());
    kernel->exit_thread(caller(), 0);
    ASSERT_TRUE(group_pending(*child, SIGUSR1));
    EXPECT_FALSE(thread_pending(*child, SIGUSR1));
    const signal::SignalInfo info = take_group(*child, SIGUSR1);
    EXPECT_EQ(info.code, signal::kSiUser);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(parent_pid));
    EXPECT_EQ(info.sender_uid(), 0U);
    EXPECT_EQ(child->process().parent(), &init->process());
}

TEST_F(ChildNotificationTest, CreatingThreadExits_OtherThreadsLive_ChildGetsItsParentDeathSignal)
{
    // prctl(2): "the "parent" in this case is considered to be the thread
    // that created this process"; the child moves to a live thread of the
    // same group (find_alive_thread) and keeps its parent process.
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    proc::Thread* child = fork_from(*thread);
    ASSERT_NE(child, nullptr);
    ASSERT_EQ(child->process().parent_thread(), thread);
    catch_signal(*child, SIGUSR1);
    child->parent_death_signal = SIGUSR1;
    kernel->exit_thread(*thread, 0);
    ASSERT_TRUE(group_pending(*child, SIGUSR1));
    const signal::SignalInfo info = take_group(*child, SIGUSR1);
    EXPECT_EQ(info.code, signal::kSiUser);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(tgid_of(caller())));
    EXPECT_EQ(child->process().parent(), &caller().process());
    EXPECT_EQ(child->process().parent_thread(), &caller());
    EXPECT_EQ(child->process().exit_signal(), SIGCHLD);
}

TEST_F(ChildNotificationTest, OtherThreadOfParentExits_ChildGetsNoParentDeathSignal)
{
    // Only the exit of the creating thread counts: another thread's exit
    // leaves its children alone.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    catch_signal(*child, SIGUSR1);
    child->parent_death_signal = SIGUSR1;
    kernel->exit_thread(*thread, 0);
    EXPECT_FALSE(group_pending(*child, SIGUSR1));
    EXPECT_EQ(child->process().parent_thread(), &caller());
}

// --- stop and continue -------------------------------------------------------

TEST_F(ChildNotificationTest, NotifyStop_ParentGetsCldStoppedWithTheStopSignal)
{
    // do_notify_parent_cldstop: CLD_STOPPED, "si_status =
    // tsk->signal->group_exit_code & 0x7f" (the stop signal).
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    child->process().group_signals().stop_signal = SIGTSTP;
    signal::notify_parent_of_stop(*kernel, child->process(), signal::ParentNotice::Stopped);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildStopped);
    EXPECT_EQ(info.child_status(), SIGTSTP);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(tgid_of(*child)));
    EXPECT_EQ(info.sender_uid(), 0U);
}

TEST_F(ChildNotificationTest, NotifyContinue_ParentGetsCldContinuedWithSigcont)
{
    // do_notify_parent_cldstop: "case CLD_CONTINUED: info.si_status =
    // SIGCONT".
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    signal::notify_parent_of_stop(*kernel, child->process(), signal::ParentNotice::Continued);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildContinued);
    EXPECT_EQ(info.child_status(), SIGCONT);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(tgid_of(*child)));
}

TEST_F(ChildNotificationTest, NotifyStop_ParentHasSaNocldstop_NoSignalButWaitersWoken)
{
    // sigaction(2) SA_NOCLDSTOP: "do not receive notification when child
    // processes stop [...] or resume"; "Even if SIGCHLD is not generated,
    // we must wake up wait4 calls."
    set_handler(caller(), SIGCHLD, kHandler, SA_NOCLDSTOP);
    block(caller(), SIGCHLD);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    child->process().group_signals().stop_signal = SIGSTOP;
    EXPECT_CALL(scheduler, wake_all(_)).Times(AnyNumber());
    EXPECT_CALL(scheduler, wake_all(Ref(caller().process().child_waiters()))).Times(2);
    signal::notify_parent_of_stop(*kernel, child->process(), signal::ParentNotice::Stopped);
    signal::notify_parent_of_stop(*kernel, child->process(), signal::ParentNotice::Continued);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
}

TEST_F(ChildNotificationTest, NotifyStop_ParentIgnoresSigchld_NoSignalButWaitersWoken)
{
    // do_notify_parent_cldstop sends only "if (sa_handler != SIG_IGN &&
    // !(sa_flags & SA_NOCLDSTOP))"; the wake-up is unconditional.
    set_handler(caller(), SIGCHLD, signal::kSigIgnore);
    block(caller(), SIGCHLD);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    child->process().group_signals().stop_signal = SIGSTOP;
    EXPECT_CALL(scheduler, wake_all(_)).Times(AnyNumber());
    EXPECT_CALL(scheduler, wake_all(Ref(caller().process().child_waiters()))).Times(1);
    signal::notify_parent_of_stop(*kernel, child->process(), signal::ParentNotice::Stopped);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
}

TEST_F(ChildNotificationTest, ThreadExits_LastToJoinAGroupStop_CompletesItAndParentGetsCldStopped)
{
    // exit_signals: "if (unlikely(tsk->jobctl & JOBCTL_STOP_PENDING) &&
    // task_participate_group_stop(tsk)) group_stop = CLD_STOPPED" - the
    // exiting thread was the last one the stop waited for, so the group is
    // stopped and the parent told.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* thread = spawn_thread_of(*child);
    ASSERT_NE(thread, nullptr);
    signal::GroupSignalState& group = child->process().group_signals();
    group.stop_signal = SIGTTIN;
    group.threads_to_stop = 1;
    child->group_stopped = true;
    thread->group_stop_pending = true;
    kernel->exit_thread(*thread, 0);
    EXPECT_TRUE(group.stopped);
    EXPECT_EQ(group.threads_to_stop, 0U);
    ASSERT_TRUE(group_pending(caller(), SIGCHLD));
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildStopped);
    EXPECT_EQ(info.child_status(), SIGTTIN);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(tgid_of(*child)));
}

TEST_F(ChildNotificationTest, ThreadExits_GroupStopStillWaitsForOthers_ParentHearsNothing)
{
    // task_participate_group_stop: completion is reported only when
    // group_stop_count reaches 0.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* thread = spawn_thread_of(*child);
    ASSERT_NE(thread, nullptr);
    signal::GroupSignalState& group = child->process().group_signals();
    group.stop_signal = SIGTTIN;
    group.threads_to_stop = 2;
    child->group_stop_pending = true;
    thread->group_stop_pending = true;
    kernel->exit_thread(*thread, 0);
    EXPECT_FALSE(group.stopped);
    EXPECT_EQ(group.threads_to_stop, 1U);
    EXPECT_FALSE(group_pending(caller(), SIGCHLD));
}

TEST_F(ChildNotificationTest, ThreadExits_GroupSignalItCouldTake_IsRetargetedToAThreadThatCan)
{
    // exit_signals -> retarget_shared_pending: a group signal the exiting
    // thread did not block wakes a live thread that does not block it.
    proc::Thread* exiting = spawn_thread();
    ASSERT_NE(exiting, nullptr);
    proc::Thread* blocking = spawn_thread();
    ASSERT_NE(blocking, nullptr);
    catch_signal(caller(), SIGUSR1);
    // SIGUSR1 becomes pending for the group while every thread blocks it,
    // so nobody is woken yet.
    for (proc::Thread* thread : { &caller(), exiting, blocking }) {
        block(*thread, SIGUSR1);
    }
    ASSERT_EQ(call_as(*init, __NR_kill, tgid_of(caller()), SIGUSR1), 0);
    ASSERT_TRUE(group_pending(caller(), SIGUSR1));
    // Then `exiting` and the caller unblock it; `exiting` leaves without
    // taking it: the caller is woken for it, `blocking` is not.
    exiting->blocked.remove(SIGUSR1);
    caller().blocked.remove(SIGUSR1);
    EXPECT_CALL(scheduler, interrupt(Ref(caller()), hal::InterruptKind::Signal));
    EXPECT_CALL(scheduler, interrupt(Ref(*blocking), _)).Times(0);
    kernel->exit_thread(*exiting, 0);
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
}

// --- the child's CPU times ----------------------------------------------------

TEST_F(ChildNotificationTest, ChildExit_SigchldCarriesTheChildsCpuTimesInClockTicks)
{
    // do_notify_parent: "info.si_utime = nsec_to_clock_t(utime +
    // tsk->signal->utime)" - every thread of the child, dead ones too, but
    // not the children it waited for.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* helper = spawn_thread_of(*child);
    ASSERT_NE(helper, nullptr);
    for (int i = 0; i < 230; ++i) {
        time::account_tick(*kernel, *child, time::TickMode::User);
    }
    for (int i = 0; i < 50; ++i) {
        time::account_tick(*kernel, *helper, time::TickMode::System);
    }
    child->process().children_times() = time::CpuTimes { 1'000'000'000, 1'000'000'000 };
    kernel->exit_thread(*helper, 0);
    kernel->exit_thread(*child, 0);
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.child_user_time(), 23);
    EXPECT_EQ(info.child_system_time(), 5);
}

TEST_F(ChildNotificationTest, NotifyStop_SigchldCarriesTheLeadersOwnCpuTimes)
{
    // do_notify_parent_cldstop: "task_cputime(tsk, &utime, &stime)" of the
    // group leader alone.
    catch_signal(caller());
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* helper = spawn_thread_of(*child);
    ASSERT_NE(helper, nullptr);
    for (int i = 0; i < 120; ++i) {
        time::account_tick(*kernel, *child, time::TickMode::User);
        time::account_tick(*kernel, *helper, time::TickMode::User);
    }
    child->process().group_signals().stop_signal = SIGSTOP;
    signal::notify_parent_of_stop(*kernel, child->process(), signal::ParentNotice::Stopped);
    const signal::SignalInfo info = take_group(caller(), SIGCHLD);
    EXPECT_EQ(info.child_user_time(), 12);
    EXPECT_EQ(info.child_system_time(), 0);
}

} // namespace
} // namespace sirius::testing
