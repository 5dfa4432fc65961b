// The futex table as Linux's kernel/futex has it (futex(2), clone(2)
// CLONE_CHILD_CLEARTID, set_robust_list(2)): waits and wakes, bitsets,
// requeues, FUTEX_WAKE_OP, timeouts and signals, and the futex work of a
// thread that leaves its memory. One test per rule; where the man page is
// silent the expectation is what the host's Linux 6.18 did.
#include <linux/futex.h>
#include <sys/mman.h>

#include "core/signal/delivery.h"
#include "core/signal/send_signal.h"
#include "tests/unit/support/futex_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Return;

constexpr u64 kWord = KernelTest::kUserData + 0x100;
constexpr u64 kOtherWord = KernelTest::kUserData + 0x140;
constexpr u64 kUnmapped = 0xdead0000;
constexpr u64 kKernelAddress = 0xffff800000000000;
constexpr u32 kAnyBit = FUTEX_BITSET_MATCH_ANY;
constexpr proc::FutexScope kPrivate = proc::FutexScope::Private;
constexpr proc::FutexScope kShared = proc::FutexScope::Shared;
constexpr i64 kSecond = 1'000'000'000;

class FutexTest : public FutexFixture {
protected:
    // A FUTEX_WAIT_BITSET on `address` for `expected`, as errno (0: woken).
    std::function<int(proc::Thread&)> wait_for(u64 address, u32 expected, u32 bitset = kAnyBit, proc::FutexScope scope = kPrivate)
    {
        return [this, address, expected, bitset, scope](proc::Thread& thread) {
            return errno_of(futexes().wait(thread, UserAddress(address), scope, expected, bitset, nullptr));
        };
    }
    std::vector<int> all_waiting(const std::vector<proc::Thread*>& sleepers, const std::function<int(proc::Thread&)>& wait, const std::function<void()>& then)
    {
        return FutexFixture::all_waiting<int>(sleepers, wait, then);
    }

    u32 wake(u64 address, i32 count, u32 bitset = kAnyBit, proc::FutexScope scope = kPrivate)
    {
        auto woken = futexes().wake(caller(), UserAddress(address), scope, count, bitset);
        EXPECT_TRUE(woken.has_value()) << errno_of(woken);
        return woken.has_value() ? woken.value() : 0;
    }
};

// --- FUTEX_WAIT ------------------------------------------------------------

TEST_F(FutexTest, Wait_WordDiffers_IsEagainAndNothingSleeps)
{
    // futex(2) EAGAIN: "The value pointed to by uaddr was not equal to the
    // expected value val at the time of the call" - the waker that changed
    // the word ran first, so the waiter must not sleep.
    poke(kWord, 1);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(wait_for(kWord, 0)(caller()), EAGAIN);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(FutexTest, Wait_BitsetZero_IsEinval)
{
    // futex(2) EINVAL: "The operation specified in futex_op employed the
    // bitset ... and the bitset was zero."
    EXPECT_EQ(wait_for(kWord, 0, 0)(caller()), EINVAL);
}

TEST_F(FutexTest, Wait_MisalignedWord_IsEinval)
{
    // futex(2) EINVAL: "uaddr ... not aligned on a four-byte boundary".
    EXPECT_EQ(wait_for(kWord + 2, 0)(caller()), EINVAL);
    // Alignment is checked before the address range.
    EXPECT_EQ(wait_for(kKernelAddress + 1, 0)(caller()), EINVAL);
}

TEST_F(FutexTest, Wait_NotAUserAddressOrUnmapped_IsEfault)
{
    // futex(2) EFAULT: "A required pointer argument did not point to a
    // valid user-space address."
    EXPECT_EQ(wait_for(kKernelAddress, 0)(caller()), EFAULT);
    EXPECT_EQ(wait_for(kUnmapped, 0)(caller()), EFAULT);
    EXPECT_EQ(wait_for(kUnmapped, 0, kAnyBit, kShared)(caller()), EFAULT);
}

TEST_F(FutexTest, Wait_SleepsUntilWoken)
{
    poke(kWord, 7);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _));
    u32 woken = 0;
    while_asleep([&] {
        EXPECT_EQ(futexes().waiter_count(), 1U);
        woken = wake(kWord, 1);
    });
    EXPECT_EQ(wait_for(kWord, 7)(caller()), 0);
    EXPECT_EQ(woken, 1U);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(FutexTest, Wait_WokenAsTheDeadlinePasses_IsAWake)
{
    // __futex_wait: "If we were woken (and unqueued), we succeeded,
    // whatever."
    const hal::Nanoseconds deadline = kernel->clock().monotonic_now() + kSecond;
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, deadline)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
        EXPECT_EQ(wake(kWord, 1), 1U);
        return hal::WakeReason::TimedOut;
    });
    EXPECT_EQ(errno_of(futexes().wait(caller(), UserAddress(kWord), kPrivate, 0, kAnyBit, &deadline)), 0);
}

TEST_F(FutexTest, Wait_DeadlinePasses_IsEtimedout)
{
    // futex(2) ETIMEDOUT: "The operation in futex_op employed the timeout
    // specified in timeout, and the timeout expired before the operation
    // completed."
    const hal::Nanoseconds deadline = kernel->clock().monotonic_now() + kSecond;
    EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, deadline));
    while_asleep([] {}, hal::WakeReason::TimedOut);
    EXPECT_EQ(errno_of(futexes().wait(caller(), UserAddress(kWord), kPrivate, 0, kAnyBit, &deadline)), ETIMEDOUT);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(FutexTest, Wait_WordCheckedBeforeTheDeadline_IsEagain)
{
    // futex_wait_setup compares the word before the timer can matter.
    poke(kWord, 1);
    const hal::Nanoseconds deadline = 0;
    EXPECT_EQ(errno_of(futexes().wait(caller(), UserAddress(kWord), kPrivate, 0, kAnyBit, &deadline)), EAGAIN);
}

