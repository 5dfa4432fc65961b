// poll(2) and ppoll(2) as poll(2) and Linux's fs/select.c (do_sys_poll,
// do_poll, do_pollfd, poll_select_finish) describe them: the entries and
// their revents, POLLNVAL, POLLERR and POLLHUP, the timeout, the sleep and
// what wakes it, signals, and ppoll's mask and time left. Each answer was
// checked on the host with tests/integration/programs/poll_select.c.
#include <linux/time_types.h>
#include <signal.h>

#include "tests/unit/support/poll_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::_;

constexpr hal::Nanoseconds kMillisecond = 1'000'000;
constexpr hal::Nanoseconds kSecond = 1'000'000'000;

// --- what an entry reports ---

TEST_F(PollTest, Poll_PipeWithData_IsPollinAtOnce)
{
    // poll(2): "POLLIN There is data to read." Nothing waits.
    const Ends ends = pipe_with_data();
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(poll({ { ends.read, POLLIN, 0 } }, -1), 1);
    EXPECT_EQ(revents(0), POLLIN);
}

TEST_F(PollTest, Poll_ReventsHoldOnlyWhatEventsAsked)
{
    // The read end is ready for POLLIN | POLLRDNORM; asked for POLLRDNORM
    // only, it reports POLLRDNORM only.
    const Ends ends = pipe_with_data();
    EXPECT_EQ(poll({ { ends.read, POLLRDNORM | POLLOUT, 0 } }, 0), 1);
    EXPECT_EQ(revents(0), POLLRDNORM);
}

TEST_F(PollTest, Poll_NegativeFd_IsSkippedWithReventsZero)
{
    // poll(2): "If this field is negative, then the corresponding events
    // field is ignored and the revents field returns zero."
    put<pollfd>(kEntries, { -1, POLLIN, 0x7f });
    EXPECT_EQ(call(__NR_poll, kEntries, 1, 0), 0);
    EXPECT_EQ(revents(0), 0);
}

TEST_F(PollTest, Poll_FdNotOpen_IsPollnvalAndCounts)
{
    // poll(2): "POLLNVAL Invalid request: fd not open (only returned in
    // revents; ignored in events)."
    EXPECT_EQ(poll({ { 40, 0, 0 }, { 41, POLLIN, 0 } }, 0), 2);
    EXPECT_EQ(revents(0), POLLNVAL);
    EXPECT_EQ(revents(1), POLLNVAL);
}

TEST_F(PollTest, Poll_ReadEndWithoutWriters_IsPollhupEvenUnasked)
{
    // poll(2): POLLHUP is "only returned in revents; ignored in events";
    // pipe_poll reports it once no writer is left.
    const Ends ends = make_pipe();
    EXPECT_EQ(close(ends.write), 0);
    EXPECT_EQ(poll({ { ends.read, 0, 0 } }, 0), 1);
    EXPECT_EQ(revents(0), POLLHUP);
}

TEST_F(PollTest, Poll_ReadEndWithDataAndNoWriter_IsPollinAndPollhup)
{
    const Ends ends = pipe_with_data();
    EXPECT_EQ(close(ends.write), 0);
    EXPECT_EQ(poll({ { ends.read, POLLIN, 0 } }, 0), 1);
    EXPECT_EQ(revents(0), POLLIN | POLLHUP);
}

TEST_F(PollTest, Poll_WriteEndWithoutReaders_IsPollerrEvenUnasked)
{
    // poll(2): "POLLERR ... also set for a file descriptor referring to the
    // write end of a pipe when the read end has been closed."
    const Ends ends = make_pipe();
    EXPECT_EQ(close(ends.read), 0);
    EXPECT_EQ(poll({ { ends.write, 0, 0 } }, 0), 1);
    EXPECT_EQ(revents(0), POLLERR);
    EXPECT_EQ(poll({ { ends.write, POLLOUT, 0 } }, 0), 1);
    EXPECT_EQ(revents(0), POLLOUT | POLLERR);
}

