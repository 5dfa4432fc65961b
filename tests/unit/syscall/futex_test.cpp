// futex(2), set_robust_list(2) and get_robust_list(2) through the syscall
// table, as Linux's kernel/futex/syscalls.c decodes them: which operation,
// the timeout read first, the second count in the timeout's place, and the
// errno of each rule in Linux's order. Where the man page is silent the
// expectation is what the host's Linux 6.18 did.
#include <linux/futex.h>
#include <linux/time_types.h>

#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "tests/unit/support/futex_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kWord = KernelTest::kUserData + 0x100;
constexpr u64 kOtherWord = KernelTest::kUserData + 0x140;
constexpr u64 kTimeout = KernelTest::kUserData + 0x200;
constexpr u64 kHeadOut = KernelTest::kUserData + 0x300;
constexpr u64 kLengthOut = KernelTest::kUserData + 0x308;
constexpr u64 kHead = KernelTest::kUserData + 0x800;
constexpr u64 kUnmapped = 0xdead0000;
constexpr u64 kKernelAddress = 0xffff800000000000;
constexpr i64 kSecond = 1'000'000'000;
constexpr u64 kRobustHeadSize = sizeof(struct robust_list_head);

class FutexSyscallTest : public FutexFixture {
protected:
    i64 futex_as(proc::Thread& thread, u64 address, u64 op, u64 value, u64 timeout = 0, u64 address2 = 0, u64 value3 = 0)
    {
        syscall::SyscallContext context { *kernel, thread };
        const syscall::SyscallArguments args { { address, op, value, timeout, address2, value3 } };
        return syscall::dispatch_syscall(context, __NR_futex, args);
    }
    i64 futex(u64 address, u64 op, u64 value, u64 timeout = 0, u64 address2 = 0, u64 value3 = 0)
    {
        return futex_as(caller(), address, op, value, timeout, address2, value3);
    }
    // A struct __kernel_timespec at kTimeout; returns its address.
    u64 timeout(i64 seconds, i64 nanoseconds)
    {
        const __kernel_timespec time { seconds, nanoseconds };
        EXPECT_TRUE(caller_space().backing().copy_to_user(UserAddress(kTimeout), &time, sizeof(time)).has_value());
        return kTimeout;
    }
    // FUTEX_WAIT_PRIVATE on kWord for `expected`, as the syscall returns.
    std::function<i64(proc::Thread&)> waiting(u64 op = FUTEX_WAIT_PRIVATE, u32 expected = 0, u64 value3 = 0)
    {
        return [this, op, expected, value3](proc::Thread& thread) { return futex_as(thread, kWord, op, expected, 0, 0, value3); };
    }
    void send(proc::Thread& thread, int signal)
    {
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, thread, signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    }
};

// --- the operation ---------------------------------------------------------

TEST_F(FutexSyscallTest, UnknownOperation_IsEnosys)
{
    // futex(2) ENOSYS: "Invalid operation specified in futex_op"; FUTEX_FD
    // (2) is gone, and bits outside the command, PRIVATE and CLOCK_REALTIME
    // make an unknown command.
    EXPECT_EQ(futex(kWord, FUTEX_FD, 0), -ENOSYS);
    EXPECT_EQ(futex(kWord, 14, 0), -ENOSYS);
    EXPECT_EQ(futex(kWord, 15 | FUTEX_PRIVATE_FLAG, 0), -ENOSYS);
    EXPECT_EQ(futex(kWord, 0x200 | FUTEX_WAKE, 1), -ENOSYS);
    EXPECT_EQ(futex(kWord, 0x80000000U | FUTEX_WAKE, 1), -ENOSYS);
}

TEST_F(FutexSyscallTest, PiOperations_AreEnosys)
{
    // Priority-inheritance futexes are not implemented (listed as missing
    // in the syscall table).
    for (u64 op : { FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI }) {
        EXPECT_EQ(futex(kWord, op | FUTEX_PRIVATE_FLAG, 0, 0, kOtherWord), -ENOSYS) << op;
    }
}

TEST_F(FutexSyscallTest, PiOperationWithATimeout_ChecksTheTimeoutFirst)
{
    // sys_futex reads the timeout of every operation that takes one before
    // do_futex looks at the operation (the host: EINVAL for FUTEX_LOCK_PI
    // and FUTEX_WAIT_REQUEUE_PI with a bad timespec).
    EXPECT_EQ(futex(kWord, FUTEX_LOCK_PI_PRIVATE, 0, timeout(0, kSecond)), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, kUnmapped, kOtherWord), -EFAULT);
}