TEST_F(FutexTest, Wait_SignalWithoutTimeout_IsErestartsys)
{
    // futex(2) EINTR: "The operation was interrupted by a signal"; without a
    // timeout Linux returns ERESTARTSYS, so SA_RESTART restarts the wait
    // (as the host shows).
    while_asleep([&] {
        signal::SignalInfo info;
        info.signo = SIGUSR1;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    });
    set_handler(caller(), SIGUSR1, 0x401000);
    EXPECT_EQ(wait_for(kWord, 0)(caller()), ERESTARTSYS);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(FutexTest, Wait_SignalDuringATimedWait_IsErestartnohand)
{
    // A timed wait is EINTR to a handler even under SA_RESTART (the host:
    // -EINTR), as ERESTARTNOHAND resolves.
    const hal::Nanoseconds deadline = kernel->clock().monotonic_now() + kSecond;
    set_handler(caller(), SIGUSR1, 0x401000, SA_RESTART);
    while_asleep([&] {
        signal::SignalInfo info;
        info.signo = SIGUSR1;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    });
    EXPECT_EQ(errno_of(futexes().wait(caller(), UserAddress(kWord), kPrivate, 0, kAnyBit, &deadline)), ERESTARTNOHAND);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(FutexTest, Wait_SignalAlreadyPending_DoesNotSleep)
{
    // schedule() in TASK_INTERRUPTIBLE returns at once with a signal
    // pending: the wait is interrupted, not slept through.
    set_handler(caller(), SIGUSR1, 0x401000);
    signal::SignalInfo info;
    info.signo = SIGUSR1;
    info.code = signal::kSiUser;
    ASSERT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    EXPECT_EQ(wait_for(kWord, 0)(caller()), ERESTARTSYS);
}

TEST_F(FutexTest, Wait_KilledWaiter_LeavesNothingBehind)
{
    // A waiter that is killed unqueues itself on the way out, and its
    // thread then exits: nothing of it stays in the table (ASan checks that
    // nothing leaks either).
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    const std::vector<int> results = all_waiting({ &caller(), thread }, wait_for(kWord, 0), [&] {
        EXPECT_EQ(futexes().waiter_count(), 2U);
        signal::SignalInfo info;
        info.signo = SIGKILL;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, *thread, signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    });
    EXPECT_EQ(results[1], ERESTARTSYS);
    const i64 result = -ERESTARTSYS;
    EXPECT_EQ(signal::handle_signals(*kernel, *thread, &result), signal::ReturnToUser::Exited);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(FutexTest, Wait_AnotherProcessesWord_IsAnotherFutex)
{
    // A private futex is (memory, address): the same address in a forked
    // child's memory is another word.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    u32 woken_by_child = 1;
    while_asleep([&] {
        auto woken = futexes().wake(*child, UserAddress(kWord), kPrivate, 1, kAnyBit);
        ASSERT_TRUE(woken.has_value());
        woken_by_child = woken.value();
    });
    EXPECT_EQ(wait_for(kWord, 0)(caller()), ERESTARTSYS);
    EXPECT_EQ(woken_by_child, 0U);
}

TEST_F(FutexTest, SharedFutexInMapSharedMemory_IsOneFutexAcrossProcesses)
{
    // futex(2): without FUTEX_PRIVATE_FLAG a futex "may be shared between
    // processes" - a word in MAP_SHARED memory is one futex for every
    // process that maps it, at whatever address. The private flag keeps
    // them apart: a private wake from the other process finds no one.
    const i64 mapped = call(__NR_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, static_cast<u64>(-1), 0);
    ASSERT_GT(mapped, 0);
    const u64 word = static_cast<u64>(mapped) + 0x40;
    EXPECT_CALL(caller_space(), clone_for_fork()).WillOnce([this] { return caller_space().fork_with_contents(); });
    auto forked = proc::kernel_clone(*kernel, caller(), proc::clone_request_for_fork());
    ASSERT_TRUE(forked.has_value());
    proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), forked.value().pid);
    ASSERT_NE(child, nullptr);
    u32 private_woken = 1;
    u32 shared_woken = 0;
    while_asleep([&] {
        auto by_private = futexes().wake(*child, UserAddress(word), kPrivate, 1, kAnyBit);
        ASSERT_TRUE(by_private.has_value());
        private_woken = by_private.value();
        auto by_shared = futexes().wake(*child, UserAddress(word), kShared, 1, kAnyBit);
        ASSERT_TRUE(by_shared.has_value());
        shared_woken = by_shared.value();
    });
    EXPECT_EQ(wait_for(word, 0, kAnyBit, kShared)(caller()), 0);
    EXPECT_EQ(private_woken, 0U);
    EXPECT_EQ(shared_woken, 1U);
}

// --- FUTEX_WAKE ------------------------------------------------------------

TEST_F(FutexTest, Wake_WakesAtMostCountOldestFirst)
{
    // futex(2) FUTEX_WAKE: "wakes at most val of the waiters"; the host
    // wakes them in the order they came.
    u32 woken = 0;
    const std::vector<int> results = all_waiting(threads(2), wait_for(kWord, 0), [&] { woken = wake(kWord, 2); });
    EXPECT_EQ(woken, 2U);
    EXPECT_EQ(results, (std::vector<int> { 0, 0, ERESTARTSYS }));
}

TEST_F(FutexTest, Wake_CountZeroOrNegative_WakesOne)
{
    // futex_wake: "if (++ret >= nr_wake) break;" - the host wakes one for
    // val 0 and for val -1.
    std::vector<u32> woken;
    const std::vector<int> results = all_waiting(threads(2), wait_for(kWord, 0), [&] {
        woken.push_back(wake(kWord, 0));
        woken.push_back(wake(kWord, -1));
    });
    EXPECT_EQ(woken, (std::vector<u32> { 1, 1 }));
    EXPECT_EQ(results, (std::vector<int> { 0, 0, ERESTARTSYS }));
}

TEST_F(FutexTest, Wake_NoWaiters_ReturnsZero)
{
    EXPECT_EQ(wake(kWord, 10), 0U);
}

TEST_F(FutexTest, Wake_PrivateUnmappedWord_IsNotRead)
{
    // get_futex_key: a private key needs only access_ok, not the page (the
    // host returns 0); a shared one takes the page (EFAULT).
    EXPECT_EQ(wake(kUnmapped, 1), 0U);
    EXPECT_EQ(errno_of(futexes().wake(caller(), UserAddress(kUnmapped), kShared, 1, kAnyBit)), EFAULT);
    EXPECT_EQ(errno_of(futexes().wake(caller(), UserAddress(kKernelAddress), kPrivate, 1, kAnyBit)), EFAULT);
    EXPECT_EQ(errno_of(futexes().wake(caller(), UserAddress(kWord + 1), kPrivate, 1, kAnyBit)), EINVAL);
}

TEST_F(FutexTest, WakeBitset_WakesOnlyWaitersSharingABit)
{
    // futex(2) FUTEX_WAKE_BITSET: a waiter is woken if "the bitwise AND of
    // the two bitsets is nonzero"; FUTEX_WAIT's bitset is all ones.
    u32 woken_by_2 = 0;
    u32 woken_by_4 = 0;
    std::vector<proc::Thread*> sleepers = threads(2);
    const u32 bitsets[] = { 0x1, 0x2, kAnyBit };
    usize next = 0;
    const std::vector<int> results = all_waiting(
        sleepers, [&](proc::Thread& thread) { return wait_for(kWord, 0, bitsets[next++])(thread); },
        [&] {
            woken_by_2 = wake(kWord, 10, 0x2);
            woken_by_4 = wake(kWord, 10, 0x4);
        });
    EXPECT_EQ(woken_by_2, 2U);
    EXPECT_EQ(woken_by_4, 0U);
    EXPECT_EQ(results, (std::vector<int> { ERESTARTSYS, 0, 0 }));
}

TEST_F(FutexTest, WakeBitset_BitsetZero_IsEinval)
{
    EXPECT_EQ(errno_of(futexes().wake(caller(), UserAddress(kWord), kPrivate, 1, 0)), EINVAL);
    // Before the address is looked at.
    EXPECT_EQ(errno_of(futexes().wake(caller(), UserAddress(kWord + 1), kPrivate, 1, 0)), EINVAL);
}

TEST_F(FutexTest, Wake_SharedDoesNotWakeAPrivateWaiter)
{
    // A private and a shared operation on one word name different futexes
    // (Linux's FUT_OFF_MMSHARED key bit; the host's FUTEX_WAKE returns 0
    // with FUTEX_WAIT_PRIVATE waiters).
    std::vector<u32> woken;
    const std::vector<int> results = all_waiting(threads(1), wait_for(kWord, 0), [&] {
        woken.push_back(wake(kWord, 10, kAnyBit, kShared));
        woken.push_back(wake(kWord, 10, kAnyBit, kPrivate));
    });
    EXPECT_EQ(woken, (std::vector<u32> { 0, 2 }));
    EXPECT_EQ(results, (std::vector<int> { 0, 0 }));
}

// --- FUTEX_REQUEUE and FUTEX_CMP_REQUEUE ----------------------------------

TEST_F(FutexTest, Requeue_WakesSomeAndMovesOthersToTheSecondWord)
{
    // futex(2) FUTEX_CMP_REQUEUE: wakes up to val waiters and "requeues
    // up to val2 waiters"; returns both together (so does FUTEX_REQUEUE on
    // the host: 3 for val 1, val2 2 and four waiters).
    poke(kWord, 5);
    u32 moved = 0;
    u32 woken_on_second = 0;
    u32 left_on_first = 0;
    const std::vector<int> results = all_waiting(threads(3), wait_for(kWord, 5), [&] {
        const u32 expected = 5;
        auto result = futexes().requeue(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 2, &expected);
        ASSERT_TRUE(result.has_value());
        moved = result.value();
        woken_on_second = wake(kOtherWord, 10);
        left_on_first = wake(kWord, 10);
    });
    EXPECT_EQ(moved, 3U);
    EXPECT_EQ(woken_on_second, 2U);
    EXPECT_EQ(left_on_first, 1U);
    EXPECT_EQ(results, (std::vector<int> { 0, 0, 0, 0 }));
}

TEST_F(FutexTest, Requeue_KeepsEachWaitersBitset)
{
    // The host: a waiter with bitset 1 requeued is not woken by bitset 2 on
    // the new word, and is by bitset 1.
    std::vector<u32> woken;
    const std::vector<int> results = all_waiting(threads(0), wait_for(kWord, 0, 0x1), [&] {
        auto result = futexes().requeue(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 0, 1, nullptr);
        ASSERT_TRUE(result.has_value());
        woken.push_back(result.value());
        woken.push_back(wake(kOtherWord, 10, 0x2));
        woken.push_back(wake(kOtherWord, 10, 0x1));
    });
    EXPECT_EQ(woken, (std::vector<u32> { 1, 0, 1 }));
    EXPECT_EQ(results, (std::vector<int> { 0 }));
}

TEST_F(FutexTest, Requeue_ToTheSameWord_CountsEachWaiterOnce)
{
    // Only FUTEX_CMP_REQUEUE_PI refuses uaddr == uaddr2; a plain requeue to
    // the same word leaves the waiters where they are (requeue_futex: "If
    // key1 and key2 hash to the same bucket, no need to requeue"): the host
    // returns 2 for two waiters and a requeue count of INT_MAX.
    u32 moved = 0;
    const std::vector<int> results = all_waiting(threads(1), wait_for(kWord, 0), [&] {
        auto result = futexes().requeue(caller(), UserAddress(kWord), UserAddress(kWord), kPrivate, 0, 0x7fffffff, nullptr);
        ASSERT_TRUE(result.has_value());
        moved = result.value();
        EXPECT_EQ(wake(kWord, 1), 1U);
    });
    EXPECT_EQ(moved, 2U);
    EXPECT_EQ(results, (std::vector<int> { 0, ERESTARTSYS }));
}

TEST_F(FutexTest, CmpRequeue_WordDiffers_IsEagainAndNothingMoves)
{
    // futex(2) EAGAIN: "(FUTEX_CMP_REQUEUE) The value pointed to by uaddr
    // is not equal to the expected value val3."
    int error = 0;
    const std::vector<int> results = all_waiting(threads(0), wait_for(kWord, 0), [&] {
        poke(kWord, 1);
        const u32 expected = 0;
        error = errno_of(futexes().requeue(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, &expected));
        EXPECT_EQ(wake(kOtherWord, 10), 0U);
        EXPECT_EQ(wake(kWord, 10), 1U);
    });
    EXPECT_EQ(error, EAGAIN);
    EXPECT_EQ(results, (std::vector<int> { 0 }));
}

TEST_F(FutexTest, Requeue_NegativeCount_IsEinval)
{
    // futex(2) EINVAL: "(FUTEX_REQUEUE, FUTEX_CMP_REQUEUE) ... val or val2
    // is negative" - checked before the addresses.
    EXPECT_EQ(errno_of(futexes().requeue(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, -1, 1, nullptr)), EINVAL);
    EXPECT_EQ(errno_of(futexes().requeue(caller(), UserAddress(kWord + 1), UserAddress(kOtherWord), kPrivate, 1, -1, nullptr)), EINVAL);
}

TEST_F(FutexTest, Requeue_PrivateTargetIsNotRead)
{
    // A private second word needs only access_ok (the host: 0 for an
    // unmapped uaddr2); FUTEX_CMP_REQUEUE reads the first word.
    const u32 expected = 0;
    EXPECT_EQ(errno_of(futexes().requeue(caller(), UserAddress(kWord), UserAddress(kUnmapped), kPrivate, 1, 1, &expected)), 0);
    EXPECT_EQ(errno_of(futexes().requeue(caller(), UserAddress(kWord), UserAddress(kUnmapped), kShared, 1, 1, &expected)), EFAULT);
    EXPECT_EQ(errno_of(futexes().requeue(caller(), UserAddress(kUnmapped), UserAddress(kWord), kPrivate, 1, 1, &expected)), EFAULT);
    EXPECT_EQ(errno_of(futexes().requeue(caller(), UserAddress(kUnmapped), UserAddress(kWord), kPrivate, 1, 1, nullptr)), 0);
}

// --- FUTEX_WAKE_OP ------------------------------------------------------------

TEST_F(FutexTest, WakeOp_ComparisonHolds_WakesBothWords)
{
    // futex(2) FUTEX_WAKE_OP: "*(int *) uaddr2 = oparg op oldval; futex(uaddr,
    // FUTEX_WAKE, val); if (oldval cmp cmparg) futex(uaddr2, FUTEX_WAKE,
    // val2)". The host: 2 for one waiter woken on each word with val2 0.
    poke(kOtherWord, 7);
    std::vector<proc::Thread*> sleepers = threads(3);
    usize next = 0;
    u32 woken = 0;
    const std::vector<int> results = all_waiting(
        sleepers, [&](proc::Thread& thread) { return next++ < 2 ? wait_for(kWord, 0)(thread) : wait_for(kOtherWord, 7)(thread); },
        [&] {
            auto result = futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 0, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 7));
            ASSERT_TRUE(result.has_value());
            woken = result.value();
        });
    EXPECT_EQ(woken, 2U);
    EXPECT_EQ(peek(kOtherWord), 8);
    EXPECT_EQ(results, (std::vector<int> { 0, ERESTARTSYS, 0, ERESTARTSYS }));
}

