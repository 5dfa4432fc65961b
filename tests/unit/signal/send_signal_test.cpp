// Signal generation as Linux's kernel/signal.c does it (prepare_signal,
// sig_ignored, __send_signal_locked, complete_signal) and signal(7) states
// it: what is discarded on arrival, which thread is woken, fatal signals
// taking the whole group down, and the job-control side effects of stop
// signals and SIGCONT.
#include "core/signal/kill.h"
#include "core/signal/send_signal.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kHandler = 0x401000;

class SendSignalTest : public SignalTest {
protected:
    Result<void> send(proc::Thread& target, int signal, signal::SignalScope scope = signal::SignalScope::Process)
    {
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiUser;
        return signal::send_signal(*kernel, info, target, scope, signal::SignalSender::user(*init));
    }
};

TEST_F(SendSignalTest, IgnoredSignal_IsDiscardedOnArrival)
{
    set_handler(caller(), SIGUSR1, signal::kSigIgnore);
    ASSERT_TRUE(send(caller(), SIGUSR1).has_value());
    EXPECT_FALSE(group_pending(caller(), SIGUSR1));
}

TEST_F(SendSignalTest, DefaultIgnoredSignal_IsDiscardedOnArrival)
{
    // signal(7): SIGCHLD, SIGCONT, SIGURG and SIGWINCH default to "Ign".
    for (int signal : { SIGCHLD, SIGURG, SIGWINCH, SIGCONT }) {
        ASSERT_TRUE(send(caller(), signal).has_value());
        EXPECT_FALSE(group_pending(caller(), signal)) << signal;
    }
}

TEST_F(SendSignalTest, BlockedIgnoredSignal_StaysPending)
{
    // "Blocked signals are never ignored, since the signal handler may
    // change by the time it is unblocked."
    set_handler(caller(), SIGUSR1, signal::kSigIgnore);
    block(caller(), SIGUSR1);
    block(caller(), SIGCHLD);
    ASSERT_TRUE(send(caller(), SIGUSR1).has_value());
    ASSERT_TRUE(send(caller(), SIGCHLD).has_value());
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
    EXPECT_TRUE(group_pending(caller(), SIGCHLD));
}

TEST_F(SendSignalTest, StopSignal_DiscardsPendingSigcont)
{
    // signal(7): "when a stop signal is generated, any pending SIGCONT
    // signals are discarded".
    block(caller(), SIGCONT);
    block(caller(), SIGTSTP);
    ASSERT_TRUE(send(caller(), SIGCONT).has_value());
    ASSERT_TRUE(send(caller(), SIGCONT, signal::SignalScope::Thread).has_value());
    ASSERT_TRUE(send(caller(), SIGTSTP).has_value());
    EXPECT_FALSE(group_pending(caller(), SIGCONT));
    EXPECT_FALSE(thread_pending(caller(), SIGCONT));
    EXPECT_TRUE(group_pending(caller(), SIGTSTP));
}

TEST_F(SendSignalTest, Sigcont_DiscardsPendingStopSignals)
{
    // signal(7): "when SIGCONT is generated, any pending stop signals are
    // discarded".
    proc::Thread* thread = spawn_thread();
    for (int signal : { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU }) {
        block(caller(), signal);
        block(*thread, signal);
    }
    ASSERT_TRUE(send(caller(), SIGTSTP).has_value());
    ASSERT_TRUE(send(*thread, SIGTTIN, signal::SignalScope::Thread).has_value());
    ASSERT_TRUE(send(caller(), SIGCONT).has_value());
    EXPECT_FALSE(group_pending(caller(), SIGTSTP));
    EXPECT_FALSE(thread_pending(*thread, SIGTTIN));
}

TEST_F(SendSignalTest, Sigcont_ResumesAStoppedGroupAndTellsTheParent)
{
    proc::Process& process = caller().process();
    process.group_signals().stopped = true;
    process.group_signals().stop_signal = SIGSTOP;
    caller().group_stopped = true;
    EXPECT_CALL(scheduler, wake_all(Ref(process.group_signals().stopped_threads)));
    ASSERT_TRUE(send(caller(), SIGCONT).has_value());
    EXPECT_FALSE(process.group_signals().stopped);
    EXPECT_FALSE(caller().group_stopped);
    EXPECT_TRUE(process.group_signals().continued);
    // The first thread to run tells the parent (CLD_CONTINUED).
    EXPECT_EQ(process.group_signals().parent_notice, signal::ParentNotice::Continued);
}

