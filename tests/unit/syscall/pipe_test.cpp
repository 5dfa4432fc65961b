// pipe(2), pipe2(2) and the pipe itself as pipe(7) and Linux's fs/pipe.c
// describe it: the flags, the descriptors, reads and writes with their
// waits, EAGAIN, EPIPE and SIGPIPE, end of file, the 16-page capacity with
// merging, PIPE_BUF atomicity, packet mode, FIONREAD and F_SETPIPE_SZ.
// Each answer was checked on the host (Linux 6.18) with
// tests/integration/programs/pipes.c.
#include <asm/ioctls.h>
#include <linux/capability.h>
#include <sys/stat.h>

#include "core/fs/pipe.h"
#include "tests/unit/support/pipe_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::_;

constexpr usize kPage = 4096;

// --- pipe2(2): flags and descriptors ---

TEST_F(PipeTest, Pipe2_UnknownFlag_IsEinval)
{
    // pipe2(2): "EINVAL (pipe2()) Invalid value in flags."
    EXPECT_EQ(call(__NR_pipe2, kFds, O_RDWR), -EINVAL);
    EXPECT_EQ(call(__NR_pipe2, kFds, O_APPEND), -EINVAL);
    EXPECT_EQ(caller().files->open_count(), 3U);
}

TEST_F(PipeTest, Pipe2_NotificationPipe_IsEnopkgAsWithoutWatchQueues)
{
    constexpr u64 kNotificationPipe = O_EXCL;
    EXPECT_EQ(call(__NR_pipe2, kFds, kNotificationPipe), -ENOPKG);
    EXPECT_EQ(caller().files->open_count(), 3U);
}

TEST_F(PipeTest, Pipe2_BadArray_IsEfaultAndKeepsNoDescriptor)
{
    // pipe(2): "EFAULT pipefd is not valid." The descriptors are given back.
    EXPECT_EQ(call(__NR_pipe2, kBad, 0), -EFAULT);
    EXPECT_EQ(caller().files->open_count(), 3U);
    EXPECT_EQ(call(__NR_dup, 1), 3);
}

TEST_F(PipeTest, Pipe_TakesTheTwoLowestFreeDescriptors)
{
    EXPECT_EQ(call(__NR_pipe, kFds), 0);
    EXPECT_EQ(peek(kFds), 3);
    EXPECT_EQ(peek(kFds + 4), 4);
    EXPECT_EQ(fcntl(3, F_GETFL), O_RDONLY);
    EXPECT_EQ(fcntl(4, F_GETFL), O_WRONLY);
    EXPECT_EQ(fcntl(3, F_GETFD), 0);
}

TEST_F(PipeTest, Pipe2_Flags_NonblockOnBothEndsDirectOnTheWriteEndCloexecOnBothFds)
{
    const Ends ends = make_pipe(O_NONBLOCK | O_DIRECT | O_CLOEXEC);
    EXPECT_EQ(fcntl(ends.read, F_GETFL), O_RDONLY | O_NONBLOCK);
    EXPECT_EQ(fcntl(ends.write, F_GETFL), O_WRONLY | O_NONBLOCK | O_DIRECT);
    EXPECT_EQ(fcntl(ends.read, F_GETFD), FD_CLOEXEC);
    EXPECT_EQ(fcntl(ends.write, F_GETFD), FD_CLOEXEC);
}

TEST_F(PipeTest, Pipe2_OneFreeDescriptorBelowTheLimit_IsEmfile)
{
    // pipe(2): "EMFILE The per-process limit on the number of open file
    // descriptors has been reached." Both are needed; none stays taken.
    set_open_files_limit(4);
    EXPECT_EQ(call(__NR_pipe2, kFds, 0), -EMFILE);
    EXPECT_EQ(caller().files->open_count(), 3U);
    EXPECT_EQ(call(__NR_dup, 1), 3);
}