TEST_F(FutexTest, WakeOp_ComparisonFails_WakesOnlyTheFirstWord)
{
    poke(kOtherWord, 7);
    std::vector<proc::Thread*> sleepers = threads(1);
    usize next = 0;
    u32 woken = 0;
    const std::vector<int> results = all_waiting(
        sleepers, [&](proc::Thread& thread) { return next++ == 0 ? wait_for(kWord, 0)(thread) : wait_for(kOtherWord, 7)(thread); },
        [&] {
            auto result = futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_NE, 7));
            ASSERT_TRUE(result.has_value());
            woken = result.value();
        });
    EXPECT_EQ(woken, 1U);
    EXPECT_EQ(peek(kOtherWord), 0);
    EXPECT_EQ(results, (std::vector<int> { 0, ERESTARTSYS }));
}

TEST_F(FutexTest, WakeOp_EveryOperationAndComparison)
{
    // <linux/futex.h>: SET, ADD, OR, ANDN, XOR on the old value; EQ, NE,
    // LT, LE, GT, GE signed against a sign-extended 12-bit cmparg.
    struct Case {
        i32 before;
        u32 op;
        u32 oparg;
        u32 cmp;
        u32 cmparg;
        i32 after;
    };
    const Case cases[] = {
        { 10, FUTEX_OP_SET, 3, FUTEX_OP_CMP_EQ, 10, 3 },
        { 10, FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 10, 13 },
        { 0b1010, FUTEX_OP_OR, 0b0101, FUTEX_OP_CMP_EQ, 0, 0b1111 },
        { 0b1111, FUTEX_OP_ANDN, 0b0101, FUTEX_OP_CMP_EQ, 0, 0b1010 },
        { 0b1111, FUTEX_OP_XOR, 0b0101, FUTEX_OP_CMP_EQ, 0, 0b1010 },
        // A 12-bit oparg is signed: 0xfff is -1.
        { 0, FUTEX_OP_SET, 0xfff, FUTEX_OP_CMP_EQ, 0, -1 },
        // FUTEX_OP_OPARG_SHIFT: 1 << oparg, a shift past 31 taken modulo 32
        // (the host: 33 gives 2, -1 gives 0x80000000).
        { 0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_EQ, 0, 16 },
        { 0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 33, FUTEX_OP_CMP_EQ, 0, 2 },
        { 0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 0xfff, FUTEX_OP_CMP_EQ, 0, static_cast<i32>(0x80000000) },
    };
    for (const Case& each : cases) {
        poke(kOtherWord, each.before);
        auto result = futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(each.op, each.oparg, each.cmp, each.cmparg));
        ASSERT_TRUE(result.has_value());
        EXPECT_EQ(peek(kOtherWord), each.after) << each.op << " " << each.oparg;
    }
}