TEST_F(PollTest, Poll_WriteEnd_IsPolloutUntilEveryBufferIsTaken)
{
    // pipe_poll: writable while a buffer is free ("!pipe_full"), not while
    // PIPE_BUF bytes are free: 16 one-byte writes fill the 16 buffers only
    // when they cannot merge, so fill each page whole.
    const Ends ends = make_pipe(O_NONBLOCK);
    EXPECT_EQ(poll({ { ends.write, POLLOUT, 0 } }, 0), 1);
    EXPECT_EQ(revents(0), POLLOUT);
    for (int i = 0; i < 16; ++i) {
        ASSERT_EQ(write_bytes(ends.write, 4096), 4096);
    }
    EXPECT_EQ(poll({ { ends.write, POLLOUT, 0 } }, 0), 0);
    EXPECT_EQ(revents(0), 0);
}

TEST_F(PollTest, Poll_FileWithoutPollOperation_IsAlwaysReadyToReadAndWrite)
{
    // vfs_poll: a file without ->poll is DEFAULT_POLLMASK (the fixture's
    // fd 1 is such a file).
    EXPECT_EQ(poll({ { 1, POLLIN | POLLOUT | POLLPRI, 0 } }, 0), 1);
    EXPECT_EQ(revents(0), POLLIN | POLLOUT);
}

TEST_F(PollTest, Poll_CountsEntriesNotEvents)
{
    // poll(2): "the number of elements in the pollfds whose revents fields
    // have been set to a nonzero value".
    const Ends ends = pipe_with_data();
    EXPECT_EQ(poll({ { ends.read, POLLIN, 0 }, { ends.write, POLLOUT, 0 }, { ends.read, POLLIN, 0 } }, 0), 3);
}

// --- arguments ---

TEST_F(PollTest, Poll_MoreEntriesThanRlimitNofile_IsEinval)
{
    // poll(2): "EINVAL The nfds value exceeds the RLIMIT_NOFILE value."
    set_open_files_limit(4);
    EXPECT_EQ(call(__NR_poll, kEntries, 5, 0), -EINVAL);
    EXPECT_EQ(call(__NR_poll, kEntries, 0, 0), 0);
}

TEST_F(PollTest, Poll_CountIsAnUnsignedInt)
{
    // The upper half of the register is not looked at: 2^32 entries is 0.
    EXPECT_EQ(call(__NR_poll, kEntries, u64 { 1 } << 32, 0), 0);
}

TEST_F(PollTest, Poll_ArrayNotReadable_IsEfault)
{
    // poll(2): "EFAULT fds points outside the process's accessible address
    // space."
    EXPECT_EQ(call(__NR_poll, kBad, 1, 0), -EFAULT);
}

// --- waiting ---

TEST_F(PollTest, Poll_ZeroTimeout_NeitherWaitsNorRegisters)
{
    const Ends ends = make_pipe();
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_CALL(scheduler, add_waiter(_, _)).Times(0);
    EXPECT_EQ(poll({ { ends.read, POLLIN, 0 } }, 0), 0);
    EXPECT_EQ(revents(0), 0);
}

TEST_F(PollTest, Poll_NegativeTimeout_SleepsInterruptiblyUntilAWriterWrites)
{
    // poll(2): "Specifying a negative value in timeout means an infinite
    // timeout." The read end's queue wakes the sleep; the entries come off
    // the queues when the call returns.
    const Ends ends = make_pipe();
    proc::Thread* writer = spawn_child();
    ASSERT_NE(writer, nullptr);
    EXPECT_CALL(scheduler, add_waiter(_, _)).Times(1);
    EXPECT_CALL(scheduler, remove_waiter(_, _)).Times(1);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_FALSE(ready());
        EXPECT_TRUE(writer->memory->address_space().copy_to_user(UserAddress(kPayload), "late", 4).has_value());
        EXPECT_EQ(call_as(*writer, __NR_write, static_cast<u64>(ends.write), kPayload, 4), 4);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(poll({ { ends.read, POLLIN, 0 } }, -1), 1);
    EXPECT_EQ(revents(0), POLLIN);
}