TEST_F(FutexSyscallTest, ClockRealtime_OnlyWithWaitBitset)
{
    // do_futex: FUTEX_CLOCK_REALTIME with anything but FUTEX_WAIT_BITSET
    // (and the PI waits) is ENOSYS - FUTEX_WAIT too, on the host, whatever
    // futex(2) says of Linux 4.5.
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE | FUTEX_CLOCK_REALTIME, 0, timeout(0, 0)), -ENOSYS);
    EXPECT_EQ(futex(kWord, FUTEX_WAKE_PRIVATE | FUTEX_CLOCK_REALTIME, 1), -ENOSYS);
    EXPECT_EQ(futex(kWord, FUTEX_WAKE_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, 0, 0, 1), -ENOSYS);
    EXPECT_EQ(futex(kWord, FUTEX_REQUEUE_PRIVATE | FUTEX_CLOCK_REALTIME, 1, 0, kOtherWord), -ENOSYS);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, timeout(0, 0), 0, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
}

// --- the timeout -------------------------------------------------------------

TEST_F(FutexSyscallTest, BadTimespec_IsEinval)
{
    // futex(2) EINVAL: "The supplied timeout argument was invalid (tv_sec
    // was less than zero, or tv_nsec was not less than 1,000,000,000)".
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 0, timeout(0, kSecond)), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 0, timeout(-1, 0)), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 0, timeout(0, -1)), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_BITSET_PRIVATE, 0, timeout(0, kSecond), 0, 1), -EINVAL);
}

TEST_F(FutexSyscallTest, Timeout_IsCheckedBeforeEverythingElse)
{
    // The host: a bad timeout pointer is EFAULT even for a misaligned word,
    // and a bad timespec EINVAL even when the word differs (no EAGAIN).
    EXPECT_EQ(futex(kWord + 1, FUTEX_WAIT_PRIVATE, 0, kUnmapped), -EFAULT);
    poke(kWord, 1);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 0, timeout(0, kSecond)), -EINVAL);
    // And for FUTEX_CLOCK_REALTIME with FUTEX_WAIT, EINVAL before ENOSYS.
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE | FUTEX_CLOCK_REALTIME, 0, timeout(0, kSecond)), -EINVAL);
    // And for a zero bitset.
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_BITSET_PRIVATE, 1, kUnmapped, 0, 0), -EFAULT);
}

TEST_F(FutexSyscallTest, Wake_IgnoresTheTimeoutArgument)
{
    // FUTEX_WAKE takes no timeout: the host does not read it (0, not EFAULT).
    EXPECT_EQ(futex(kWord, FUTEX_WAKE_PRIVATE, 1, kUnmapped), 0);
}

TEST_F(FutexSyscallTest, Wait_RelativeTimeout_IsMonotonicFromNow)
{
    // futex(2) FUTEX_WAIT: the timeout "is relative ... measured according
    // to the CLOCK_MONOTONIC clock".
    const hal::Nanoseconds before = kernel->clock().monotonic_now();
    EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds deadline) {
            EXPECT_GE(deadline, before + 2 * kSecond + 500);
            EXPECT_LE(deadline, kernel->clock().monotonic_now() + 2 * kSecond + 500);
            EXPECT_FALSE(ready());
            return hal::WakeReason::TimedOut;
        });
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 0, timeout(2, 500)), -ETIMEDOUT);
}

TEST_F(FutexSyscallTest, WaitBitset_AbsoluteTimeout_IsTheDeadline)
{
    // futex(2) FUTEX_WAIT_BITSET: the timeout is "an absolute time",
    // CLOCK_MONOTONIC by default.
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, 7 * kSecond + 9)).WillOnce(::testing::Return(hal::WakeReason::TimedOut));
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_BITSET_PRIVATE, 0, timeout(7, 9), 0, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
}

TEST_F(FutexSyscallTest, WaitBitsetClockRealtime_MeasuresAgainstTheWallClock)
{
    // FUTEX_CLOCK_REALTIME: "the timeout is measured against the
    // CLOCK_REALTIME clock": a wall-clock second from now is a monotonic
    // second from now.
    const hal::Nanoseconds wall = kernel->clock().realtime_now() + kSecond;
    const hal::Nanoseconds before = kernel->clock().monotonic_now();
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds deadline) {
        EXPECT_GE(deadline, before + kSecond - kSecond / 10);
        EXPECT_LE(deadline, before + kSecond + kSecond / 10);
        return hal::WakeReason::TimedOut;
    });
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, timeout(wall / kSecond, wall % kSecond), 0, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
}

