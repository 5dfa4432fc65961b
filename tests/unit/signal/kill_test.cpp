// kill(2), tkill(2), tgkill(2), rt_sigqueueinfo(2) and rt_tgsigqueueinfo(2)
// as Linux's kernel/signal.c has them, through the syscall table: one test
// per rule. tests/conformance/signal/kill_rules.c checks the same rules on
// the host's Linux.
#include <sys/resource.h>

#include "core/proc/process_group.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kInfo = KernelTest::kUserData + 0x400;
constexpr u64 kBad = 0xdead0000;

class KillTest : public SignalTest {
protected:
    // setpgid(0, 0) for `thread`'s process: a new group in its session.
    void move_to_new_group(proc::Thread& thread)
    {
        proc::Process& process = thread.process();
        ASSERT_OK_AND_ASSIGN(auto group, proc::ProcessGroup::create(process.pid_ref(), process.process_group().session_ref()));
        process.set_process_group(group);
    }
    signal::SignalInfo queue_info(i32 code, u64 value)
    {
        signal::SignalInfo info;
        info.signo = SIGUSR2; // the syscall's signal argument wins
        info.code = code;
        info.set_sender(4242, 77);
        info.set_value(value);
        return info;
    }
};

// --- kill ---------------------------------------------------------------

TEST_F(KillTest, Kill_PositivePid_MakesSignalPendingForThatProcess)
{
    proc::Thread* child = spawn_child();
    ASSERT_EQ(call(__NR_kill, tgid_of(*child), SIGUSR1), 0);
    EXPECT_TRUE(group_pending(*child, SIGUSR1));
    EXPECT_FALSE(thread_pending(*child, SIGUSR1));
    // kill(2) sends SI_USER with the sender's pid and real uid.
    const signal::SignalInfo info = take_group(*child, SIGUSR1);
    EXPECT_EQ(info.code, signal::kSiUser);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(tgid_of(caller())));
    EXPECT_EQ(info.sender_uid(), 0U);
}

TEST_F(KillTest, Kill_SignalZero_ChecksExistenceOnly)
{
    proc::Thread* child = spawn_child();
    EXPECT_EQ(call(__NR_kill, tgid_of(*child), 0), 0);
    EXPECT_TRUE(child->process().shared_pending().set().is_empty());
}

TEST_F(KillTest, Kill_InvalidSignal_IsEinval)
{
    proc::Thread* child = spawn_child();
    EXPECT_EQ(call(__NR_kill, tgid_of(*child), 65), -EINVAL);
    EXPECT_EQ(call(__NR_kill, tgid_of(*child), static_cast<u64>(-1)), -EINVAL);
    EXPECT_EQ(call(__NR_kill, 0, 65), -EINVAL);
    EXPECT_EQ(call(__NR_kill, static_cast<u64>(-1), 65), -EINVAL);
}

TEST_F(KillTest, Kill_InvalidSignalToMissingProcess_IsEsrch)
{
    // The target is looked up before the signal is checked.
    EXPECT_EQ(call(__NR_kill, 30000, 65), -ESRCH);
}

TEST_F(KillTest, Kill_NoSuchProcess_IsEsrch)
{
    EXPECT_EQ(call(__NR_kill, 30000, SIGUSR1), -ESRCH);
    EXPECT_EQ(call(__NR_kill, 0x7fffffff, 0), -ESRCH);
}

TEST_F(KillTest, Kill_IntMin_IsEsrch)
{
    EXPECT_EQ(call(__NR_kill, 0x80000000U, 0), -ESRCH);
}

TEST_F(KillTest, Kill_NoSuchProcessGroup_IsEsrch)
{
    EXPECT_EQ(call(__NR_kill, static_cast<u64>(-30000), 0), -ESRCH);
}

TEST_F(KillTest, Kill_PidZero_SignalsEveryProcessOfCallersGroup)
{
    move_to_new_group(caller());
    proc::Thread* first = spawn_child();
    proc::Thread* second = spawn_child();
    proc::Thread* outsider = spawn_child();
    move_to_new_group(*outsider);
    ASSERT_EQ(call(__NR_kill, 0, SIGUSR1), 0);
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
    EXPECT_TRUE(group_pending(*first, SIGUSR1));
    EXPECT_TRUE(group_pending(*second, SIGUSR1));
    EXPECT_FALSE(group_pending(*outsider, SIGUSR1));
}