TEST_F(SendSignalTest, ProcessDirected_WakesAThreadThatDoesNotBlockIt)
{
    // signal(7): "A process-directed signal may be delivered to any one of
    // the threads that does not currently have the signal blocked."
    proc::Thread* thread = spawn_thread();
    set_handler(caller(), SIGUSR1, kHandler);
    block(caller(), SIGUSR1);
    EXPECT_CALL(scheduler, interrupt(Ref(*thread), hal::InterruptKind::Signal));
    EXPECT_CALL(scheduler, interrupt(Ref(caller()), _)).Times(0);
    ASSERT_TRUE(send(caller(), SIGUSR1).has_value());
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
}

TEST_F(SendSignalTest, ProcessDirected_EveryThreadBlocks_NobodyIsWoken)
{
    proc::Thread* thread = spawn_thread();
    set_handler(caller(), SIGUSR1, kHandler);
    block(caller(), SIGUSR1);
    block(*thread, SIGUSR1);
    EXPECT_CALL(scheduler, interrupt(_, _)).Times(0);
    ASSERT_TRUE(send(caller(), SIGUSR1).has_value());
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
}

TEST_F(SendSignalTest, ThreadDirected_StaysWithItsThread)
{
    // signal(7): "A thread-directed signal is targeted at a specific thread."
    proc::Thread* thread = spawn_thread();
    set_handler(caller(), SIGUSR1, kHandler);
    block(*thread, SIGUSR1);
    EXPECT_CALL(scheduler, interrupt(_, _)).Times(0);
    ASSERT_TRUE(send(*thread, SIGUSR1, signal::SignalScope::Thread).has_value());
    EXPECT_TRUE(thread_pending(*thread, SIGUSR1));
    EXPECT_FALSE(thread_pending(caller(), SIGUSR1));
}

TEST_F(SendSignalTest, FatalSignal_KillsEveryThreadOfTheGroup)
{
    // A default-action terminating signal takes the whole group down
    // (complete_signal): every thread gets SIGKILL and is woken as fatal.
    proc::Thread* thread = spawn_thread();
    EXPECT_CALL(scheduler, interrupt(Ref(caller()), hal::InterruptKind::FatalSignal));
    EXPECT_CALL(scheduler, interrupt(Ref(*thread), hal::InterruptKind::FatalSignal));
    ASSERT_TRUE(send(*thread, SIGTERM, signal::SignalScope::Thread).has_value());
    EXPECT_TRUE(caller().process().group_signals().exiting);
    EXPECT_EQ(caller().process().group_signals().exit_code, SIGTERM);
    EXPECT_TRUE(caller().has_fatal_signal());
    EXPECT_TRUE(thread->has_fatal_signal());
}

TEST_F(SendSignalTest, GroupExiting_DropsNewSignals)
{
    // "The process is in the middle of dying, drop the signal."
    ASSERT_TRUE(send(caller(), SIGTERM).has_value());
    set_handler(caller(), SIGUSR2, kHandler);
    ASSERT_TRUE(send(caller(), SIGUSR2).has_value());
    EXPECT_FALSE(group_pending(caller(), SIGUSR2));
}

TEST_F(SendSignalTest, CoreDumpSignal_GoesThroughDelivery)
{
    // A core-dumping signal is not short-cut: the dump is written when it
    // is delivered.
    ASSERT_TRUE(send(caller(), SIGSEGV).has_value());
    EXPECT_FALSE(caller().process().group_signals().exiting);
    EXPECT_TRUE(group_pending(caller(), SIGSEGV));
}

TEST_F(SendSignalTest, Sigkill_WakesAStoppedThread)
{
    caller().group_stopped = true;
    EXPECT_CALL(scheduler, interrupt(Ref(caller()), hal::InterruptKind::FatalSignal));
    ASSERT_TRUE(send(caller(), SIGKILL).has_value());
    EXPECT_TRUE(caller().has_fatal_signal());
}

