// Named FIFOs as fifo(7), open(2) and Linux's fs/pipe.c fifo_open have
// them: one pipe for every opener of the inode, the waits of O_RDONLY and
// O_WRONLY for the other end, O_NONBLOCK's answers, O_RDWR's never waiting,
// signals ending a wait, and the data living only while an end is open.
// Each answer was checked on the host (Linux 6.18) with
// tests/integration/programs/fifos.c.
#include <sys/stat.h>

#include "core/fs/pipe.h"
#include "tests/unit/support/pipe_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::_;

constexpr u64 kPath = KernelTest::kUserData + 0x100;

class FifoTest : public PipeTest {
protected:
    void SetUp() override
    {
        PipeTest::SetUp();
        store(kPath, std::string("/fifo") + '\0');
        ASSERT_EQ(call(__NR_mknodat, static_cast<u64>(AT_FDCWD), kPath, S_IFIFO | 0666, 0), 0);
    }
    int open_as(proc::Thread& thread, u64 flags)
    {
        // A forked thread's memory starts empty here: the name is written
        // into whichever memory the opener has.
        const std::string name = std::string("/fifo") + '\0';
        EXPECT_TRUE(thread.memory->address_space().copy_to_user(UserAddress(kPath), name.data(), name.size()).has_value());
        return static_cast<int>(call_as(thread, __NR_openat, static_cast<u64>(AT_FDCWD), kPath, flags, 0));
    }
    int open_fifo(u64 flags) { return open_as(caller(), flags); }
};