TEST_F(PipeTest, Ends_ReadEndDoesNotWriteAndWriteEndDoesNotRead)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_text(ends.read, "x"), -EBADF);
    EXPECT_EQ(read_text(ends.write, 1), errno_text(EBADF));
}

// --- reading ---

TEST_F(PipeTest, Read_GetsWhatWasWrittenInOrder)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_text(ends.write, "hello, "), 7);
    EXPECT_EQ(write_text(ends.write, "pipe"), 4);
    EXPECT_EQ(read_text(ends.read, 100), "hello, pipe");
}

TEST_F(PipeTest, Read_TakesNoMoreThanAsked_TheRestStays)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_text(ends.write, "abcdef"), 6);
    EXPECT_EQ(read_text(ends.read, 4), "abcd");
    EXPECT_EQ(read_text(ends.read, 4), "ef");
}

TEST_F(PipeTest, Read_CrossesBuffers)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_bytes(ends.write, kPage + 10, 'a'), static_cast<i64>(kPage + 10));
    EXPECT_EQ(write_bytes(ends.write, kPage, 'b'), static_cast<i64>(kPage));
    const std::string got = read_text(ends.read, 3 * kPage);
    EXPECT_EQ(got, std::string(kPage + 10, 'a') + std::string(kPage, 'b'));
}

TEST_F(PipeTest, Read_CountZero_IsZeroWithoutWaiting)
{
    // pipe_read: "Null read succeeds."
    const Ends ends = make_pipe();
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(call(__NR_read, static_cast<u64>(ends.read), kData, 0), 0);
}

TEST_F(PipeTest, Read_EmptyWithNoWriter_IsEndOfFile)
{
    // pipe(7): "If all file descriptors referring to the write end of a
    // pipe have been closed, then an attempt to read(2) from the pipe will
    // see end-of-file (read(2) will return 0)."
    const Ends ends = make_pipe();
    EXPECT_EQ(write_text(ends.write, "last"), 4);
    EXPECT_EQ(close(ends.write), 0);
    EXPECT_EQ(read_text(ends.read, 100), "last");
    EXPECT_EQ(read_text(ends.read, 100), "");
}

TEST_F(PipeTest, Read_EmptyNonblocking_IsEagain)
{
    // pipe(7): "If a process attempts to read from an empty pipe, then
    // read(2) will block until data is available" - with O_NONBLOCK it
    // "fails with the error EAGAIN".
    const Ends ends = make_pipe(O_NONBLOCK);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(read_text(ends.read, 10), errno_text(EAGAIN));
}

TEST_F(PipeTest, Read_EmptyBlocking_WaitsInterruptiblyUntilAWriterWrites)
{
    const Ends ends = make_pipe();
    proc::Thread* writer = spawn_child();
    ASSERT_NE(writer, nullptr);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_FALSE(ready());
        // The child writes through its copy of the write end.
        EXPECT_TRUE(writer->memory->address_space().copy_to_user(UserAddress(kData), "late", 4).has_value());
        EXPECT_EQ(call_as(*writer, __NR_write, static_cast<u64>(ends.write), kData, 4), 4);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(read_text(ends.read, 100), "late");
}

TEST_F(PipeTest, Read_EmptyBlocking_LastWriterClosing_IsEndOfFile)
{
    const Ends ends = make_pipe();
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_EQ(close(ends.write), 0);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(read_text(ends.read, 100), "");
}

TEST_F(PipeTest, Read_EmptyBlocking_ASignal_IsErestartsys)
{
    // The wait is interruptible: a signal ends it with ERESTARTSYS, which
    // the return to user space turns into EINTR or a restart (SA_RESTART).
    const Ends ends = make_pipe();
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    EXPECT_EQ(read_text(ends.read, 100), errno_text(ERESTARTSYS));
}