TEST_F(SendSignalTest, GlobalInit_IgnoresSigkillAndUnhandledSignals)
{
    // kill(2): "The only signals that can be sent to process ID 1, the init
    // process, are those for which init has explicitly installed signal
    // handlers."
    ASSERT_TRUE(send(*init, SIGKILL).has_value());
    ASSERT_TRUE(send(*init, SIGTERM).has_value());
    EXPECT_FALSE(init->has_fatal_signal());
    EXPECT_FALSE(group_pending(*init, SIGTERM));
    set_handler(*init, SIGTERM, kHandler);
    ASSERT_TRUE(send(*init, SIGTERM).has_value());
    EXPECT_TRUE(group_pending(*init, SIGTERM));
}

TEST_F(SendSignalTest, NamespaceInit_TakesSigkillOnlyFromAnAncestorNamespace)
{
    // pid_namespaces(7): init of a namespace gets only the signals it has
    // handlers for from its own namespace; SIGKILL and SIGSTOP from an
    // ancestor namespace are forced.
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    m_caller = ns_init;
    proc::Thread* inner = clone_ok(request_with(0));
    ASSERT_NE(inner, nullptr);
    signal::SignalInfo info;
    info.signo = SIGKILL;
    info.code = signal::kSiUser;
    ASSERT_TRUE(signal::send_signal(*kernel, info, *ns_init, signal::SignalScope::Process, signal::SignalSender::user(*inner)).has_value());
    EXPECT_FALSE(ns_init->has_fatal_signal());
    ASSERT_TRUE(signal::send_signal(*kernel, info, *ns_init, signal::SignalScope::Process, signal::SignalSender::user(*init)).has_value());
    EXPECT_TRUE(ns_init->has_fatal_signal());
}

TEST_F(SendSignalTest, SenderInvisibleToTheTarget_SiPidIsZero)
{
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    set_handler(*ns_init, SIGUSR1, kHandler);
    ASSERT_TRUE(send(*ns_init, SIGUSR1).has_value());
    const signal::SignalInfo info = take_group(*ns_init, SIGUSR1);
    EXPECT_EQ(info.signo, SIGUSR1);
    EXPECT_EQ(info.sender_pid(), 0);
}

TEST_F(SendSignalTest, StandardSignalAlreadyPending_IsNotQueuedAgain)
{
    set_handler(caller(), SIGUSR1, kHandler);
    block(caller(), SIGUSR1);
    ASSERT_TRUE(send(caller(), SIGUSR1).has_value());
    ASSERT_TRUE(send(caller(), SIGUSR1).has_value());
    EXPECT_EQ(caller().process().shared_pending().queued_count(), 1U);
}

TEST_F(SendSignalTest, QueuedSignals_AreChargedToTheReceiversRealUid)
{
    set_handler(caller(), SIGRTMIN, kHandler);
    block(caller(), SIGRTMIN);
    become_user(1000);
    ASSERT_TRUE(send(caller(), SIGRTMIN).has_value());
    ASSERT_OK_AND_ASSIGN(auto quota, kernel->signal_quota(1000));
    EXPECT_EQ(quota->queued(), 1U);
    caller().process().shared_pending().clear();
    EXPECT_EQ(quota->queued(), 0U);
}

} // namespace
} // namespace sirius::testing