TEST_F(FutexTest, WakeOp_ComparisonsAreSigned)
{
    // "oldval CMP cmparg" on ints: -5 < 0, and cmparg 0xfff is -1.
    struct Case {
        i32 old_value;
        u32 cmp;
        u32 cmparg;
        bool holds;
    };
    const Case cases[] = {
        { -5, FUTEX_OP_CMP_LT, 0, true },
        { -5, FUTEX_OP_CMP_GE, 0, false },
        { -1, FUTEX_OP_CMP_EQ, 0xfff, true },
        { 3, FUTEX_OP_CMP_NE, 3, false },
        { 3, FUTEX_OP_CMP_LE, 3, true },
        { 4, FUTEX_OP_CMP_GT, 3, true },
        { 3, FUTEX_OP_CMP_GT, 3, false },
    };
    for (const Case& each : cases) {
        poke(kOtherWord, each.old_value);
        u32 woken = 0;
        // One waiter on the second word tells whether the comparison held.
        const std::vector<int> results = all_waiting(threads(0), wait_for(kOtherWord, static_cast<u32>(each.old_value)), [&] {
            auto result = futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(FUTEX_OP_ADD, 0, each.cmp, each.cmparg));
            ASSERT_TRUE(result.has_value());
            woken = result.value();
        });
        EXPECT_EQ(woken, each.holds ? 1U : 0U) << each.old_value << " cmp " << each.cmp;
        if (!each.holds) {
            EXPECT_EQ(wake(kOtherWord, 1), 0U); // the waiter was unqueued by its interruption
        }
    }
}