TEST_F(FutexSyscallTest, Wait_ZeroTimeout_IsEtimedout)
{
    // The host: FUTEX_WAIT with {0, 0} and the expected value times out.
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 0, timeout(0, 0)), -ETIMEDOUT);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(FutexSyscallTest, Wait_NoTimeout_SleepsWithoutDeadline)
{
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 0), -ERESTARTSYS);
}

// --- the words ---------------------------------------------------------------

TEST_F(FutexSyscallTest, MisalignedWord_IsEinval)
{
    // futex(2) EINVAL: "uaddr ... not aligned on a four-byte boundary".
    EXPECT_EQ(futex(kWord + 1, FUTEX_WAIT_PRIVATE, 0), -EINVAL);
    EXPECT_EQ(futex(kWord + 2, FUTEX_WAKE_PRIVATE, 1), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, kOtherWord + 1, 0), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_WAKE_OP_PRIVATE, 1, 1, kOtherWord + 1, 0), -EINVAL);
}

TEST_F(FutexSyscallTest, BadPointers_AreEfault)
{
    // futex(2) EFAULT: "A required pointer argument did not point to a
    // valid user-space address." A private wake does not read its word
    // (the host: 0 for an unmapped one), a shared one does.
    EXPECT_EQ(futex(kKernelAddress, FUTEX_WAKE_PRIVATE, 1), -EFAULT);
    EXPECT_EQ(futex(kUnmapped, FUTEX_WAIT_PRIVATE, 0), -EFAULT);
    EXPECT_EQ(futex(kUnmapped, FUTEX_WAKE_PRIVATE, 1), 0);
    EXPECT_EQ(futex(kUnmapped, FUTEX_WAKE, 1), -EFAULT);
    EXPECT_EQ(futex(0, FUTEX_WAKE, 1), -EFAULT);
    EXPECT_EQ(futex(kUnmapped, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, kOtherWord, 0), -EFAULT);
    EXPECT_EQ(futex(kWord, FUTEX_WAKE_OP_PRIVATE, 1, 1, kUnmapped, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), -EFAULT);
}

TEST_F(FutexSyscallTest, WaitBitsetZero_IsEinvalBeforeTheWord)
{
    // futex(2) EINVAL: bitset zero - the host says so even for an unmapped
    // or misaligned word.
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, 0, 0), -EINVAL);
    EXPECT_EQ(futex(kUnmapped, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, 0, 0), -EINVAL);
    EXPECT_EQ(futex(kWord + 1, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, 0, 0), -EINVAL);
}

TEST_F(FutexSyscallTest, Wait_WordDiffers_IsEagain)
{
    poke(kWord, 4);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_PRIVATE, 5), -EAGAIN);
    EXPECT_EQ(futex(kWord, FUTEX_WAIT_BITSET_PRIVATE, 5, 0, 0, 1), -EAGAIN);
}

// --- waking ------------------------------------------------------------------

TEST_F(FutexSyscallTest, Wake_ReturnsHowManyWereWoken)
{
    // futex(2) FUTEX_WAKE: "returns the number of waiters that were woken
    // up".
    i64 woken = -1;
    const std::vector<i64> results = all_waiting<i64>(threads(2), waiting(), [&] { woken = futex(kWord, FUTEX_WAKE_PRIVATE, 2); });
    EXPECT_EQ(woken, 2);
    EXPECT_EQ(results, (std::vector<i64> { 0, 0, -ERESTARTSYS }));
}

TEST_F(FutexSyscallTest, WakeBitset_MatchesTheWaitersBitset)
{
    i64 woken_by_other = -1;
    i64 woken = -1;
    const std::vector<i64> results = all_waiting<i64>(threads(0), waiting(FUTEX_WAIT_BITSET_PRIVATE, 0, 0x4), [&] {
        woken_by_other = futex(kWord, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, 0, 0x3);
        woken = futex(kWord, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, 0, 0x6);
    });
    EXPECT_EQ(woken_by_other, 0);
    EXPECT_EQ(woken, 1);
    EXPECT_EQ(results, (std::vector<i64> { 0 }));
}