TEST_F(PipeTest, Read_BadBuffer_IsEfaultAndTheBytesStay)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_text(ends.write, "kept"), 4);
    EXPECT_EQ(call(__NR_read, static_cast<u64>(ends.read), kBad, 4), -EFAULT);
    EXPECT_EQ(read_text(ends.read, 100), "kept");
}

// --- writing ---

TEST_F(PipeTest, Write_NoReader_IsEpipeAndSendsSigpipeToTheCaller)
{
    // pipe(7): "If all file descriptors referring to the read end of a pipe
    // have been closed, then a write(2) will cause a SIGPIPE signal to be
    // generated for the calling process", and write(2) fails with EPIPE.
    const Ends ends = make_pipe();
    EXPECT_EQ(close(ends.read), 0);
    EXPECT_EQ(write_text(ends.write, "x"), -EPIPE);
    ASSERT_TRUE(group_pending(caller(), SIGPIPE));
    const signal::SignalInfo info = take_group(caller(), SIGPIPE);
    EXPECT_EQ(info.code, SI_USER);
    EXPECT_EQ(static_cast<u64>(info.sender_pid()), tgid_of(caller()));
}

TEST_F(PipeTest, Write_NoReaderSigpipeIgnored_IsStillEpipe)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(close(ends.read), 0);
    set_handler(caller(), SIGPIPE, reinterpret_cast<u64>(SIG_IGN));
    EXPECT_EQ(write_text(ends.write, "x"), -EPIPE);
    EXPECT_FALSE(group_pending(caller(), SIGPIPE));
}

TEST_F(PipeTest, Write_CountZeroWithNoReader_IsZeroWithoutSigpipe)
{
    // pipe_write: "Null write succeeds." before the reader is looked for.
    const Ends ends = make_pipe();
    EXPECT_EQ(close(ends.read), 0);
    EXPECT_EQ(call(__NR_write, static_cast<u64>(ends.write), kData, 0), 0);
    EXPECT_FALSE(group_pending(caller(), SIGPIPE));
}

TEST_F(PipeTest, Capacity_Is16PagesAndSmallWritesMergeIntoOnePage)
{
    // pipe(7): "Since Linux 2.6.11, the pipe capacity is 16 pages (i.e.,
    // 65,536 bytes in a system with a page size of 4096 bytes)." Writes
    // smaller than a page share a page while they fit.
    const Ends ends = make_pipe(O_NONBLOCK);
    for (usize i = 0; i < kPage; ++i) {
        ASSERT_EQ(write_bytes(ends.write, 1), 1);
    }
    EXPECT_EQ(write_bytes(ends.write, 15 * kPage), static_cast<i64>(15 * kPage));
    EXPECT_EQ(write_bytes(ends.write, 1), -EAGAIN);
    EXPECT_EQ(fcntl(ends.write, F_GETPIPE_SZ), 65536);
}

TEST_F(PipeTest, Write_FullNonblocking_IsEagain)
{
    const Ends ends = make_pipe(O_NONBLOCK);
    EXPECT_EQ(write_bytes(ends.write, 15 * kPage), static_cast<i64>(15 * kPage));
    EXPECT_EQ(write_bytes(ends.write, kPage), static_cast<i64>(kPage));
    EXPECT_EQ(write_bytes(ends.write, 1), -EAGAIN);
}

TEST_F(PipeTest, Write_NonblockingLargerThanTheRoom_WritesWhatFits)
{
    // pipe(7) O_NONBLOCK, n > PIPE_BUF: "If the pipe is full, then write(2)
    // fails, with errno set to EAGAIN. Otherwise, from 1 to n bytes may be
    // written (i.e., a "partial write" may occur)".
    const Ends ends = make_pipe(O_NONBLOCK);
    EXPECT_EQ(write_bytes(ends.write, 14 * kPage), static_cast<i64>(14 * kPage));
    EXPECT_EQ(write_bytes(ends.write, 3 * kPage + 5), static_cast<i64>(2 * kPage));
}