TEST_F(KillTest, Kill_NegativePid_SignalsThatProcessGroup)
{
    proc::Thread* leader = spawn_child();
    move_to_new_group(*leader);
    proc::Thread* member = spawn_child();
    member->process().set_process_group(leader->process().process_group_ref());
    ASSERT_EQ(call(__NR_kill, static_cast<u64>(-static_cast<i64>(tgid_of(*leader))), SIGUSR2), 0);
    EXPECT_TRUE(group_pending(*leader, SIGUSR2));
    EXPECT_TRUE(group_pending(*member, SIGUSR2));
    EXPECT_FALSE(group_pending(caller(), SIGUSR2));
}

TEST_F(KillTest, Kill_MinusOne_SignalsAllButInitAndTheCaller)
{
    // kill(2): "sig is sent to every process for which the calling process
    // has permission to send signals, except for process 1 (init)".
    proc::Thread* child = spawn_child();
    set_handler(*init, SIGUSR1, 0x401000);
    ASSERT_EQ(call(__NR_kill, static_cast<u64>(-1), SIGUSR1), 0);
    EXPECT_TRUE(group_pending(*child, SIGUSR1));
    EXPECT_FALSE(group_pending(caller(), SIGUSR1));
    EXPECT_FALSE(group_pending(*init, SIGUSR1));
}

TEST_F(KillTest, Kill_MinusOne_NobodyElse_IsEsrch)
{
    // Only init and the caller exist: nothing to signal.
    EXPECT_EQ(call(__NR_kill, static_cast<u64>(-1), 0), -ESRCH);
}

TEST_F(KillTest, Kill_OtherUserWithoutCapKill_IsEperm)
{
    // kill(2): "the real or effective user ID of the sending process must
    // equal the real or saved set-user-ID of the target process".
    proc::Thread* root_child = spawn_child();
    become_user(1000);
    EXPECT_EQ(call(__NR_kill, tgid_of(*root_child), SIGUSR1), -EPERM);
    EXPECT_EQ(call(__NR_kill, tgid_of(*root_child), 0), -EPERM);
    EXPECT_FALSE(group_pending(*root_child, SIGUSR1));
}

TEST_F(KillTest, Kill_MatchingRealOrSavedUid_IsAllowed)
{
    become_user(1000);
    proc::Thread* child = spawn_child(); // runs as 1000 too
    EXPECT_EQ(call(__NR_kill, tgid_of(*child), SIGUSR1), 0);
    // Effective uid 1000 against a target whose saved uid is 1000.
    ASSERT_OK_AND_ASSIGN(auto credentials, child->credentials->clone());
    credentials->uid = { 5, 5, 1000, 5 };
    child->credentials = credentials;
    EXPECT_EQ(call(__NR_kill, tgid_of(*child), SIGUSR2), 0);
}

TEST_F(KillTest, Kill_CapKill_OverridesTheUidRule)
{
    proc::Thread* root_child = spawn_child();
    proc::CapabilitySet kill_only;
    kill_only.add(CAP_KILL);
    become_user(1000, kill_only);
    EXPECT_EQ(call(__NR_kill, tgid_of(*root_child), SIGUSR1), 0);
}

TEST_F(KillTest, Kill_SigcontWithinTheSession_NeedsNoPermission)
{
    // kill(2): "In the case of SIGCONT, it suffices when the sending and
    // receiving processes belong to the same session."
    proc::Thread* root_child = spawn_child();
    become_user(1000);
    EXPECT_EQ(call(__NR_kill, tgid_of(*root_child), SIGCONT), 0);
    EXPECT_EQ(call(__NR_kill, tgid_of(*root_child), SIGUSR1), -EPERM);
}

TEST_F(KillTest, Kill_SigcontToAnotherSession_IsEperm)
{
    proc::Thread* root_child = spawn_child();
    proc::Process& process = root_child->process();
    ASSERT_OK_AND_ASSIGN(auto session, proc::Session::create(process.pid_ref()));
    ASSERT_OK_AND_ASSIGN(auto group, proc::ProcessGroup::create(process.pid_ref(), session));
    process.set_process_group(group);
    become_user(1000);
    EXPECT_EQ(call(__NR_kill, tgid_of(*root_child), SIGCONT), -EPERM);
}

TEST_F(KillTest, Kill_OwnThreadGroup_IsAlwaysAllowed)
{
    become_user(1000);
    EXPECT_EQ(call(__NR_kill, tgid_of(caller()), SIGUSR1), 0);
}