TEST_F(FutexSyscallTest, CmpRequeue_SecondCountIsTheTimeoutArgumentsLow32Bits)
{
    // "val2 = (u32)(unsigned long)utime": the host takes 0x100000001 as 1,
    // and 0xffffffff (or 0x1ffffffff) as -1, which is EINVAL.
    EXPECT_EQ(futex(kWord, FUTEX_CMP_REQUEUE_PRIVATE, 1, 0xffffffffU, kOtherWord, 0), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_CMP_REQUEUE_PRIVATE, 1, 0x1ffffffffULL, kOtherWord, 0), -EINVAL);
    EXPECT_EQ(futex(kWord, FUTEX_CMP_REQUEUE_PRIVATE, static_cast<u64>(-1), 1, kOtherWord, 0), -EINVAL);
    i64 moved = -1;
    const std::vector<i64> results = all_waiting<i64>(threads(1), waiting(), [&] {
        moved = futex(kWord, FUTEX_CMP_REQUEUE_PRIVATE, 0, 0x100000001ULL, kOtherWord, 0);
        EXPECT_EQ(futex(kOtherWord, FUTEX_WAKE_PRIVATE, 10), 1);
    });
    EXPECT_EQ(moved, 1);
    EXPECT_EQ(results, (std::vector<i64> { 0, -ERESTARTSYS }));
}

TEST_F(FutexSyscallTest, CmpRequeue_WordDiffers_IsEagain)
{
    poke(kWord, 5);
    EXPECT_EQ(futex(kWord, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, kOtherWord, 4), -EAGAIN);
    // The same word on both sides is no error (only for the PI requeue).
    EXPECT_EQ(futex(kWord, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, kWord, 5), 0);
    EXPECT_EQ(futex(kWord, FUTEX_REQUEUE_PRIVATE, 1, 1, kWord), 0);
}

TEST_F(FutexSyscallTest, Requeue_ReturnsWokenPlusRequeued)
{
    // The host: FUTEX_REQUEUE with val 1 and val2 2 over four waiters
    // returns 3, though futex(2) speaks only of the woken ones.
    i64 count = -1;
    const std::vector<i64> results = all_waiting<i64>(threads(3), waiting(), [&] {
        count = futex(kWord, FUTEX_REQUEUE_PRIVATE, 1, 2, kOtherWord);
        EXPECT_EQ(futex(kOtherWord, FUTEX_WAKE_PRIVATE, 10), 2);
        EXPECT_EQ(futex(kWord, FUTEX_WAKE_PRIVATE, 10), 1);
    });
    EXPECT_EQ(count, 3);
    EXPECT_EQ(results, (std::vector<i64> { 0, 0, 0, 0 }));
}

TEST_F(FutexSyscallTest, WakeOp_SecondCountIsTheTimeoutArgument)
{
    // futex(2) FUTEX_WAKE_OP: "val2 ... the maximum number of waiters on
    // uaddr2"; 0 still wakes one, as on the host.
    poke(kOtherWord, 7);
    std::vector<proc::Thread*> sleepers = threads(2);
    usize next = 0;
    i64 woken = -1;
    const std::vector<i64> results = all_waiting<i64>(
        sleepers,
        [&](proc::Thread& thread) {
            const bool first = next++ == 0;
            return futex_as(thread, first ? kWord : kOtherWord, FUTEX_WAIT_PRIVATE, first ? 0 : 7);
        },
        [&] { woken = futex(kWord, FUTEX_WAKE_OP_PRIVATE, 1, 0, kOtherWord, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 7)); });
    EXPECT_EQ(woken, 2);
    EXPECT_EQ(peek(kOtherWord), 8);
    EXPECT_EQ(results, (std::vector<i64> { 0, 0, -ERESTARTSYS }));
}

TEST_F(FutexSyscallTest, WakeOp_UnknownOperation_IsEnosys)
{
    // futex(2) ENOSYS for an invalid op or cmp in val3.
    EXPECT_EQ(futex(kWord, FUTEX_WAKE_OP_PRIVATE, 1, 1, kOtherWord, FUTEX_OP(6, 0, FUTEX_OP_CMP_EQ, 0)), -ENOSYS);
    EXPECT_EQ(futex(kWord, FUTEX_WAKE_OP_PRIVATE, 1, 1, kOtherWord, FUTEX_OP(FUTEX_OP_ADD, 0, 9, 0)), -ENOSYS);
}