TEST_F(FutexTest, WakeOp_UnknownOperation_IsEnosysWordUnchanged)
{
    // futex(2) ENOSYS for an invalid op; the host leaves the word as it
    // was, and checks the operation before the word is touched (ENOSYS
    // even for an unmapped one).
    poke(kOtherWord, 13);
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(5, 3, FUTEX_OP_CMP_EQ, 0))), ENOSYS);
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(7, 3, FUTEX_OP_CMP_EQ, 0))), ENOSYS);
    EXPECT_EQ(peek(kOtherWord), 13);
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kUnmapped), kPrivate, 1, 1, FUTEX_OP(5, 3, FUTEX_OP_CMP_EQ, 0))), ENOSYS);
}

TEST_F(FutexTest, WakeOp_UnknownComparison_IsEnosysAfterTheStore)
{
    // The host: cmp 6 and 15 are ENOSYS, with the ADD already done.
    poke(kOtherWord, 13);
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(FUTEX_OP_ADD, 3, 6, 0))), ENOSYS);
    EXPECT_EQ(peek(kOtherWord), 16);
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(FUTEX_OP_ADD, 3, 15, 0))), ENOSYS);
    EXPECT_EQ(peek(kOtherWord), 19);
}

TEST_F(FutexTest, WakeOp_SecondWordNotWritable_IsEfault)
{
    // futex_wake_op: a fault that fault_in_user_writeable cannot fix is
    // EFAULT (the host, for an unmapped or a read-only uaddr2).
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kUnmapped), kPrivate, 1, 1, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 0))), EFAULT);
    poke(kOtherWord, 13);
    EXPECT_CALL(caller_space(), copy_to_user(UserAddress(kOtherWord), _, sizeof(u32))).WillOnce(Return(errno_error(EFAULT)));
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 0))), EFAULT);
    EXPECT_EQ(peek(kOtherWord), 13);
}

TEST_F(FutexTest, WakeOp_AddressesCheckedFirst)
{
    // get_futex_key for both words comes before the operation: EINVAL for
    // a misaligned one, EFAULT for a kernel one, whatever the op.
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kOtherWord + 1), kPrivate, 1, 1, FUTEX_OP(5, 0, 0, 0))), EINVAL);
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kWord), UserAddress(kKernelAddress), kPrivate, 1, 1, FUTEX_OP(5, 0, 0, 0))), EFAULT);
    // A private first word is not read (the host: 0 for an unmapped one).
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kUnmapped), UserAddress(kOtherWord), kPrivate, 1, 1, FUTEX_OP(FUTEX_OP_ADD, 0, 0, 0))), 0);
    EXPECT_EQ(errno_of(futexes().wake_op(caller(), UserAddress(kUnmapped), UserAddress(kOtherWord), kShared, 1, 1, FUTEX_OP(FUTEX_OP_ADD, 0, 0, 0))), EFAULT);
}