TEST_F(PollTest, Poll_ReadyFileFirst_RegistersNothingAfterIt)
{
    // do_poll: "pt->_qproc = NULL" once an entry is ready: the call will
    // not sleep, so the entries after it are only asked. (The ready one
    // registered before it answered.)
    const Ends ready = pipe_with_data();
    const Ends idle = make_pipe();
    EXPECT_CALL(scheduler, add_waiter(_, _)).Times(1);
    EXPECT_EQ(poll({ { ready.read, POLLIN, 0 }, { idle.read, POLLIN, 0 } }, -1), 1);
}

TEST_F(PollTest, Poll_Timeout_SleepsToNowPlusTheMilliseconds)
{
    const Ends ends = make_pipe();
    const hal::Nanoseconds start = clock.monotonic_now();
    EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, start + 1500 * kMillisecond)).WillOnce(::testing::Return(hal::WakeReason::TimedOut));
    EXPECT_EQ(poll({ { ends.read, POLLIN, 0 } }, 1500), 0);
    EXPECT_EQ(revents(0), 0);
}

TEST_F(PollTest, Poll_Signal_IsErestartnohandAndReventsAreWritten)
{
    // do_poll: "if (signal_pending(current)) count = -ERESTARTNOHAND":
    // EINTR for a handler, a restart otherwise. revents go back anyway.
    const Ends ends = make_pipe();
    put<pollfd>(kEntries, { ends.read, POLLIN, 0x55 });
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_EQ(call(__NR_tkill, tid_of(caller()), SIGUSR1), 0);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Interrupted;
    });
    set_handler(caller(), SIGUSR1, kHandler);
    EXPECT_EQ(call(__NR_poll, kEntries, 1, static_cast<u64>(-1)), -ERESTARTNOHAND);
    EXPECT_EQ(revents(0), 0);
}

TEST_F(PollTest, Poll_SignalAlreadyPending_ReturnsWithoutSleeping)
{
    const Ends ends = make_pipe();
    set_handler(caller(), SIGUSR1, kHandler);
    EXPECT_EQ(call(__NR_tkill, tid_of(caller()), SIGUSR1), 0);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(poll({ { ends.read, POLLIN, 0 } }, -1), -ERESTARTNOHAND);
}

TEST_F(PollTest, Poll_ReventsNotWritable_IsEfault)
{
    // The entries are read, polled, and the revents cannot go back.
    const Ends ends = pipe_with_data();
    put<pollfd>(kEntries, { ends.read, POLLIN, 0 });
    make_read_only(kEntries);
    EXPECT_EQ(call(__NR_poll, kEntries, 1, 0), -EFAULT);
}

// --- ppoll ---

TEST_F(PollTest, Ppoll_NullTimeout_WaitsForever)
{
    const Ends ends = make_pipe();
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        EXPECT_EQ(write_text(ends.write, "x"), 1);
        return hal::WakeReason::Woken;
    });
    put<pollfd>(kEntries, { ends.read, POLLIN, 0 });
    EXPECT_EQ(call(__NR_ppoll, kEntries, 1, 0, 0, 8), 1);
}

TEST_F(PollTest, Ppoll_InvalidTimespec_IsEinval)
{
    // ppoll(2) / poll_select_set_timeout: timespec64_valid.
    put<__kernel_timespec>(kTime, { -1, 0 });
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kTime, 0, 8), -EINVAL);
    put<__kernel_timespec>(kTime, { 0, kSecond });
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kTime, 0, 8), -EINVAL);
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kBad, 0, 8), -EFAULT);
}

TEST_F(PollTest, Ppoll_MaskSizeNotSigset_IsEinvalAfterTheTimeout)
{
    // set_user_sigmask: "if (sigsetsize != sizeof(sigset_t)) return
    // -EINVAL", checked after the timeout was read.
    put<__kernel_timespec>(kTime, { 0, 0 });
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kTime, kMask, 4), -EINVAL);
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kTime, kBad, 8), -EFAULT);
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kBad, kMask, 4), -EFAULT);
    // No mask: the size is not looked at.
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kTime, 0, 4), 0);
}