TEST_F(FifoTest, Fifo_ReadOnlyNonblockingWithoutAWriter_OpensAndReadsEndOfFile)
{
    // open(2): "When opening a FIFO with O_RDONLY or O_WRONLY set: If
    // O_NONBLOCK is set, an open() for reading-only returns without delay."
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    const int reader = open_fifo(O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    EXPECT_EQ(read_text(reader, 8), "");
}

TEST_F(FifoTest, Fifo_WriteOnlyNonblockingWithoutAReader_IsEnxio)
{
    // open(2) ENXIO: "O_NONBLOCK | O_WRONLY is set, the named file is a
    // FIFO, and no process has the FIFO open for reading."
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(open_fifo(O_WRONLY | O_NONBLOCK), -ENXIO);
    EXPECT_EQ(caller().files->open_count(), 3U);
}

TEST_F(FifoTest, Fifo_ReadWrite_NeverWaitsAndTalksToItself)
{
    // fifo(7): "Under Linux, opening a FIFO for read and write will succeed
    // both in blocking and nonblocking mode."
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    const int both = open_fifo(O_RDWR);
    ASSERT_GE(both, 0);
    EXPECT_EQ(write_text(both, "kept"), 4);
    EXPECT_EQ(read_text(both, 2), "ke");
}

TEST_F(FifoTest, Fifo_EveryOpenerSharesOnePipe)
{
    const int reader = open_fifo(O_RDONLY | O_NONBLOCK);
    const int writer = open_fifo(O_WRONLY | O_NONBLOCK);
    ASSERT_GE(writer, 0);
    const int second_reader = open_fifo(O_RDONLY | O_NONBLOCK);
    EXPECT_EQ(read_text(reader, 8), errno_text(EAGAIN));
    EXPECT_EQ(write_text(writer, "abc"), 3);
    EXPECT_EQ(read_text(reader, 1), "a");
    EXPECT_EQ(read_text(second_reader, 8), "bc");
}

TEST_F(FifoTest, Fifo_DataIsDroppedOnceEveryEndHasClosed)
{
    // pipe(7) "the FIFO special file has no contents on the file system":
    // the pipe goes with its last file (put_pipe_info).
    int both = open_fifo(O_RDWR);
    EXPECT_EQ(write_text(both, "gone"), 4);
    EXPECT_EQ(close(both), 0);
    both = open_fifo(O_RDWR | O_NONBLOCK);
    EXPECT_EQ(read_text(both, 8), errno_text(EAGAIN));
}

TEST_F(FifoTest, Fifo_DataStaysWhileSomeEndIsOpen)
{
    const int both = open_fifo(O_RDWR | O_NONBLOCK);
    EXPECT_EQ(write_text(both, "stays"), 5);
    const int reader = open_fifo(O_RDONLY | O_NONBLOCK);
    EXPECT_EQ(close(both), 0);
    EXPECT_EQ(read_text(reader, 8), "stays");
    EXPECT_EQ(read_text(reader, 8), "");
}

TEST_F(FifoTest, Fifo_NoReaderLeft_WriteIsEpipe)
{
    const int both = open_fifo(O_RDWR);
    const int writer = open_fifo(O_WRONLY);
    ASSERT_GE(writer, 0);
    EXPECT_EQ(close(both), 0);
    EXPECT_EQ(write_text(writer, "x"), -EPIPE);
    EXPECT_TRUE(group_pending(caller(), SIGPIPE));
}

TEST_F(FifoTest, Fifo_ReadOnly_WaitsUntilAWriterOpens)
{
    // fifo(7): "opening the FIFO blocks until the other end is opened
    // also."
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    int child_writer = -1;
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_FALSE(ready());
        // The writer does not wait: a reader is there.
        child_writer = open_as(*child, O_WRONLY);
        EXPECT_GE(child_writer, 0);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    const int reader = open_fifo(O_RDONLY);
    ASSERT_GE(reader, 0);
    ASSERT_TRUE(child->memory->address_space().copy_to_user(UserAddress(kData), "late", 4).has_value());
    EXPECT_EQ(call_as(*child, __NR_write, static_cast<u64>(child_writer), kData, 4), 4);
    EXPECT_EQ(read_text(reader, 8), "late");
}

TEST_F(FifoTest, Fifo_WriteOnly_WaitsUntilAReaderOpens)
{
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_FALSE(ready());
        EXPECT_GE(open_as(*child, O_RDONLY | O_NONBLOCK), 0);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    const int writer = open_fifo(O_WRONLY);
    ASSERT_GE(writer, 0);
    EXPECT_EQ(write_text(writer, "x"), 1);
}

TEST_F(FifoTest, Fifo_AWriterThatOpensAndClosesAgain_StillReleasesTheReader)
{
    // wait_for_partner waits for w_counter to move, not for a writer to be
    // there when the reader runs again.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        const int writer = open_as(*child, O_WRONLY);
        EXPECT_GE(writer, 0);
        EXPECT_EQ(call_as(*child, __NR_close, static_cast<u64>(writer)), 0);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    const int reader = open_fifo(O_RDONLY);
    ASSERT_GE(reader, 0);
    EXPECT_EQ(read_text(reader, 8), "");
}

TEST_F(FifoTest, Fifo_ASignalDuringTheWait_IsErestartsysAndLeavesNoEnd)
{
    // fifo_open's err_rd/err_wr: the end is taken away again, and
    // ERESTARTSYS becomes EINTR or a restart on the way out.
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    EXPECT_EQ(open_fifo(O_RDONLY), -ERESTARTSYS);
    EXPECT_EQ(caller().files->open_count(), 3U);
    // No reader is left behind: a nonblocking writer is still ENXIO.
    EXPECT_EQ(open_fifo(O_WRONLY | O_NONBLOCK), -ENXIO);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    EXPECT_EQ(open_fifo(O_WRONLY), -ERESTARTSYS);
    EXPECT_EQ(caller().files->open_count(), 3U);
}

TEST_F(FifoTest, Fifo_AccessModeThree_IsEinval)
{
    // OPEN_FMODE(3) has neither FMODE_READ nor FMODE_WRITE: fifo_open's
    // "default: ret = -EINVAL".
    EXPECT_EQ(open_fifo(O_ACCMODE | O_NONBLOCK), -EINVAL);
}

TEST_F(FifoTest, Fifo_CapacityIsAPipes)
{
    const int both = open_fifo(O_RDWR);
    EXPECT_EQ(fcntl(both, F_GETPIPE_SZ), 65536);
}

} // namespace
} // namespace sirius::testing