// --- timeouts -------------------------------------------------------------

TEST_F(FutexTest, Deadline_RelativeTimeout_StartsNow)
{
    const hal::Nanoseconds before = kernel->clock().monotonic_now();
    const hal::Nanoseconds deadline = proc::futex_deadline(*kernel, caller(), kSecond, proc::FutexTimeout::Relative);
    const hal::Nanoseconds after = kernel->clock().monotonic_now();
    EXPECT_GE(deadline, before + kSecond);
    EXPECT_LE(deadline, after + kSecond);
}

TEST_F(FutexTest, Deadline_HugeRelativeTimeout_SaturatesAtKtimeMax)
{
    // ktime_add_safe.
    const hal::Nanoseconds forever = static_cast<hal::Nanoseconds>(~u64 { 0 } >> 1);
    EXPECT_EQ(proc::futex_deadline(*kernel, caller(), forever, proc::FutexTimeout::Relative), forever);
}

TEST_F(FutexTest, Deadline_AbsoluteMonotonic_IsTheTimeItself)
{
    EXPECT_EQ(proc::futex_deadline(*kernel, caller(), 5 * kSecond, proc::FutexTimeout::AbsoluteMonotonic), 5 * kSecond);
}

TEST_F(FutexTest, Deadline_AbsoluteMonotonicInATimeNamespace_LosesItsOffset)
{
    // time_namespaces(7): CLOCK_MONOTONIC reads offset in the namespace;
    // timens_ktime_to_host takes the offset off, and a time before it has
    // passed already.
    ns::NamespaceSet set = caller().namespaces->namespaces();
    ASSERT_OK_AND_ASSIGN(set.time, try_make_ref<ns::TimeNamespace>(kernel->initial_user_namespace(), 0xeffff000U, ns::TimeOffsets { 100 * kSecond, 0 }));
    ASSERT_OK_AND_ASSIGN(caller().namespaces, try_make_ref<ns::NsProxy>(set));
    EXPECT_EQ(proc::futex_deadline(*kernel, caller(), 105 * kSecond, proc::FutexTimeout::AbsoluteMonotonic), 5 * kSecond);
    EXPECT_EQ(proc::futex_deadline(*kernel, caller(), 5 * kSecond, proc::FutexTimeout::AbsoluteMonotonic), 0);
}

TEST_F(FutexTest, Deadline_AbsoluteRealtime_BecomesMonotonicThroughTheClocksDifference)
{
    // A wall-clock time one second from now is a monotonic deadline one
    // second from now; one in the past has passed.
    const hal::Nanoseconds wall = kernel->clock().realtime_now();
    const hal::Nanoseconds before = kernel->clock().monotonic_now();
    const hal::Nanoseconds deadline = proc::futex_deadline(*kernel, caller(), wall + kSecond, proc::FutexTimeout::AbsoluteRealtime);
    const hal::Nanoseconds after = kernel->clock().monotonic_now();
    EXPECT_GE(deadline, before + kSecond - kSecond / 10);
    EXPECT_LE(deadline, after + kSecond + kSecond / 10);
    EXPECT_LE(proc::futex_deadline(*kernel, caller(), 0, proc::FutexTimeout::AbsoluteRealtime), before);
}

// --- a thread leaving its memory: CLONE_CHILD_CLEARTID ------------------------

TEST_F(FutexTest, ClearChildTid_ExitClearsTheWordAndWakesOneSharedWaiter)
{
    // clone(2) CLONE_CHILD_CLEARTID: "clear the child thread ID ... and do
    // a wakeup on the futex at that address" - a FUTEX_WAKE of one, shared
    // (pthread_join's wait).
    proc::Thread* exiting = spawn_thread();
    ASSERT_NE(exiting, nullptr);
    const i32 tid = tid_in_own_namespace(*exiting);
    poke(kWord, tid);
    exiting->clear_child_tid = UserAddress(kWord);
    const std::vector<int> results = all_waiting(threads(1), wait_for(kWord, static_cast<u32>(tid), kAnyBit, kShared), [&] {
        kernel->exit_thread(*exiting, 0);
    });
    EXPECT_EQ(peek(kWord), 0);
    EXPECT_EQ(results, (std::vector<int> { 0, ERESTARTSYS }));
}

TEST_F(FutexTest, ClearChildTid_PrivateWaiter_IsNotWoken)
{
    // The wake is a shared one: a FUTEX_WAIT_PRIVATE waiter on the tid
    // sleeps on.
    proc::Thread* exiting = spawn_thread();
    ASSERT_NE(exiting, nullptr);
    poke(kWord, tid_in_own_namespace(*exiting));
    exiting->clear_child_tid = UserAddress(kWord);
    const std::vector<int> results = all_waiting(threads(0), wait_for(kWord, static_cast<u32>(tid_in_own_namespace(*exiting))), [&] {
        kernel->exit_thread(*exiting, 0);
    });
    EXPECT_EQ(peek(kWord), 0);
    EXPECT_EQ(results, (std::vector<int> { ERESTARTSYS }));
}

