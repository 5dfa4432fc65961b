// select(2) and pselect6(2) as select(2) and Linux's fs/select.c
// (core_sys_select, max_select_fd, do_select) describe them: the three
// sets, EBADF, the table size limit, the timeval and what goes back, and
// pselect6's signal mask. Checked on the host with
// tests/integration/programs/poll_select.c.
#include <linux/time_types.h>
#include <signal.h>

#include "tests/unit/support/poll_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::_;

constexpr hal::Nanoseconds kSecond = 1'000'000'000;

class SelectTest : public PollTest {
protected:
    i64 select(int count, u64 in, u64 out, u64 except, u64 time = 0)
    {
        return call(__NR_select, static_cast<u64>(static_cast<u32>(count)), in, out, except, time);
    }
    void put_sets(u64 in, u64 out, u64 except)
    {
        put(kReadSet, in);
        put(kWriteSet, out);
        put(kExceptSet, except);
    }
    void put_zero_timeval() { put<__kernel_old_timeval>(kTime, { 0, 0 }); }
};

TEST_F(SelectTest, Select_NegativeCount_IsEinval)
{
    // select(2): "EINVAL nfds is negative".
    EXPECT_EQ(select(-1, 0, 0, 0), -EINVAL);
}

TEST_F(SelectTest, Select_ReadyDescriptors_StayInTheirSetsAndCountOncePerSet)
{
    // select(2): "the total number of bits that are set in readfds,
    // writefds, exceptfds" - a pipe's read end with data and its write end.
    const Ends ends = pipe_with_data();
    put_sets(fd_set_of({ ends.read, ends.write }), fd_set_of({ ends.read, ends.write }), fd_set_of({ ends.read }));
    put_zero_timeval();
    EXPECT_EQ(select(ends.write + 1, kReadSet, kWriteSet, kExceptSet, kTime), 2);
    EXPECT_EQ(get<u64>(kReadSet), fd_set_of({ ends.read }));
    EXPECT_EQ(get<u64>(kWriteSet), fd_set_of({ ends.write }));
    EXPECT_EQ(get<u64>(kExceptSet), 0U);
}

TEST_F(SelectTest, Select_NothingReady_ClearsTheSets)
{
    // "On return, the sets are modified in place to indicate which file
    // descriptors are ready": none.
    const Ends ends = make_pipe();
    put_sets(fd_set_of({ ends.read }), 0, 0);
    put_zero_timeval();
    EXPECT_EQ(select(ends.read + 1, kReadSet, kWriteSet, kExceptSet, kTime), 0);
    EXPECT_EQ(get<u64>(kReadSet), 0U);
}

TEST_F(SelectTest, Select_HungUpReadEndIsReadable_WriteEndWithoutReaderIsWritable)
{
    // POLLIN_SET holds EPOLLHUP and EPOLLERR; POLLOUT_SET holds EPOLLERR.
    const Ends first = make_pipe();
    const Ends second = make_pipe();
    EXPECT_EQ(close(first.write), 0);
    EXPECT_EQ(close(second.read), 0);
    put_sets(fd_set_of({ first.read }), fd_set_of({ second.write }), 0);
    put_zero_timeval();
    EXPECT_EQ(select(second.write + 1, kReadSet, kWriteSet, 0, kTime), 2);
}

TEST_F(SelectTest, Select_DescriptorNotOpen_IsEbadf)
{
    // select(2): "EBADF An invalid file descriptor was given in one of the
    // sets."
    put_sets(0, 0, fd_set_of({ 9 }));
    EXPECT_EQ(select(10, kReadSet, kWriteSet, kExceptSet), -EBADF);
}

TEST_F(SelectTest, Select_BitsAtOrAboveTheCount_AreNotLookedAtAndComeBackClear)
{
    // Descriptor 9 is not open but the count stops at 9; the word goes back
    // whole, without the bit.
    put(kReadSet, fd_set_of({ 1, 9 }));
    put_zero_timeval();
    EXPECT_EQ(select(9, kReadSet, 0, 0, kTime), 1);
    EXPECT_EQ(get<u64>(kReadSet), fd_set_of({ 1 }));
}

TEST_F(SelectTest, Select_DescriptorsFromTheTableSizeOn_AreNotLookedAt)
{
    // core_sys_select: "if (n > max_fds) n = max_fds" - the table holds 64
    // descriptors until one at 64 or above is taken.
    put(kReadSet + 8, u64 { 1 }); // descriptor 64, not open
    put(kReadSet, u64 { 0 });
    put_zero_timeval();
    EXPECT_EQ(select(128, kReadSet, 0, 0, kTime), 0);
    // With descriptor 70 taken, the table holds 128: 64 is looked at.
    EXPECT_EQ(call(__NR_dup2, 1, 70), 70);
    EXPECT_EQ(close(70), 0);
    put(kReadSet + 8, u64 { 1 });
    EXPECT_EQ(select(128, kReadSet, 0, 0, kTime), -EBADF);
}

TEST_F(SelectTest, Select_SetNotReadable_IsEfault)
{
    EXPECT_EQ(select(3, kBad, 0, 0), -EFAULT);
}