TEST_F(PipeTest, Write_AtMostPipeBufWithTooLittleRoom_IsAllOrNothing)
{
    // pipe(7) O_NONBLOCK, n <= PIPE_BUF: "If there is room to write n bytes
    // to the pipe, then write(2) succeeds immediately, writing all n bytes;
    // otherwise write(2) fails, with errno set to EAGAIN." Fifteen full
    // pages and one with a byte: a 4096-byte write does not fit whole.
    const Ends ends = make_pipe(O_NONBLOCK);
    EXPECT_EQ(write_bytes(ends.write, 15 * kPage), static_cast<i64>(15 * kPage));
    EXPECT_EQ(write_bytes(ends.write, 1), 1);
    EXPECT_EQ(write_bytes(ends.write, kPage), -EAGAIN);
    EXPECT_EQ(write_bytes(ends.write, kPage - 1), static_cast<i64>(kPage - 1));
    EXPECT_EQ(write_bytes(ends.write, 1), -EAGAIN);
}

TEST_F(PipeTest, Write_BlockingWhenFull_WaitsForAReaderThenFinishes)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_bytes(ends.write, 15 * kPage, 'a'), static_cast<i64>(15 * kPage));
    EXPECT_EQ(write_bytes(ends.write, kPage, 'a'), static_cast<i64>(kPage));
    proc::Thread* reader = spawn_child();
    ASSERT_NE(reader, nullptr);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_FALSE(ready());
        EXPECT_EQ(call_as(*reader, __NR_read, static_cast<u64>(ends.read), kData, kPage), static_cast<i64>(kPage));
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(write_bytes(ends.write, 100, 'b'), 100);
    EXPECT_EQ(fcntl(ends.read, F_GETFL), O_RDONLY);
}

TEST_F(PipeTest, Write_InterruptedAfterSomeBytes_ReturnsThem)
{
    // pipe_write: "if (!ret) ret = -ERESTARTSYS;" - bytes already in the
    // pipe are the result.
    const Ends ends = make_pipe();
    EXPECT_EQ(write_bytes(ends.write, 14 * kPage), static_cast<i64>(14 * kPage));
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    EXPECT_EQ(write_bytes(ends.write, 3 * kPage), static_cast<i64>(2 * kPage));
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    EXPECT_EQ(write_bytes(ends.write, 1), -ERESTARTSYS);
}

TEST_F(PipeTest, Write_ReaderGoneWhileWaiting_IsEpipeWithSigpipe)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_bytes(ends.write, 15 * kPage), static_cast<i64>(15 * kPage));
    EXPECT_EQ(write_bytes(ends.write, kPage), static_cast<i64>(kPage));
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_EQ(close(ends.read), 0);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(write_bytes(ends.write, 1), -EPIPE);
    EXPECT_TRUE(group_pending(caller(), SIGPIPE));
}

TEST_F(PipeTest, Write_BadBuffer_IsEfaultAndNothingIsWritten)
{
    const Ends ends = make_pipe(O_NONBLOCK);
    EXPECT_EQ(call(__NR_write, static_cast<u64>(ends.write), kBad, 10), -EFAULT);
    EXPECT_EQ(read_text(ends.read, 100), errno_text(EAGAIN));
}

TEST_F(PipeTest, Write_FaultAfterAFullPage_ReturnsThePageOnly)
{
    // The data area ends at the end of the caller's memory: a write that
    // starts one page before it and runs on faults in its second page.
    const Ends ends = make_pipe();
    const u64 last_page = kUserData + kUserDataSize - kPage;
    EXPECT_EQ(call(__NR_write, static_cast<u64>(ends.write), last_page, kPage + 100), static_cast<i64>(kPage));
}

// --- packet mode ---