TEST_F(FutexSyscallTest, SharedWake_DoesNotWakeAPrivateWaiter)
{
    // The host: FUTEX_WAKE returns 0 with FUTEX_WAIT_PRIVATE waiters.
    i64 shared = -1;
    i64 private_ = -1;
    const std::vector<i64> results = all_waiting<i64>(threads(0), waiting(), [&] {
        shared = futex(kWord, FUTEX_WAKE, 1);
        private_ = futex(kWord, FUTEX_WAKE_PRIVATE, 1);
    });
    EXPECT_EQ(shared, 0);
    EXPECT_EQ(private_, 1);
    EXPECT_EQ(results, (std::vector<i64> { 0 }));
}

// --- signals -------------------------------------------------------------------

TEST_F(FutexSyscallTest, Wait_InterruptedBySaRestartHandler_IsRestarted)
{
    // The host: an untimed FUTEX_WAIT interrupted by an SA_RESTART handler
    // goes back to waiting; a timed one returns EINTR.
    set_handler(caller(), SIGUSR1, 0x401000, SA_RESTART);
    const std::vector<i64> untimed = all_waiting<i64>(threads(0), waiting(), [&] { send(caller(), SIGUSR1); });
    EXPECT_EQ(untimed, (std::vector<i64> { -ERESTARTSYS }));
    caller().pending.clear();
    const std::vector<i64> timed = all_waiting<i64>(
        threads(0), [&](proc::Thread& thread) { return futex_as(thread, kWord, FUTEX_WAIT_PRIVATE, 0, timeout(5, 0)); },
        [&] { send(caller(), SIGUSR1); });
    EXPECT_EQ(timed, (std::vector<i64> { -ERESTARTNOHAND }));
}