TEST_F(FutexTest, ClearChildTid_ProcessEndingAlone_LeavesTheWord)
{
    // mm_release: "if (atomic_read(&mm->mm_users) > 1)" - the host leaves
    // the tid of a single-threaded child in a MAP_SHARED page as it was.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    RefPtr<hal::AddressSpace> space(&child->memory->address_space());
    auto& backing = static_cast<MockAddressSpace&>(*space).backing();
    const i32 tid = 777;
    ASSERT_TRUE(backing.copy_to_user(UserAddress(kWord), &tid, sizeof(tid)).has_value());
    child->clear_child_tid = UserAddress(kWord);
    kernel->exit_thread(*child, 0);
    i32 word = 0;
    ASSERT_TRUE(backing.copy_from_user(&word, UserAddress(kWord), sizeof(word)).has_value());
    EXPECT_EQ(word, 777);
}

TEST_F(FutexTest, ClearChildTid_BadAddress_IsIgnored)
{
    proc::Thread* exiting = spawn_thread();
    ASSERT_NE(exiting, nullptr);
    exiting->clear_child_tid = UserAddress(kUnmapped);
    kernel->exit_thread(*exiting, 0);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

// --- a thread leaving its memory: the robust list -----------------------------

// A robust list in the caller's memory: the head, and locks whose futex
// word is kFutexOffset bytes after their list entry.
constexpr u64 kHead = KernelTest::kUserData + 0x800;
constexpr u64 kLocks = KernelTest::kUserData + 0x900;
constexpr i64 kFutexOffset = 8;
constexpr u64 lock(u64 index) { return kLocks + 0x40 * index; }
constexpr u64 word_of(u64 index) { return lock(index) + kFutexOffset; }

class RobustListTest : public FutexTest {
protected:
    // Links `entries` (entry addresses, bit 0 for PI) after the head and
    // registers the list for `thread`.
    void register_list(proc::Thread& thread, const std::vector<u64>& entries, u64 pending = 0, i64 offset = kFutexOffset)
    {
        u64 previous = kHead;
        for (u64 entry : entries) {
            poke64(previous, entry);
            previous = entry & ~u64 { 1 };
        }
        poke64(previous, kHead);
        poke64(kHead + 8, static_cast<u64>(offset));
        poke64(kHead + 16, pending);
        thread.robust_list = UserAddress(kHead);
    }
    proc::Thread* dying_thread()
    {
        proc::Thread* thread = spawn_thread();
        EXPECT_NE(thread, nullptr);
        return thread;
    }
    u32 word(u64 index) { return static_cast<u32>(peek(word_of(index))); }
};

TEST_F(RobustListTest, OwnedLockWithWaiters_IsMarkedOwnerDiedAndOneWaiterWoken)
{
    // set_robust_list(2) / exit_robust_list: the lock becomes
    // FUTEX_WAITERS | FUTEX_OWNER_DIED with owner 0 (the host: 0xc0000000)
    // and one waiter is woken.
    proc::Thread* dying = dying_thread();
    const u32 held = static_cast<u32>(tid_in_own_namespace(*dying)) | FUTEX_WAITERS;
    poke(word_of(0), static_cast<i32>(held));
    register_list(*dying, { lock(0) });
    const std::vector<int> results = all_waiting(threads(1), wait_for(word_of(0), held, kAnyBit, kShared), [&] {
        kernel->exit_thread(*dying, 0);
    });
    EXPECT_EQ(word(0), FUTEX_WAITERS | FUTEX_OWNER_DIED);
    EXPECT_EQ(results, (std::vector<int> { 0, ERESTARTSYS }));
}

TEST_F(RobustListTest, OwnedLockWithoutWaiters_IsMarkedAndNobodyWoken)
{
    // The host: a held lock without FUTEX_WAITERS becomes 0x40000000; a
    // waiter that did not set the bit is not woken.
    proc::Thread* dying = dying_thread();
    const u32 held = static_cast<u32>(tid_in_own_namespace(*dying));
    poke(word_of(0), static_cast<i32>(held));
    register_list(*dying, { lock(0) });
    const std::vector<int> results = all_waiting(threads(0), wait_for(word_of(0), held, kAnyBit, kShared), [&] {
        kernel->exit_thread(*dying, 0);
    });
    EXPECT_EQ(word(0), FUTEX_OWNER_DIED);
    EXPECT_EQ(results, (std::vector<int> { ERESTARTSYS }));
}

TEST_F(RobustListTest, LockOfAnotherOwner_IsLeftAlone)
{
    proc::Thread* dying = dying_thread();
    poke(word_of(0), static_cast<i32>(tid_in_own_namespace(*dying)));
    poke(word_of(1), static_cast<i32>(12345 | FUTEX_WAITERS));
    poke(word_of(2), static_cast<i32>(tid_in_own_namespace(*dying)));
    register_list(*dying, { lock(0), lock(1), lock(2) });
    kernel->exit_thread(*dying, 0);
    EXPECT_EQ(word(0), FUTEX_OWNER_DIED);
    EXPECT_EQ(word(1), 12345 | FUTEX_WAITERS);
    EXPECT_EQ(word(2), FUTEX_OWNER_DIED);
}

TEST_F(RobustListTest, PrivateWaiter_IsNotWoken)
{
    // The death's wake is a shared FUTEX_WAKE (glibc waits on robust
    // mutexes without FUTEX_PRIVATE_FLAG); the host's private waiter sleeps on.
    proc::Thread* dying = dying_thread();
    const u32 held = static_cast<u32>(tid_in_own_namespace(*dying)) | FUTEX_WAITERS;
    poke(word_of(0), static_cast<i32>(held));
    register_list(*dying, { lock(0) });
    const std::vector<int> results = all_waiting(threads(0), wait_for(word_of(0), held), [&] {
        kernel->exit_thread(*dying, 0);
    });
    EXPECT_EQ(word(0), FUTEX_WAITERS | FUTEX_OWNER_DIED);
    EXPECT_EQ(results, (std::vector<int> { ERESTARTSYS }));
}

TEST_F(RobustListTest, PendingLockWithNoOwner_WakesAWaiterAndKeepsTheWord)
{
    // handle_futex_death: "pending_op && !pi && !owner" - the lock was
    // being released; a waiter is woken, the word left alone.
    proc::Thread* dying = dying_thread();
    poke(word_of(0), 0);
    register_list(*dying, {}, lock(0));
    const std::vector<int> results = all_waiting(threads(0), wait_for(word_of(0), 0, kAnyBit, kShared), [&] {
        kernel->exit_thread(*dying, 0);
    });
    EXPECT_EQ(word(0), 0U);
    EXPECT_EQ(results, (std::vector<int> { 0 }));
}

TEST_F(RobustListTest, PendingLockOnTheList_IsHandledOnce)
{
    // "A pending lock might already be on the list, so don't process it
    // twice": one waiter woken, not two.
    proc::Thread* dying = dying_thread();
    const u32 held = static_cast<u32>(tid_in_own_namespace(*dying)) | FUTEX_WAITERS;
    poke(word_of(0), static_cast<i32>(held));
    register_list(*dying, { lock(0) }, lock(0));
    const std::vector<int> results = all_waiting(threads(1), wait_for(word_of(0), held, kAnyBit, kShared), [&] {
        kernel->exit_thread(*dying, 0);
    });
    EXPECT_EQ(word(0), FUTEX_WAITERS | FUTEX_OWNER_DIED);
    EXPECT_EQ(results, (std::vector<int> { 0, ERESTARTSYS }));
}

TEST_F(RobustListTest, CircularList_StopsAfterTheLimit)
{
    // "Avoid excessively long or circular lists": ROBUST_LIST_LIMIT
    // entries, then the walk ends (the host survives a loop of two).
    proc::Thread* dying = dying_thread();
    poke(word_of(0), tid_in_own_namespace(*dying));
    poke(word_of(1), 0);
    poke64(kHead, lock(0));
    poke64(lock(0), lock(1));
    poke64(lock(1), lock(0));
    poke64(kHead + 8, kFutexOffset);
    poke64(kHead + 16, 0);
    dying->robust_list = UserAddress(kHead);
    EXPECT_CALL(caller_space(), copy_from_user(_, _, _)).Times(::testing::AtMost(3 + 2 * ROBUST_LIST_LIMIT));
    kernel->exit_thread(*dying, 0);
    EXPECT_EQ(word(0), FUTEX_OWNER_DIED);
}

TEST_F(RobustListTest, FaultingEntry_EndsTheWalkPendingIncluded)
{
    // "We silently return on any sign of list-walking problem": the host
    // leaves the pending lock held when an entry before it faults.
    proc::Thread* dying = dying_thread();
    const i32 tid = tid_in_own_namespace(*dying);
    poke(word_of(0), tid);
    poke64(kHead, kUnmapped);
    poke64(kHead + 8, kFutexOffset);
    poke64(kHead + 16, lock(0));
    dying->robust_list = UserAddress(kHead);
    kernel->exit_thread(*dying, 0);
    EXPECT_EQ(word(0), static_cast<u32>(tid));
}

TEST_F(RobustListTest, MisalignedFutex_EndsTheWalk)
{
    // "Futex address must be 32bit aligned": the host leaves every later
    // lock held.
    proc::Thread* dying = dying_thread();
    const i32 tid = tid_in_own_namespace(*dying);
    poke(word_of(1), tid);
    register_list(*dying, { lock(0), lock(1) }, 0, kFutexOffset + 1);
    kernel->exit_thread(*dying, 0);
    EXPECT_EQ(word(1), static_cast<u32>(tid));
}

TEST_F(RobustListTest, PiLock_IsMarkedButNotWoken)
{
    // Bit 0 of an entry marks a PI futex, whose waiters its PI state wakes
    // (Sirius has none): the host marks the word and wakes nobody.
    proc::Thread* dying = dying_thread();
    const u32 held = static_cast<u32>(tid_in_own_namespace(*dying)) | FUTEX_WAITERS;
    poke(word_of(0), static_cast<i32>(held));
    register_list(*dying, { lock(0) | 1 });
    const std::vector<int> results = all_waiting(threads(0), wait_for(word_of(0), held, kAnyBit, kShared), [&] {
        kernel->exit_thread(*dying, 0);
    });
    EXPECT_EQ(word(0), FUTEX_WAITERS | FUTEX_OWNER_DIED);
    EXPECT_EQ(results, (std::vector<int> { ERESTARTSYS }));
}

TEST_F(RobustListTest, BadHead_IsIgnored)
{
    proc::Thread* dying = dying_thread();
    dying->robust_list = UserAddress(kUnmapped);
    kernel->exit_thread(*dying, 0);
    EXPECT_EQ(futexes().waiter_count(), 0U);
}

TEST_F(RobustListTest, Exec_WalksTheListAndForgetsIt)
{
    // futex_exec_release: an exec releases the locks and the registration
    // (the new program registers its own).
    proc::Thread* thread = dying_thread();
    poke(word_of(0), tid_in_own_namespace(*thread));
    register_list(*thread, { lock(0) });
    kernel->release_memory(*thread);
    EXPECT_EQ(word(0), FUTEX_OWNER_DIED);
    EXPECT_TRUE(thread->robust_list.is_null());
}

TEST_F(RobustListTest, ANewThread_HasNoRobustList)
{
    // Linux copy_process: "p->robust_list = NULL".
    caller().robust_list = UserAddress(kHead);
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    EXPECT_TRUE(thread->robust_list.is_null());
}

} // namespace
} // namespace sirius::testing
