// rt_sigsuspend(2) and rt_sigtimedwait(2) as Linux's kernel/signal.c has
// them (sigsuspend, do_sigtimedwait), through the syscall table; the same
// rules run on the host's Linux in tests/conformance/signal/sigwait_rules.c.
#include <linux/time_types.h>

#include "core/signal/kill.h"
#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kSet = KernelTest::kUserData + 0x100;
constexpr u64 kInfoOut = KernelTest::kUserData + 0x200;
constexpr u64 kTime = KernelTest::kUserData + 0x300;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kHandler = 0x401000;
constexpr u64 kSaRestorer = 0x04000000;

u64 bit(int signal) { return u64 { 1 } << (signal - 1); }

class SignalWaitTest : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        registers().rsp = kUserData + kUserDataSize - 512;
    }
    host::FakeUserContext& registers() { return static_cast<host::FakeUserContext&>(*caller().context); }
    void store_u64(u64 address, u64 value)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), &value, sizeof(value)).has_value());
    }
    void store_time(i64 seconds, i64 nanoseconds)
    {
        const __kernel_timespec time { seconds, nanoseconds };
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kTime), &time, sizeof(time)).has_value());
    }
    signal::SignalInfo load_info()
    {
        signal::SignalInfo info;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&info, UserAddress(kInfoOut), sizeof(info)).has_value());
        return info;
    }
    void queue(int signal, u64 value)
    {
        signal::SignalInfo info = signal::sender_info(caller(), signal, signal::kSiQueue);
        info.set_value(value);
        ASSERT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Process, signal::SignalSender::user(caller())).has_value());
    }
    // A whole syscall, with the signal work on the way out.
    i64 run(u64 number, u64 a0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0)
    {
        registers().orig_rax = number;
        syscall::SyscallContext context { *kernel, caller() };
        syscall::SyscallArguments args { { a0, a1, a2, a3, 0, 0 } };
        EXPECT_EQ(syscall::run_syscall(context, number, args), signal::ReturnToUser::Resume);
        return static_cast<i64>(registers().rax);
    }
};

// --- rt_sigtimedwait -------------------------------------------------------

TEST_F(SignalWaitTest, Sigtimedwait_SigsetsizeNot8_IsEinval)
{
    store_u64(kSet, bit(SIGUSR1));
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, 0, 4), -EINVAL);
}

TEST_F(SignalWaitTest, Sigtimedwait_BadSetPointer_IsEfault)
{
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kBad, 0, 0, 8), -EFAULT);
}

TEST_F(SignalWaitTest, Sigtimedwait_InvalidTimeout_IsEinvalAndTakesNothing)
{
    // The timeout is checked before anything is dequeued.
    block(caller(), SIGUSR1);
    queue(SIGUSR1, 0);
    store_u64(kSet, bit(SIGUSR1));
    store_time(0, 1'000'000'000);
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kTime, 8), -EINVAL);
    store_time(-1, 0);
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kTime, 8), -EINVAL);
    store_time(0, -1);
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kTime, 8), -EINVAL);
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kBad, 8), -EFAULT);
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
}

TEST_F(SignalWaitTest, Sigtimedwait_ZeroTimeoutNothingPending_IsEagain)
{
    store_u64(kSet, bit(SIGUSR1));
    store_time(0, 0);
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kTime, 8), -EAGAIN);
}

TEST_F(SignalWaitTest, Sigtimedwait_SigkillAndSigstopAreNeverWaitedFor)
{
    store_u64(kSet, bit(SIGKILL) | bit(SIGSTOP));
    store_time(0, 0);
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kTime, 8), -EAGAIN);
}

TEST_F(SignalWaitTest, Sigtimedwait_ReturnsLowestFirstThenRealtimeInQueueOrder)
{
    // signal(7): real-time signals "are delivered in the order they were
    // sent"; lower-numbered signals first.
    for (int signal : { SIGUSR2, SIGRTMIN, SIGRTMIN + 1 }) {
        block(caller(), signal);
    }
    queue(SIGRTMIN + 1, 1);
    queue(SIGRTMIN + 1, 2);
    queue(SIGRTMIN, 3);
    queue(SIGUSR2, 4);
    store_u64(kSet, bit(SIGUSR2) | bit(SIGRTMIN) | bit(SIGRTMIN + 1));
    store_time(0, 0);
    const std::pair<int, u64> expected[] = { { SIGUSR2, 4 }, { SIGRTMIN, 3 }, { SIGRTMIN + 1, 1 }, { SIGRTMIN + 1, 2 } };
    for (const auto& [signal, value] : expected) {
        ASSERT_EQ(call(__NR_rt_sigtimedwait, kSet, kInfoOut, kTime, 8), signal);
        const signal::SignalInfo info = load_info();
        EXPECT_EQ(info.signo, signal);
        EXPECT_EQ(info.code, signal::kSiQueue);
        EXPECT_EQ(info.value(), value);
    }
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, kInfoOut, kTime, 8), -EAGAIN);
}

TEST_F(SignalWaitTest, Sigtimedwait_BadInfoPointer_IsEfaultAndTheSignalIsTaken)
{
    block(caller(), SIGUSR1);
    queue(SIGUSR1, 0);
    store_u64(kSet, bit(SIGUSR1));
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, kBad, 0, 8), -EFAULT);
    EXPECT_FALSE(group_pending(caller(), SIGUSR1));
}