TEST_F(KillTest, Kill_ThreadIdOfAThread_SignalsItsWholeProcess)
{
    proc::Thread* thread = spawn_thread();
    ASSERT_EQ(call(__NR_kill, tid_of(*thread), SIGUSR1), 0);
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
    EXPECT_FALSE(thread_pending(*thread, SIGUSR1));
}

TEST_F(KillTest, Kill_Zombie_SucceedsAndDoesNothing)
{
    proc::Thread* child = spawn_child();
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    process.ref();
    kernel->exit_thread(*child, 0);
    ASSERT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_EQ(call(__NR_kill, pid, SIGUSR1), 0);
    EXPECT_TRUE(process.shared_pending().set().is_empty());
    process.unref();
}

TEST_F(KillTest, Kill_ReapedProcess_IsEsrch)
{
    proc::Thread* child = spawn_child();
    const u64 pid = tgid_of(*child);
    proc::Process& process = child->process();
    kernel->exit_thread(*child, 0);
    kernel->reap(process);
    EXPECT_EQ(call(__NR_kill, pid, 0), -ESRCH);
}

TEST_F(KillTest, Kill_ProcessWhoseLeaderExited_StillTakesSignals)
{
    // The leader's pid names the process while any thread lives.
    proc::Thread* thread = spawn_thread();
    proc::Thread* leader = &caller();
    m_caller = thread;
    kernel->exit_thread(*leader, 0);
    ASSERT_EQ(call_as(*init, __NR_kill, tgid_of(*thread), SIGUSR1), 0);
    EXPECT_TRUE(group_pending(*thread, SIGUSR1));
}

TEST_F(KillTest, Kill_FatalSignalAfterTheLeaderExited_KillsTheThreadsLeft)
{
    // The exited leader still names the group (its pid) but cannot take the
    // signal; complete_signal looks for another thread (the leader is not
    // the group's only thread) and a fatal signal takes the group down,
    // waking a thread blocked in a read (wait_rules:
    // leader_exit_then_kill).
    proc::Thread* thread = spawn_thread();
    proc::Thread* leader = &caller();
    m_caller = thread;
    kernel->exit_thread(*leader, 0);
    EXPECT_CALL(scheduler, interrupt(Ref(*thread), hal::InterruptKind::FatalSignal));
    ASSERT_EQ(call_as(*init, __NR_kill, tgid_of(*thread), SIGTERM), 0);
    EXPECT_TRUE(thread->process().group_signals().exiting);
    EXPECT_TRUE(thread->has_fatal_signal());
}

// --- tkill / tgkill ------------------------------------------------------

TEST_F(KillTest, Tkill_NonPositiveTid_IsEinval)
{
    EXPECT_EQ(call(__NR_tkill, 0, SIGUSR1), -EINVAL);
    EXPECT_EQ(call(__NR_tkill, static_cast<u64>(-1), SIGUSR1), -EINVAL);
}

TEST_F(KillTest, Tgkill_NonPositiveIds_AreEinval)
{
    EXPECT_EQ(call(__NR_tgkill, 0, tid_of(caller()), SIGUSR1), -EINVAL);
    EXPECT_EQ(call(__NR_tgkill, tgid_of(caller()), 0, SIGUSR1), -EINVAL);
}

TEST_F(KillTest, Tgkill_ThreadOfAnotherGroup_IsEsrch)
{
    proc::Thread* child = spawn_child();
    EXPECT_EQ(call(__NR_tgkill, tgid_of(caller()), tid_of(*child), SIGUSR1), -ESRCH);
    EXPECT_EQ(call(__NR_tkill, 30000, SIGUSR1), -ESRCH);
}

TEST_F(KillTest, Tgkill_InvalidSignal_IsEinval)
{
    EXPECT_EQ(call(__NR_tgkill, tgid_of(caller()), tid_of(caller()), 65), -EINVAL);
    EXPECT_EQ(call(__NR_tkill, tid_of(caller()), 65), -EINVAL);
}

TEST_F(KillTest, Tgkill_SignalsThatThreadOnly)
{
    proc::Thread* thread = spawn_thread();
    ASSERT_EQ(call(__NR_tgkill, tgid_of(caller()), tid_of(*thread), SIGUSR1), 0);
    EXPECT_TRUE(thread_pending(*thread, SIGUSR1));
    EXPECT_FALSE(thread_pending(caller(), SIGUSR1));
    EXPECT_FALSE(group_pending(caller(), SIGUSR1));
    // tkill(2) and tgkill(2) send SI_TKILL.
    EXPECT_EQ(take_thread(*thread, SIGUSR1).code, signal::kSiTkill);
}