TEST_F(PollTest, Ppoll_Mask_HoldsDuringTheWaitAndGoesAwayOnReturn)
{
    // ppoll(2): "the signal mask is replaced by the one pointed to by
    // sigmask" for the call; SIGKILL and SIGSTOP cannot be blocked.
    const Ends ends = make_pipe();
    block(caller(), SIGUSR2);
    const u64 mask = (u64 { 1 } << (SIGUSR1 - 1)) | (u64 { 1 } << (SIGKILL - 1));
    put(kMask, mask);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        EXPECT_TRUE(caller().blocked.contains(SIGUSR1));
        EXPECT_FALSE(caller().blocked.contains(SIGUSR2));
        EXPECT_FALSE(caller().blocked.contains(SIGKILL));
        EXPECT_EQ(write_text(ends.write, "x"), 1);
        return hal::WakeReason::Woken;
    });
    put<pollfd>(kEntries, { ends.read, POLLIN, 0 });
    EXPECT_EQ(call(__NR_ppoll, kEntries, 1, 0, kMask, 8), 1);
    // restore_saved_sigmask_unless(false): the old mask is back now.
    EXPECT_FALSE(caller().blocked.contains(SIGUSR1));
    EXPECT_TRUE(caller().blocked.contains(SIGUSR2));
    EXPECT_FALSE(caller().restore_saved_blocked);
}

TEST_F(PollTest, Ppoll_SignalTheMaskUnblocks_InterruptsAndKeepsTheMaskForTheHandler)
{
    // A signal blocked before the call but not by its mask interrupts it;
    // the handler runs under the call's mask and the frame restores the
    // old one (TIF_RESTORE_SIGMASK).
    const Ends ends = make_pipe();
    set_handler(caller(), SIGUSR2, kHandler);
    block(caller(), SIGUSR2);
    EXPECT_EQ(call(__NR_tkill, tid_of(caller()), SIGUSR2), 0);
    put(kMask, u64 { 0 });
    put<pollfd>(kEntries, { ends.read, POLLIN, 0 });
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(call(__NR_ppoll, kEntries, 1, 0, kMask, 8), -ERESTARTNOHAND);
    EXPECT_TRUE(caller().restore_saved_blocked);
    EXPECT_TRUE(caller().saved_blocked.contains(SIGUSR2));
}

TEST_F(PollTest, Ppoll_WritesTheTimeLeft)
{
    // poll_select_finish: the time left goes back to tsp.
    const Ends ends = make_pipe();
    put<__kernel_timespec>(kTime, { 5, 0 });
    put<pollfd>(kEntries, { ends.read, POLLIN, 0 });
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
        clock.advance(2 * kSecond + 250 * kMillisecond);
        EXPECT_EQ(write_text(ends.write, "x"), 1);
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(call(__NR_ppoll, kEntries, 1, kTime, 0, 8), 1);
    const auto left = get<__kernel_timespec>(kTime);
    EXPECT_EQ(left.tv_sec, 2);
    EXPECT_EQ(left.tv_nsec, 750 * kMillisecond);
}

TEST_F(PollTest, Ppoll_ZeroTimeout_IsNotWrittenBack)
{
    // "No update for zero timeout": a read-only zero timespec is fine.
    put<__kernel_timespec>(kTime, { 0, 0 });
    make_read_only(kTime);
    EXPECT_EQ(call(__NR_ppoll, kEntries, 0, kTime, 0, 8), 0);
}

TEST_F(PollTest, Ppoll_TimeLeftNotWritable_TurnsARestartIntoEintr)
{
    // poll_select_finish: "If an application puts its timeval in read-only
    // memory, we don't want the Linux-specific update to the timeval to
    // cause a fault ... because we're not updating the timeval, we can't
    // restart the system call."
    const Ends ends = make_pipe();
    put<__kernel_timespec>(kTime, { 5, 0 });
    make_read_only(kTime);
    set_handler(caller(), SIGUSR1, kHandler);
    EXPECT_EQ(call(__NR_tkill, tid_of(caller()), SIGUSR1), 0);
    put<pollfd>(kEntries, { ends.read, POLLIN, 0 });
    EXPECT_EQ(call(__NR_ppoll, kEntries, 1, kTime, 0, 8), -EINTR);
}

} // namespace
} // namespace sirius::testing
