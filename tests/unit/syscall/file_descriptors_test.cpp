// close(2), dup(2), dup2(2), dup3(2) as Linux's fs/open.c and fs/file.c
// have them, in their errno order. Each answer was checked on the host
// (Linux 6.18) with tests/integration/programs/file_descriptors.c.
#include <linux/close_range.h>

#include "tests/unit/support/pipe_fixture.h"

namespace sirius::testing {
namespace {

class FileDescriptorsTest : public PipeTest {
protected:
    i64 dup(u64 fd) { return call(__NR_dup, fd); }
    i64 dup2(u64 old_fd, u64 new_fd) { return call(__NR_dup2, old_fd, new_fd); }
    i64 dup3(u64 old_fd, u64 new_fd, u64 flags) { return call(__NR_dup3, old_fd, new_fd, flags); }
    bool is_open(int fd) { return caller().files->get(fd) != nullptr; }
    // A thread that shares the caller's descriptor table (CLONE_FILES).
    proc::Thread* spawn_file_sharer() { return clone_ok(request_with(kThreadFlags | CLONE_FILES, 0)); }
};

// --- close ---

TEST_F(FileDescriptorsTest, Close_AnOpenFd_FreesIt)
{
    EXPECT_EQ(close(2), 0);
    EXPECT_FALSE(is_open(2));
    EXPECT_EQ(dup(1), 2);
}

TEST_F(FileDescriptorsTest, Close_NotOpen_IsEbadf)
{
    // close(2): "EBADF fd isn't a valid open file descriptor."
    EXPECT_EQ(close(7), -EBADF);
    EXPECT_EQ(close(-1), -EBADF);
    EXPECT_EQ(close(2), 0);
    EXPECT_EQ(close(2), -EBADF);
}

TEST_F(FileDescriptorsTest, Close_TheFdIsAnUnsignedInt)
{
    // close(unsigned int fd): the upper half of the register is ignored.
    EXPECT_EQ(call(__NR_close, (u64 { 1 } << 32) | 2), 0);
    EXPECT_FALSE(is_open(2));
}

// --- dup ---

TEST_F(FileDescriptorsTest, Dup_UsesTheLowestFreeFd)
{
    // dup(2): "uses the lowest-numbered unused file descriptor".
    EXPECT_EQ(dup(1), 3);
    EXPECT_EQ(close(0), 0);
    EXPECT_EQ(dup(1), 0);
    EXPECT_EQ(caller().files->get(0), caller().files->get(1));
}

TEST_F(FileDescriptorsTest, Dup_TheCopyIsNotCloseOnExec)
{
    // dup(2): "The close-on-exec flag (FD_CLOEXEC) for the duplicate
    // descriptor is off."
    caller().files->set_close_on_exec(1, true);
    EXPECT_EQ(dup(1), 3);
    EXPECT_FALSE(caller().files->close_on_exec(3));
}

TEST_F(FileDescriptorsTest, Dup_TheCopySharesTheOpenFileDescription)
{
    // dup(2): "They refer to the same open file description and thus share
    // file offset and file status flags".
    const Ends ends = make_pipe();
    const i64 copy = dup(static_cast<u64>(ends.read));
    EXPECT_EQ(fcntl(static_cast<int>(copy), F_SETFL, O_NONBLOCK), 0);
    EXPECT_EQ(fcntl(ends.read, F_GETFL), O_RDONLY | O_NONBLOCK);
}

TEST_F(FileDescriptorsTest, Dup_NotOpen_IsEbadf)
{
    EXPECT_EQ(dup(9), -EBADF);
    EXPECT_EQ(dup(~u64 { 0 }), -EBADF);
}

TEST_F(FileDescriptorsTest, Dup_NoFreeFdBelowRlimitNofile_IsEmfile)
{
    // dup(2): "EMFILE The per-process limit on the number of open file
    // descriptors has been reached".
    set_open_files_limit(5);
    EXPECT_EQ(dup(1), 3);
    EXPECT_EQ(dup(1), 4);
    EXPECT_EQ(dup(1), -EMFILE);
    // EBADF comes first.
    EXPECT_EQ(dup(9), -EBADF);
}

// --- dup2 ---

TEST_F(FileDescriptorsTest, Dup2_SameFd_ReturnsItIfOpen)
{
    // dup2(2): "If oldfd is a valid file descriptor, and newfd has the same
    // value as oldfd, then dup2() does nothing, and returns newfd."
    caller().files->set_close_on_exec(1, true);
    EXPECT_EQ(dup2(1, 1), 1);
    EXPECT_TRUE(caller().files->close_on_exec(1));
    // "If oldfd is not a valid file descriptor, then the call fails".
    EXPECT_EQ(dup2(9, 9), -EBADF);
}

TEST_F(FileDescriptorsTest, Dup2_ToAFreeFd_TakesExactlyThatOne)
{
    EXPECT_EQ(dup2(1, 10), 10);
    EXPECT_EQ(caller().files->get(10), caller().files->get(1));
    EXPECT_FALSE(is_open(3));
}

TEST_F(FileDescriptorsTest, Dup2_ToAnOpenFd_ClosesWhatWasThere)
{
    // dup2(2): "If the file descriptor newfd was previously open, it is
    // closed before being reused; the close is performed silently". The
    // pipe's only write end goes: its reader sees end of file.
    const Ends ends = make_pipe();
    EXPECT_EQ(dup2(1, static_cast<u64>(ends.write)), ends.write);
    EXPECT_EQ(read_text(ends.read, 1), "");
}

TEST_F(FileDescriptorsTest, Dup2_ClearsCloseOnExecOfTheNewFd)
{
    caller().files->set_close_on_exec(2, true);
    EXPECT_EQ(dup2(1, 2), 2);
    EXPECT_FALSE(caller().files->close_on_exec(2));
}

TEST_F(FileDescriptorsTest, Dup2_NewFdAtRlimitNofile_IsEbadf)
{
    // dup2(2): "EBADF newfd is out of the allowed range for file
    // descriptors".
    set_open_files_limit(64);
    EXPECT_EQ(dup2(1, 64), -EBADF);
    EXPECT_EQ(dup2(1, 63), 63);
    EXPECT_EQ(dup2(1, ~u64 { 0 }), -EBADF);
}

TEST_F(FileDescriptorsTest, Dup2_OldFdNotOpen_IsEbadfAndNewFdStaysOpen)
{
    EXPECT_EQ(dup2(9, 2), -EBADF);
    EXPECT_TRUE(is_open(2));
}

TEST_F(FileDescriptorsTest, Dup2_NewFdReservedByAnOpenInProgress_IsEbusy)
{
    // dup2(2): "EBUSY (Linux only) This may be returned by dup2() or dup3()
    // during a race condition with open(2) and dup()."
    ASSERT_OK_AND_ASSIGN(const int reserved, caller().files->reserve(5, 1024));
    EXPECT_EQ(dup2(1, static_cast<u64>(reserved)), -EBUSY);
    caller().files->unreserve(reserved);
    EXPECT_EQ(dup2(1, static_cast<u64>(reserved)), reserved);
}

// --- dup3 ---

TEST_F(FileDescriptorsTest, Dup3_OCloexec_SetsCloseOnExec)
{
    // dup3(2): "The caller can force the close-on-exec flag to be set for
    // the new file descriptor by specifying O_CLOEXEC in flags."
    EXPECT_EQ(dup3(1, 7, O_CLOEXEC), 7);
    EXPECT_TRUE(caller().files->close_on_exec(7));
}

TEST_F(FileDescriptorsTest, Dup3_SameFd_IsEinval)
{
    // dup3(2): "If oldfd equals newfd, then dup3() fails with the error
    // EINVAL." - even for a descriptor that is not open.
    EXPECT_EQ(dup3(1, 1, 0), -EINVAL);
    EXPECT_EQ(dup3(9, 9, 0), -EINVAL);
}

TEST_F(FileDescriptorsTest, Dup3_FlagsOtherThanOCloexec_AreEinval)
{
    // dup3(2): "EINVAL (dup3()) flags contain an invalid value." Before
    // anything else: a bad old fd does not matter.
    EXPECT_EQ(dup3(1, 7, O_NONBLOCK), -EINVAL);
    EXPECT_EQ(dup3(1, 7, 1), -EINVAL);
    EXPECT_EQ(dup3(9, 7, O_NONBLOCK), -EINVAL);
    EXPECT_FALSE(is_open(7));
}

TEST_F(FileDescriptorsTest, Dup3_NewFdOutOfRangeBeforeOldFdNotOpen)
{
    set_open_files_limit(16);
    EXPECT_EQ(dup3(9, 16, 0), -EBADF);
    EXPECT_EQ(dup3(9, 15, 0), -EBADF);
    EXPECT_FALSE(is_open(15));
}

// --- close_range ---

TEST_F(FileDescriptorsTest, CloseRange_ClosesTheOpenFdsOfTheRange)
{
    // close_range(2): "closes all open file descriptors from first to last
    // (included)"; descriptors that are not open are no error.
    ASSERT_EQ(dup2(1, 5), 5);
    ASSERT_EQ(dup2(1, 9), 9);
    EXPECT_EQ(call(__NR_close_range, 2, 8, 0), 0);
    EXPECT_FALSE(is_open(2));
    EXPECT_FALSE(is_open(5));
    EXPECT_TRUE(is_open(1));
    EXPECT_TRUE(is_open(9));
}

TEST_F(FileDescriptorsTest, CloseRange_UpToUintMax_ClosesEverythingFromFirst)
{
    // The idiom close_range(3, ~0U, 0): "close all file descriptors
    // starting at 3".
    ASSERT_EQ(dup2(1, 300), 300);
    EXPECT_EQ(call(__NR_close_range, 1, 0xffffffffU, 0), 0);
    EXPECT_TRUE(is_open(0));
    EXPECT_EQ(caller().files->open_count(), 1U);
}

TEST_F(FileDescriptorsTest, CloseRange_FirstAboveLast_IsEinval)
{
    // close_range(2): "EINVAL ... first is greater than last." Nothing closes.
    EXPECT_EQ(call(__NR_close_range, 2, 1, 0), -EINVAL);
    EXPECT_TRUE(is_open(1));
    EXPECT_TRUE(is_open(2));
}

TEST_F(FileDescriptorsTest, CloseRange_UnknownFlags_AreEinval)
{
    // close_range(2): "EINVAL flags is not valid".
    EXPECT_EQ(call(__NR_close_range, 0, 10, 1), -EINVAL);
    EXPECT_EQ(call(__NR_close_range, 0, 10, CLOSE_RANGE_CLOEXEC << 1), -EINVAL);
    EXPECT_TRUE(is_open(0));
}

TEST_F(FileDescriptorsTest, CloseRange_Cloexec_MarksInsteadOfClosing)
{
    // CLOSE_RANGE_CLOEXEC: "Set the close-on-exec flag on the specified
    // file descriptors, rather than immediately closing them."
    EXPECT_EQ(call(__NR_close_range, 1, 2, CLOSE_RANGE_CLOEXEC), 0);
    EXPECT_TRUE(is_open(1));
    EXPECT_TRUE(caller().files->close_on_exec(1));
    EXPECT_TRUE(caller().files->close_on_exec(2));
    EXPECT_FALSE(caller().files->close_on_exec(0));
}

TEST_F(FileDescriptorsTest, CloseRange_Unshare_OtherSharersKeepTheirFds)
{
    // CLOSE_RANGE_UNSHARE: "Unshare the specified file descriptors from any
    // other processes before closing them, avoiding races with other
    // threads sharing the file descriptor table."
    proc::Thread* sharer = spawn_file_sharer();
    const fs::FdTable* shared = caller().files.get();
    ASSERT_EQ(sharer->files.get(), shared);
    EXPECT_EQ(call(__NR_close_range, 1, 0xffffffffU, CLOSE_RANGE_UNSHARE), 0);
    EXPECT_NE(caller().files.get(), shared);
    EXPECT_TRUE(is_open(0));
    EXPECT_FALSE(is_open(1));
    EXPECT_EQ(sharer->files->get(1), shared->get(1));
    EXPECT_NE(shared->get(1), nullptr);
    // The copy was made without the hole: its table is the smallest size.
    EXPECT_EQ(caller().files->max_fds(), 64U);
}

TEST_F(FileDescriptorsTest, CloseRange_UnshareWithCloexec_CopiesEveryFd)
{
    proc::Thread* sharer = spawn_file_sharer();
    const fs::FdTable* shared = caller().files.get();
    EXPECT_EQ(call(__NR_close_range, 0, 0xffffffffU, CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC), 0);
    EXPECT_NE(caller().files.get(), shared);
    EXPECT_TRUE(is_open(2));
    EXPECT_TRUE(caller().files->close_on_exec(2));
    EXPECT_FALSE(sharer->files->close_on_exec(2));
}

TEST_F(FileDescriptorsTest, CloseRange_UnshareOfAPrivateTable_KeepsIt)
{
    const fs::FdTable* own = caller().files.get();
    EXPECT_EQ(call(__NR_close_range, 2, 2, CLOSE_RANGE_UNSHARE), 0);
    EXPECT_EQ(caller().files.get(), own);
    EXPECT_FALSE(is_open(2));
}

} // namespace
} // namespace sirius::testing