TEST_F(PipeTest, PacketMode_EachWriteIsReadAsOnePacket)
{
    // pipe2(2) O_DIRECT: "each write(2) to the pipe is dealt with as a
    // separate packet, and read(2)s from the pipe will read one packet at a
    // time."
    const Ends ends = make_pipe(O_DIRECT);
    EXPECT_EQ(write_text(ends.write, "abc"), 3);
    EXPECT_EQ(write_text(ends.write, "defg"), 4);
    EXPECT_EQ(read_text(ends.read, 100), "abc");
    EXPECT_EQ(read_text(ends.read, 100), "defg");
}

TEST_F(PipeTest, PacketMode_AShortReadDiscardsTheRestOfThePacket)
{
    // pipe2(2): "If the read buffer size is smaller than the packet, the
    // excess bytes are discarded."
    const Ends ends = make_pipe(O_DIRECT);
    EXPECT_EQ(write_text(ends.write, "hello"), 5);
    EXPECT_EQ(write_text(ends.write, "next"), 4);
    EXPECT_EQ(read_text(ends.read, 2), "he");
    EXPECT_EQ(read_text(ends.read, 100), "next");
}

TEST_F(PipeTest, PacketMode_SetByFSetflOnTheWriteEnd)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(fcntl(ends.write, F_SETFL, O_DIRECT), 0);
    EXPECT_EQ(write_text(ends.write, "one"), 3);
    EXPECT_EQ(write_text(ends.write, "two"), 3);
    EXPECT_EQ(read_text(ends.read, 100), "one");
}

// --- ioctl and fcntl ---

TEST_F(PipeTest, Fionread_IsTheBytesWaiting)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(write_bytes(ends.write, kPage + 7), static_cast<i64>(kPage + 7));
    EXPECT_EQ(call(__NR_ioctl, static_cast<u64>(ends.read), FIONREAD, kData), 0);
    EXPECT_EQ(peek(kData), static_cast<i32>(kPage + 7));
    EXPECT_EQ(call(__NR_ioctl, static_cast<u64>(ends.write), FIONREAD, kBad), -EFAULT);
    EXPECT_EQ(call(__NR_ioctl, static_cast<u64>(ends.read), TCGETS, kData), -ENOTTY);
}

TEST_F(PipeTest, SetPipeSize_RoundsUpToAPowerOfTwoPages)
{
    // fcntl(2) F_SETPIPE_SZ: "the kernel may use a capacity larger than
    // arg"; Linux rounds to a power of two pages, at least one page.
    const Ends ends = make_pipe();
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 0), 4096);
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 5000), 8192);
    EXPECT_EQ(fcntl(ends.read, F_GETPIPE_SZ), 8192);
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 1 << 20), 1 << 20);
    // The argument is an int: the upper half of the register is ignored.
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, (u64 { 1 } << 32) | 4096), 4096);
}

TEST_F(PipeTest, SetPipeSize_AboveTwoToThe31_IsEinval)
{
    const Ends ends = make_pipe();
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, (u64 { 1 } << 31) + 1), -EINVAL);
}

TEST_F(PipeTest, SetPipeSize_SmallerThanTheDataInIt_IsEbusy)
{
    // fcntl(2): "EBUSY ... cmd is F_SETPIPE_SZ and the new pipe capacity ...
    // is smaller than the amount of buffer space currently used".
    const Ends ends = make_pipe();
    EXPECT_EQ(write_bytes(ends.write, 3 * kPage), static_cast<i64>(3 * kPage));
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 2 * kPage), -EBUSY);
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 4 * kPage), static_cast<i64>(4 * kPage));
    EXPECT_EQ(read_text(ends.read, 3 * kPage), std::string(3 * kPage, 'x'));
}