TEST_F(FutexSyscallTest, KilledWaiter_ExitsAndLeavesNothingBehind)
{
    // The whole path: the wait ends, the thread dies on its way back to user
    // space, and the table holds nothing of it.
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    signal::ReturnToUser outcome = signal::ReturnToUser::Resume;
    while_asleep([&] {
        EXPECT_EQ(futexes().waiter_count(), 1U);
        send(*thread, SIGKILL);
    });
    syscall::SyscallContext context { *kernel, *thread };
    const syscall::SyscallArguments args { { kWord, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0 } };
    outcome = syscall::run_syscall(context, __NR_futex, args);
    EXPECT_EQ(outcome, signal::ReturnToUser::Exited);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

// --- set_robust_list and get_robust_list ----------------------------------------

TEST_F(FutexSyscallTest, SetRobustList_WrongLength_IsEinval)
{
    // set_robust_list(2) EINVAL: "len does not equal sizeof(struct
    // robust_list_head)".
    EXPECT_EQ(call(__NR_set_robust_list, kHead, kRobustHeadSize + 1), -EINVAL);
    EXPECT_EQ(call(__NR_set_robust_list, kHead, 0), -EINVAL);
    EXPECT_TRUE(caller().robust_list.is_null());
}

TEST_F(FutexSyscallTest, SetRobustList_StoresTheHeadUnchecked)
{
    // The host takes 0x10 without a word.
    EXPECT_EQ(call(__NR_set_robust_list, 0x10, kRobustHeadSize), 0);
    EXPECT_EQ(caller().robust_list, UserAddress(0x10));
    EXPECT_EQ(call(__NR_set_robust_list, kHead, kRobustHeadSize), 0);
    EXPECT_EQ(caller().robust_list, UserAddress(kHead));
}

TEST_F(FutexSyscallTest, GetRobustList_Self_GivesTheHeadAndItsSize)
{
    // get_robust_list(2): "pid ... 0 ... the robust list of the calling
    // thread"; *len_ptr is the size of the head.
    ASSERT_EQ(call(__NR_set_robust_list, kHead, kRobustHeadSize), 0);
    EXPECT_EQ(call(__NR_get_robust_list, 0, kHeadOut, kLengthOut), 0);
    EXPECT_EQ(peek64(kHeadOut), kHead);
    EXPECT_EQ(peek64(kLengthOut), kRobustHeadSize);
    EXPECT_EQ(call(__NR_get_robust_list, tid_of(caller()), kHeadOut, kLengthOut), 0);
    EXPECT_EQ(peek64(kHeadOut), kHead);
}

TEST_F(FutexSyscallTest, GetRobustList_AnotherThreadOfTheGroup_GivesItsHead)
{
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    thread->robust_list = UserAddress(0x1230);
    EXPECT_EQ(call(__NR_get_robust_list, tid_of(*thread), kHeadOut, kLengthOut), 0);
    EXPECT_EQ(peek64(kHeadOut), 0x1230U);
}

TEST_F(FutexSyscallTest, GetRobustList_NoSuchThread_IsEsrch)
{
    // get_robust_list(2) ESRCH: "No thread with the ID pid could be found."
    EXPECT_EQ(call(__NR_get_robust_list, 30000, kHeadOut, kLengthOut), -ESRCH);
    EXPECT_EQ(call(__NR_get_robust_list, static_cast<u64>(-1), kHeadOut, kLengthOut), -ESRCH);
}

TEST_F(FutexSyscallTest, GetRobustList_BadPointers_AreEfault)
{
    // The host stores the length first: a bad head_ptr still gets it.
    poke64(kLengthOut, 0);
    EXPECT_EQ(call(__NR_get_robust_list, 0, kUnmapped, kLengthOut), -EFAULT);
    EXPECT_EQ(peek64(kLengthOut), kRobustHeadSize);
    poke64(kHeadOut, 1);
    EXPECT_EQ(call(__NR_get_robust_list, 0, kHeadOut, kUnmapped), -EFAULT);
    EXPECT_EQ(peek64(kHeadOut), 1U);
}

TEST_F(FutexSyscallTest, GetRobustList_AnotherUsersProcess_IsEperm)
{
    // get_robust_list(2) EPERM: "The calling process does not have
    // permission to see the robust futex list of the thread with the ID
    // pid" (ptrace read access). The host: nobody asking root is EPERM.
    become_user(1000);
    EXPECT_EQ(call(__NR_get_robust_list, 1, kHeadOut, kLengthOut), -EPERM);
}

TEST_F(FutexSyscallTest, GetRobustList_SameUsersProcess_IsAllowed)
{
    // PTRACE_MODE_REALCREDS: the caller's real uid and gid are the target's
    // real, effective and saved ones.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    child->robust_list = UserAddress(0x4560);
    ASSERT_OK_AND_ASSIGN(auto credentials, child->credentials->clone());
    credentials->uid = { 1000, 1000, 1000, 1000 };
    credentials->permitted = {};
    credentials->effective = {};
    child->credentials = credentials;
    become_user(1000);
    EXPECT_EQ(call(__NR_get_robust_list, tgid_of(*child), kHeadOut, kLengthOut), 0);
    EXPECT_EQ(peek64(kHeadOut), 0x4560U);
}

TEST_F(FutexSyscallTest, GetRobustList_NonDumpableProcess_NeedsCapSysPtrace)
{
    // __ptrace_may_access: a task whose memory is not dumpable
    // (prctl(PR_SET_DUMPABLE, 0)) needs CAP_SYS_PTRACE.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    ASSERT_OK_AND_ASSIGN(auto credentials, child->credentials->clone());
    credentials->uid = { 1000, 1000, 1000, 1000 };
    credentials->permitted = {};
    credentials->effective = {};
    child->credentials = credentials;
    child->memory->set_dumpable(mm::Dumpable::Disabled);
    EXPECT_EQ(call(__NR_get_robust_list, tgid_of(*child), kHeadOut, kLengthOut), 0);
    become_user(1000);
    EXPECT_EQ(call(__NR_get_robust_list, tgid_of(*child), kHeadOut, kLengthOut), -EPERM);
}

TEST_F(FutexSyscallTest, GetRobustList_TargetWithMoreCapabilities_IsEperm)
{
    // cap_ptrace_access_check: the target's permitted capabilities must be
    // a subset of the caller's (or the caller has CAP_SYS_PTRACE).
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    ASSERT_OK_AND_ASSIGN(auto credentials, child->credentials->clone());
    credentials->uid = { 1000, 1000, 1000, 1000 };
    credentials->permitted = proc::CapabilitySet(u64 { 1 } << CAP_KILL);
    child->credentials = credentials;
    become_user(1000);
    EXPECT_EQ(call(__NR_get_robust_list, tgid_of(*child), kHeadOut, kLengthOut), -EPERM);
}

} // namespace
} // namespace sirius::testing