TEST_F(KillTest, Tgkill_OtherUser_IsEperm)
{
    proc::Thread* root_child = spawn_child();
    become_user(1000);
    EXPECT_EQ(call(__NR_tgkill, tgid_of(*root_child), tid_of(*root_child), SIGUSR1), -EPERM);
}

// --- rt_sigqueueinfo / rt_tgsigqueueinfo ---------------------------------

TEST_F(KillTest, Sigqueueinfo_QueuesTheCallersInfoUnderTheGivenSignal)
{
    proc::Thread* child = spawn_child();
    store_info(kInfo, queue_info(signal::kSiQueue, 99));
    ASSERT_EQ(call(__NR_rt_sigqueueinfo, tgid_of(*child), SIGRTMIN, kInfo), 0);
    const signal::SignalInfo info = take_group(*child, SIGRTMIN);
    EXPECT_EQ(info.signo, SIGRTMIN);
    EXPECT_EQ(info.code, signal::kSiQueue);
    EXPECT_EQ(info.value(), 99U);
    // The caller's si_pid and si_uid are kept (same namespaces).
    EXPECT_EQ(info.sender_pid(), 4242);
    EXPECT_EQ(info.sender_uid(), 77U);
}

TEST_F(KillTest, Sigqueueinfo_ForgedKillOrKernelCodeToAnother_IsEperm)
{
    // "Not even root can pretend to send signals from the kernel. Nor can
    // they impersonate a kill()/tgkill(), which adds source info."
    proc::Thread* child = spawn_child();
    for (i32 code : { signal::kSiUser, signal::kSiKernel, signal::kSiTkill }) {
        store_info(kInfo, queue_info(code, 1));
        EXPECT_EQ(call(__NR_rt_sigqueueinfo, tgid_of(*child), SIGUSR1, kInfo), -EPERM) << code;
    }
    EXPECT_FALSE(group_pending(*child, SIGUSR1));
}

TEST_F(KillTest, Sigqueueinfo_AnyCodeToOneself_IsAllowed)
{
    store_info(kInfo, queue_info(signal::kSiUser, 1));
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, tid_of(caller()), SIGUSR1, kInfo), 0);
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
}

TEST_F(KillTest, Sigqueueinfo_BadInfoPointer_IsEfault)
{
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, tid_of(caller()), SIGUSR1, kBad), -EFAULT);
}

TEST_F(KillTest, Sigqueueinfo_UnknownLayoutWithBytesPastTheKernelPart_IsE2big)
{
    signal::SignalInfo info = queue_info(-50, 0);
    info.fields[100] = 1;
    store_info(kInfo, info);
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, tid_of(caller()), SIGUSR1, kInfo), -E2BIG);
    info.fields[100] = 0;
    store_info(kInfo, info);
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, tid_of(caller()), SIGUSR1, kInfo), 0);
}

TEST_F(KillTest, Sigqueueinfo_NonPositivePid_IsEsrch)
{
    store_info(kInfo, queue_info(signal::kSiQueue, 0));
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, 0, SIGUSR1, kInfo), -ESRCH);
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, static_cast<u64>(-1), SIGUSR1, kInfo), -ESRCH);
}

TEST_F(KillTest, Sigqueueinfo_RealtimeOverSigpendingLimit_IsEagain)
{
    // sigqueue(3) EAGAIN: "The limit of signals which may be queued has
    // been reached" - RLIMIT_SIGPENDING of the receiver's real user.
    proc::Thread* child = spawn_child();
    child->process().limits().get(RLIMIT_SIGPENDING).soft = 2;
    // Caught, so that the first one does not kill the child.
    for (int signal : { SIGUSR1, SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 2, SIGRTMIN + 3 }) {
        set_handler(*child, signal, 0x401000);
    }
    store_info(kInfo, queue_info(signal::kSiQueue, 0));
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, tgid_of(*child), SIGRTMIN, kInfo), 0);
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, tgid_of(*child), SIGRTMIN + 1, kInfo), 0);
    EXPECT_EQ(call(__NR_rt_sigqueueinfo, tgid_of(*child), SIGRTMIN + 2, kInfo), -EAGAIN);
    EXPECT_FALSE(group_pending(*child, SIGRTMIN + 2));
    // kill() of a standard signal is still delivered, with its info.
    EXPECT_EQ(call(__NR_kill, tgid_of(*child), SIGUSR1), 0);
    EXPECT_TRUE(group_pending(*child, SIGUSR1));
    // A real-time signal from kill() is pending, without its info.
    EXPECT_EQ(call(__NR_kill, tgid_of(*child), SIGRTMIN + 3), 0);
    EXPECT_TRUE(group_pending(*child, SIGRTMIN + 3));
}