TEST_F(SelectTest, Select_InvalidTimeval_IsEinval)
{
    // kern_select carries whole seconds of tv_usec into tv_sec, then
    // checks the timespec: a negative time is EINVAL ...
    put<__kernel_old_timeval>(kTime, { -1, 0 });
    EXPECT_EQ(select(0, 0, 0, 0, kTime), -EINVAL);
    put<__kernel_old_timeval>(kTime, { 0, -1 });
    EXPECT_EQ(select(0, 0, 0, 0, kTime), -EINVAL);
    EXPECT_EQ(select(0, 0, 0, 0, kBad), -EFAULT);
}

TEST_F(SelectTest, Select_MicrosecondsPastASecond_CarryIntoTheSeconds)
{
    // ... while 2.5 million microseconds is 2.5 s.
    put<__kernel_old_timeval>(kTime, { 1, 2'500'000 });
    const hal::Nanoseconds start = clock.monotonic_now();
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, start + 3 * kSecond + kSecond / 2)).WillOnce(::testing::Return(hal::WakeReason::TimedOut));
    EXPECT_EQ(select(0, 0, 0, 0, kTime), 0);
}

TEST_F(SelectTest, Select_Timeout_WritesTheTimeLeftAsATimeval)
{
    // select(2): "On Linux, select() modifies timeout to reflect the amount
    // of time not slept".
    put<__kernel_old_timeval>(kTime, { 3, 0 });
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
        clock.advance(kSecond + 1000);
        return hal::WakeReason::TimedOut;
    });
    EXPECT_EQ(select(0, 0, 0, 0, kTime), 0);
    const auto left = get<__kernel_old_timeval>(kTime);
    EXPECT_EQ(left.tv_sec, 1);
    EXPECT_EQ(left.tv_usec, 999'999);
}

TEST_F(SelectTest, Select_Signal_IsErestartnohandAndLeavesTheSets)
{
    // core_sys_select: "ret = -ERESTARTNOHAND; if (signal_pending(current))
    // goto out;" - the sets are not written.
    const Ends ends = make_pipe();
    set_handler(caller(), SIGUSR1, kHandler);
    EXPECT_EQ(call(__NR_tkill, tid_of(caller()), SIGUSR1), 0);
    put_sets(fd_set_of({ ends.read }), 0, 0);
    EXPECT_EQ(select(ends.read + 1, kReadSet, 0, 0), -ERESTARTNOHAND);
    EXPECT_EQ(get<u64>(kReadSet), fd_set_of({ ends.read }));
}

TEST_F(SelectTest, Select_SleepsUntilAWriteWakesIt)
{
    const Ends ends = make_pipe();
    EXPECT_CALL(scheduler, add_waiter(_, _)).Times(1);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_FALSE(ready());
        EXPECT_EQ(write_text(ends.write, "x"), 1);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    put_sets(fd_set_of({ ends.read }), 0, 0);
    EXPECT_EQ(select(ends.read + 1, kReadSet, 0, 0), 1);
    EXPECT_EQ(get<u64>(kReadSet), fd_set_of({ ends.read }));
}

// --- pselect6 ---

TEST_F(SelectTest, Pselect6_MaskArgumentNotReadable_IsEfaultFirst)
{
    // get_sigset_argpack comes before the timeout.
    EXPECT_EQ(call(__NR_pselect6, 0, 0, 0, 0, kBad, kBad), -EFAULT);
}

TEST_F(SelectTest, Pselect6_MaskSizeNotSigset_IsEinval)
{
    put<u64>(kMaskArgument, kMask);
    put<u64>(kMaskArgument + 8, 4);
    EXPECT_EQ(call(__NR_pselect6, 0, 0, 0, 0, 0, kMaskArgument), -EINVAL);
    // A null mask: the size is not looked at.
    put<u64>(kMaskArgument, 0);
    put<__kernel_timespec>(kTime, { 0, 0 });
    EXPECT_EQ(call(__NR_pselect6, 0, 0, 0, 0, kTime, kMaskArgument), 0);
}

TEST_F(SelectTest, Pselect6_Mask_HoldsDuringTheCall)
{
    const Ends ends = make_pipe();
    put<u64>(kMask, u64 { 1 } << (SIGUSR1 - 1));
    put<u64>(kMaskArgument, kMask);
    put<u64>(kMaskArgument + 8, 8);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        EXPECT_TRUE(caller().blocked.contains(SIGUSR1));
        EXPECT_EQ(write_text(ends.write, "x"), 1);
        return hal::WakeReason::Woken;
    });
    put_sets(fd_set_of({ ends.read }), 0, 0);
    EXPECT_EQ(call(__NR_pselect6, static_cast<u64>(ends.read + 1), kReadSet, 0, 0, 0, kMaskArgument), 1);
    EXPECT_FALSE(caller().blocked.contains(SIGUSR1));
}

TEST_F(SelectTest, Pselect6_WritesTheTimeLeftAsATimespec)
{
    put<__kernel_timespec>(kTime, { 4, 0 });
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
        clock.advance(kSecond / 4);
        return hal::WakeReason::TimedOut;
    });
    EXPECT_EQ(call(__NR_pselect6, 0, 0, 0, 0, kTime, 0), 0);
    const auto left = get<__kernel_timespec>(kTime);
    EXPECT_EQ(left.tv_sec, 3);
    EXPECT_EQ(left.tv_nsec, 750'000'000);
}

} // namespace
} // namespace sirius::testing