TEST_F(SignalWaitTest, Sigtimedwait_SleepsWithTheWaitedSignalsUnblocked)
{
    block(caller(), SIGUSR1);
    store_u64(kSet, bit(SIGUSR1));
    EXPECT_CALL(scheduler, wait_until(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_FALSE(caller().blocked.contains(SIGUSR1));
            // sig_ignored: still blocked as far as ignoring goes.
            EXPECT_TRUE(caller().real_blocked.contains(SIGUSR1));
            EXPECT_FALSE(ready());
            queue(SIGUSR1, 9);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, kInfoOut, 0, 8), SIGUSR1);
    EXPECT_EQ(load_info().value(), 9U);
    EXPECT_TRUE(caller().blocked.contains(SIGUSR1));
    EXPECT_TRUE(caller().real_blocked.is_empty());
}

TEST_F(SignalWaitTest, Sigtimedwait_TimeoutPasses_IsEagain)
{
    store_u64(kSet, bit(SIGUSR1));
    store_time(1, 500);
    const hal::Nanoseconds before = clock.monotonic_now();
    EXPECT_CALL(scheduler, wait_until_deadline(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds deadline) {
            EXPECT_GE(deadline, before + 1'000'000'500);
            return hal::WakeReason::TimedOut;
        });
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kTime, 8), -EAGAIN);
}

TEST_F(SignalWaitTest, Sigtimedwait_HugeTimeout_SaturatesInsteadOfWrapping)
{
    // timespec64_to_ktime: anything past KTIME_MAX is KTIME_MAX.
    store_u64(kSet, bit(SIGUSR1));
    store_time(0x7fffffffffffffff, 999'999'999);
    EXPECT_CALL(scheduler, wait_until_deadline(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds deadline) {
            EXPECT_EQ(deadline, 0x7fffffffffffffff);
            return hal::WakeReason::TimedOut;
        });
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, kTime, 8), -EAGAIN);
}

TEST_F(SignalWaitTest, Sigtimedwait_AnotherSignalInterrupts_IsEintr)
{
    store_u64(kSet, bit(SIGUSR1));
    set_handler(caller(), SIGUSR2, kHandler);
    EXPECT_CALL(scheduler, wait_until(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            queue(SIGUSR2, 0);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(call(__NR_rt_sigtimedwait, kSet, 0, 0, 8), -EINTR);
    EXPECT_TRUE(group_pending(caller(), SIGUSR2));
}

// --- rt_sigsuspend ---------------------------------------------------------

TEST_F(SignalWaitTest, Sigsuspend_SigsetsizeNot8_IsEinval)
{
    store_u64(kSet, 0);
    EXPECT_EQ(call(__NR_rt_sigsuspend, kSet, 4), -EINVAL);
}

TEST_F(SignalWaitTest, Sigsuspend_BadMaskPointer_IsEfault)
{
    EXPECT_EQ(call(__NR_rt_sigsuspend, kBad, 8), -EFAULT);
}

TEST_F(SignalWaitTest, Sigsuspend_HandlerRunsWithTheTemporaryMask_ThenEintrAndTheOldMask)
{
    // sigsuspend(2): "temporarily replaces the signal mask ... and then
    // suspends the thread until delivery of a signal whose action is to
    // invoke a signal handler"; "returns -1, with errno set to EINTR"; the
    // mask is restored when the handler returns.
    signal::SignalAction& action = caller().signal_actions->action(SIGUSR1);
    action.handler = kHandler;
    action.flags = kSaRestorer;
    action.mask = signal::SignalSet(bit(SIGINT));
    block(caller(), SIGUSR1);
    block(caller(), SIGUSR2);
    queue(SIGUSR1, 0); // pending and blocked: the temporary mask lets it in
    store_u64(kSet, bit(SIGUSR2) | bit(SIGKILL));
    run(__NR_rt_sigsuspend, kSet, 8);
    EXPECT_EQ(registers().rip, kHandler);
    EXPECT_EQ(caller().blocked.bits(), bit(SIGUSR1) | bit(SIGUSR2) | bit(SIGINT));
    // The handler returns; the interrupted call returns EINTR.
    registers().rsp += 8;
    EXPECT_EQ(run(__NR_rt_sigreturn, 0), -EINTR);
    EXPECT_EQ(caller().blocked.bits(), bit(SIGUSR1) | bit(SIGUSR2));
}

TEST_F(SignalWaitTest, Sigsuspend_SleepsUntilASignalIsDeliverable)
{
    set_handler(caller(), SIGUSR1, kHandler);
    store_u64(kSet, 0);
    EXPECT_CALL(scheduler, wait_until(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_FALSE(ready());
            queue(SIGUSR1, 0);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    run(__NR_rt_sigsuspend, kSet, 8);
    EXPECT_EQ(registers().rip, kHandler);
    registers().rsp += 8;
    EXPECT_EQ(run(__NR_rt_sigreturn, 0), -EINTR);
}

TEST_F(SignalWaitTest, Sigsuspend_WithoutAHandler_RestoresTheMaskAndRestarts)
{
    // A signal that only stops the thread: after SIGCONT the call restarts
    // (ERESTARTNOHAND) with the old mask back in place until it runs again.
    block(caller(), SIGUSR2);
    store_u64(kSet, 0);
    registers().rip = 0x400500;
    EXPECT_CALL(scheduler, wait_until(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
            // A SIGCHLD blocked before is let in, and is ignored.
            signal::SignalInfo info = signal::sender_info(caller(), SIGCHLD, signal::kSiUser);
            EXPECT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Process, signal::SignalSender::user(caller())).has_value());
            return hal::WakeReason::Woken;
        });
    run(__NR_rt_sigsuspend, kSet, 8);
    EXPECT_EQ(registers().rip, 0x400500U - 2);
    EXPECT_EQ(registers().rax, static_cast<u64>(__NR_rt_sigsuspend));
    EXPECT_EQ(caller().blocked.bits(), bit(SIGUSR2));
}

} // namespace
} // namespace sirius::testing