TEST_F(KillTest, Tgsigqueueinfo_NonPositiveIds_AreEinval)
{
    store_info(kInfo, queue_info(signal::kSiQueue, 0));
    EXPECT_EQ(call(__NR_rt_tgsigqueueinfo, 0, tid_of(caller()), SIGUSR1, kInfo), -EINVAL);
    EXPECT_EQ(call(__NR_rt_tgsigqueueinfo, tgid_of(caller()), 0, SIGUSR1, kInfo), -EINVAL);
}

TEST_F(KillTest, Tgsigqueueinfo_QueuesForThatThread)
{
    proc::Thread* thread = spawn_thread();
    store_info(kInfo, queue_info(signal::kSiQueue, 7));
    ASSERT_EQ(call(__NR_rt_tgsigqueueinfo, tgid_of(caller()), tid_of(*thread), SIGRTMIN, kInfo), 0);
    EXPECT_EQ(take_thread(*thread, SIGRTMIN).value(), 7U);
    store_info(kInfo, queue_info(signal::kSiTkill, 7));
    EXPECT_EQ(call(__NR_rt_tgsigqueueinfo, tgid_of(caller()), tid_of(*thread), SIGRTMIN, kInfo), -EPERM);
}

TEST_F(KillTest, Kill_MinusOne_EveryTargetRefuses_IsStillSuccess)
{
    // kill_something_info counts EPERM from a target as "not an error" for
    // pid -1: the call only fails with ESRCH when there is no target.
    proc::Thread* root_child = spawn_child();
    become_user(1000);
    EXPECT_EQ(call(__NR_kill, static_cast<u64>(-1), SIGUSR1), 0);
    EXPECT_FALSE(group_pending(*root_child, SIGUSR1));
}

TEST_F(KillTest, Tgkill_SignalZero_ProbesOnly)
{
    proc::Thread* thread = spawn_thread();
    EXPECT_EQ(call(__NR_tgkill, tgid_of(caller()), tid_of(*thread), 0), 0);
    EXPECT_TRUE(thread->pending.set().is_empty());
}

TEST_F(KillTest, Sigqueueinfo_KnownLayouts_MayCarryBytesPastTheKernelPart)
{
    // post_copy_siginfo_from_user: only an unknown si_signo/si_code layout
    // must have the tail zero; SEGV_MAPERR for SIGSEGV, SI_KERNEL and
    // SI_ASYNCNL are known.
    set_handler(caller(), SIGSEGV, 0x401000);
    set_handler(caller(), SIGUSR1, 0x401000);
    struct Case {
        int signal;
        i32 code;
        i64 expected;
    };
    const Case cases[] = {
        { SIGSEGV, 1, 0 }, // SEGV_MAPERR
        { SIGSEGV, 100, -E2BIG }, // beyond NSIGSEGV
        { SIGUSR1, signal::kSiKernel, 0 },
        { SIGUSR1, -60, 0 }, // SI_ASYNCNL
        { SIGUSR1, -61, -E2BIG },
        { SIGUSR1, 3, 0 }, // a SIGPOLL code
        { SIGUSR1, 7, -E2BIG }, // beyond NSIGPOLL
    };
    for (const Case& test : cases) {
        signal::SignalInfo info = queue_info(test.code, 0);
        info.fields[100] = 1;
        store_info(kInfo, info);
        EXPECT_EQ(call(__NR_rt_sigqueueinfo, tid_of(caller()), static_cast<u64>(test.signal), kInfo), test.expected) << test.code;
    }
}

TEST_F(KillTest, Sigqueueinfo_OnlyTheKernelPartOfTheSiginfoIsKept)
{
    // The kernel copies in 48 bytes (kernel_siginfo); the rest reads back
    // as zero.
    set_handler(caller(), SIGSEGV, 0x401000);
    signal::SignalInfo info = queue_info(1, 0);
    info.fields[100] = 1;
    store_info(kInfo, info);
    ASSERT_EQ(call(__NR_rt_sigqueueinfo, tid_of(caller()), SIGSEGV, kInfo), 0);
    EXPECT_EQ(take_group(caller(), SIGSEGV).fields[100], 0);
}

} // namespace
} // namespace sirius::testing