namespace sirius::testing {
namespace {

TEST_F(SendSignalTest, RunningThread_IsPreferredForAProcessDirectedSignal)
{
    // complete_signal's wants_signal: a thread running now (task_curr) can
    // take the signal even if it has others pending.
    proc::Thread* thread = spawn_thread();
    set_handler(caller(), SIGUSR1, kHandler);
    set_handler(caller(), SIGUSR2, kHandler);
    ASSERT_TRUE(send(caller(), SIGUSR2).has_value()); // the leader is now busy
    ON_CALL(scheduler, current_thread()).WillByDefault(::testing::Return(thread));
    EXPECT_CALL(scheduler, interrupt(Ref(*thread), hal::InterruptKind::Signal));
    ASSERT_TRUE(send(*thread, SIGUSR1).has_value());
}

TEST_F(SendSignalTest, Sigcont_DuringAGroupStop_TellsTheParentItStopped)
{
    // prepare_signal: SIGCONT while a stop is under way reports CLD_STOPPED
    // (the stop did happen as far as the parent can tell).
    proc::Process& process = caller().process();
    process.group_signals().threads_to_stop = 1;
    caller().group_stop_pending = true;
    ASSERT_TRUE(send(caller(), SIGCONT).has_value());
    EXPECT_EQ(process.group_signals().parent_notice, signal::ParentNotice::Stopped);
    EXPECT_EQ(process.group_signals().threads_to_stop, 0U);
    EXPECT_FALSE(caller().group_stop_pending);
}

TEST_F(SendSignalTest, SenderInAnotherUserNamespace_SiUidIsTranslated)
{
    // __send_signal_locked: si_uid is made relative to the target's user
    // namespace; an id with no mapping there shows as the overflow uid.
    proc::Thread* inner = clone_ok(request_with(CLONE_NEWUSER));
    ASSERT_NE(inner, nullptr);
    set_handler(caller(), SIGUSR1, kHandler);
    const signal::SignalInfo info = signal::sender_info(*inner, SIGUSR1, signal::kSiUser);
    EXPECT_EQ(info.sender_uid(), ns::kOverflowId); // no uid_map written yet
    ASSERT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Process, signal::SignalSender::user(*inner)).has_value());
    EXPECT_EQ(take_group(caller(), SIGUSR1).sender_uid(), ns::kOverflowId);
}

TEST_F(SendSignalTest, NonKillLayout_KeepsItsFieldsAcrossPidNamespaces)
{
    // has_si_pid_and_uid: only kill-like layouts carry a sender to clear.
    // An SI_TIMER siginfo's first field is the timer id, not a pid.
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    set_handler(*ns_init, SIGUSR1, kHandler);
    set_handler(*ns_init, SIGUSR2, kHandler);
    signal::SignalInfo timer;
    timer.signo = SIGUSR1;
    timer.code = -2; // SI_TIMER
    timer.set_sender(77, 0);
    ASSERT_TRUE(signal::send_signal(*kernel, timer, *ns_init, signal::SignalScope::Process, signal::SignalSender::user(caller())).has_value());
    EXPECT_EQ(take_group(*ns_init, SIGUSR1).sender_pid(), 77);
    signal::SignalInfo kernel_code = timer;
    kernel_code.signo = SIGUSR2;
    kernel_code.code = signal::kSiKernel;
    ASSERT_TRUE(signal::send_signal(*kernel, kernel_code, *ns_init, signal::SignalScope::Process, signal::SignalSender::user(caller())).has_value());
    EXPECT_EQ(take_group(*ns_init, SIGUSR2).sender_pid(), 0);
}

TEST_F(SendSignalTest, ForcedSignal_BlockedOrIgnored_IsUnblockedAndDefault)
{
    // force_sig_info_to_task: a signal the thread caused itself cannot be
    // blocked or ignored away.
    set_handler(caller(), SIGSEGV, signal::kSigIgnore);
    block(caller(), SIGSEGV);
    signal::force_signal(*kernel, caller(), SIGSEGV, false);
    EXPECT_EQ(caller().signal_actions->action(SIGSEGV).handler, signal::kSigDefault);
    EXPECT_FALSE(caller().blocked.contains(SIGSEGV));
    EXPECT_TRUE(thread_pending(caller(), SIGSEGV));
}

TEST_F(SendSignalTest, ForcedSignal_CaughtAndUnblocked_KeepsItsHandler)
{
    set_handler(caller(), SIGSEGV, kHandler);
    signal::force_signal(*kernel, caller(), SIGSEGV, false);
    EXPECT_EQ(caller().signal_actions->action(SIGSEGV).handler, kHandler);
    EXPECT_TRUE(thread_pending(caller(), SIGSEGV));
}

TEST_F(SendSignalTest, SignalToAZombie_IsDroppedQuietly)
{
    proc::Thread* child = spawn_child();
    proc::Process& process = child->process();
    process.ref();
    proc::Thread* leader = process.leader();
    kernel->exit_thread(*child, 0);
    ASSERT_TRUE(send(*leader, SIGUSR1).has_value());
    EXPECT_TRUE(process.shared_pending().set().is_empty());
    process.unref();
}

} // namespace
} // namespace sirius::testing