TEST_F(PipeTest, SetPipeSize_KeepsTheDataInOrderAcrossTheRing)
{
    const Ends ends = make_pipe();
    // Wrap the ring: the tail moves past the start before resizing.
    for (int round = 0; round < 20; ++round) {
        ASSERT_EQ(write_bytes(ends.write, kPage, static_cast<char>('a' + round)), static_cast<i64>(kPage));
        ASSERT_EQ(read_text(ends.read, kPage), std::string(kPage, static_cast<char>('a' + round)));
    }
    EXPECT_EQ(write_text(ends.write, "first"), 5);
    EXPECT_EQ(write_bytes(ends.write, kPage, 'z'), static_cast<i64>(kPage));
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 64 * kPage), static_cast<i64>(64 * kPage));
    EXPECT_EQ(read_text(ends.read, 5), "first");
    EXPECT_EQ(read_text(ends.read, kPage), std::string(kPage, 'z'));
}

TEST_F(PipeTest, SetPipeSize_AboveTheMaximumWithoutCapSysResource_IsEperm)
{
    // fcntl(2): "EPERM ... an unprivileged process tried to set the pipe
    // capacity above the limit in /proc/sys/fs/pipe-max-size" (1 MiB).
    const Ends ends = make_pipe();
    become_user(1000);
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 2 << 20), -EPERM);
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 1 << 20), 1 << 20);
}

TEST_F(PipeTest, SetPipeSize_WithCapSysResource_MayGoAboveTheMaximum)
{
    const Ends ends = make_pipe();
    proc::CapabilitySet resource;
    resource.add(CAP_SYS_RESOURCE);
    become_user(1000, resource);
    EXPECT_EQ(fcntl(ends.write, F_SETPIPE_SZ, 2 << 20), 2 << 20);
}

TEST_F(PipeTest, PipeSize_OnAFileThatIsNotAPipe_IsEbadf)
{
    EXPECT_EQ(fcntl(1, F_GETPIPE_SZ), -EBADF);
    EXPECT_EQ(fcntl(1, F_SETPIPE_SZ, 4096), -EBADF);
}

TEST_F(PipeTest, Fstat_APipeIsAFifoOwnedByItsCreator)
{
    // pipe(7) / inode(7): S_IFIFO; pipefs makes the inode "S_IFIFO |
    // S_IRUSR | S_IWUSR" with the creator's fsuid and fsgid.
    become_user(1000);
    const Ends ends = make_pipe();
    struct stat status {};
    ASSERT_EQ(call(__NR_fstat, static_cast<u64>(ends.read), kData), 0);
    ASSERT_TRUE(caller_space().backing().copy_from_user(&status, UserAddress(kData), sizeof(status)).has_value());
    EXPECT_EQ(status.st_mode, S_IFIFO | 0600U);
    EXPECT_EQ(status.st_uid, 1000U);
    EXPECT_EQ(status.st_size, 0);
}

// --- the ends' lifetime ---

TEST_F(PipeTest, WriteEnd_ADupKeepsItOpen)
{
    const Ends ends = make_pipe(O_NONBLOCK);
    const i64 copy = call(__NR_dup, static_cast<u64>(ends.write));
    ASSERT_GE(copy, 0);
    EXPECT_EQ(close(ends.write), 0);
    EXPECT_EQ(read_text(ends.read, 1), errno_text(EAGAIN));
    EXPECT_EQ(close(static_cast<int>(copy)), 0);
    EXPECT_EQ(read_text(ends.read, 1), "");
}

TEST_F(PipeTest, WriteEnd_AForkedChildKeepsItOpenUntilItExits)
{
    const Ends ends = make_pipe(O_NONBLOCK);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(close(ends.write), 0);
    EXPECT_EQ(read_text(ends.read, 1), errno_text(EAGAIN));
    EXPECT_EQ(call_as(*child, __NR_close, static_cast<u64>(ends.write)), 0);
    EXPECT_EQ(read_text(ends.read, 1), "");
}

TEST_F(PipeTest, Closing_WakesBothSides)
{
    const Ends ends = make_pipe();
    EXPECT_CALL(scheduler, wake_all(_)).Times(2);
    EXPECT_EQ(close(ends.write), 0);
}

} // namespace
} // namespace sirius::testing
