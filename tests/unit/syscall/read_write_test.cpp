// read(2), write(2), readv(2) and writev(2) as Linux's fs/read_write.c and
// lib/iov_iter.c have them: one test per rule. Each errno was checked on
// the host (Linux 6.18) with raw syscalls first.
#include <fcntl.h>
#include <string>
#include <sys/uio.h>
#include <vector>

#include "core/fs/console_file.h"
#include "platform/host/allocator.h"
#include "platform/host/recording_console.h"
#include "tests/unit/support/scripted_file.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kText = KernelTest::kUserData; // bytes to write or read into
constexpr u64 kVector = KernelTest::kUserData + 0x8000; // an iovec array
constexpr u64 kEnd = KernelTest::kUserData + KernelTest::kUserDataSize; // first unmapped byte
constexpr u64 kBad = 0xdead0000; // user half, unmapped
constexpr u64 kKernel = 0xffff800000000000; // kernel half
constexpr u64 kLimit = host::kUserAddressLimit; // TASK_SIZE_MAX
constexpr u64 kMaxRwCount = 0x7ffff000; // INT_MAX & PAGE_MASK
// <linux/uio.h>'s UIO_MAXIOV and UIO_FASTIOV (that header cannot be
// included next to glibc's struct iovec).
constexpr u64 kUioMaxIov = 1024;
constexpr u64 kUioFastIov = 8;
static_assert(kUioMaxIov == UIO_MAXIOV);

// struct iovec, with the base as an address of the fake memory.
struct Segment {
    u64 base;
    u64 length;
};
static_assert(sizeof(Segment) == sizeof(iovec) && offsetof(iovec, iov_len) == offsetof(Segment, length));

// A file with no operations at all (a pidfd, to Linux's vfs_read).
class NoOpsFile final : public fs::File {
public:
    explicit NoOpsFile(u32 status_flags)
        : File(status_flags)
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Other; }
};

class ReadWriteTest : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        console_fd = install(make_console(O_RDWR));
    }

    RefPtr<fs::File> make_console(u32 flags)
    {
        auto file = try_make_ref<fs::ConsoleFile>(sink, flags);
        EXPECT_TRUE(file.has_value());
        return file.release_value();
    }
    RefPtr<ScriptedFile> make_scripted(u32 flags = O_RDWR)
    {
        auto file = try_make_ref<ScriptedFile>(flags);
        EXPECT_TRUE(file.has_value());
        return file.release_value();
    }
    // The lowest free fd of the caller, now `file`.
    int install(RefPtr<fs::File> file)
    {
        auto fd = caller().files->reserve(0, 1024);
        EXPECT_TRUE(fd.has_value());
        caller().files->install(fd.value(), move(file), false);
        return fd.value();
    }

    void store(u64 address, const std::string& bytes)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), bytes.data(), bytes.size()).has_value());
    }
    std::string load(u64 address, usize size)
    {
        std::string bytes(size, '\0');
        EXPECT_TRUE(caller_space().backing().copy_from_user(bytes.data(), UserAddress(address), size).has_value());
        return bytes;
    }
    // Writes `segments` as an iovec array at kVector.
    void store_vector(const std::vector<Segment>& segments, u64 at = kVector)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(at), segments.data(), segments.size() * sizeof(Segment)).has_value());
    }

    i64 write(int fd, u64 buffer, u64 count) { return call(__NR_write, static_cast<u64>(fd), buffer, count); }
    i64 read(int fd, u64 buffer, u64 count) { return call(__NR_read, static_cast<u64>(fd), buffer, count); }
    i64 writev(int fd, u64 vector, u64 count) { return call(__NR_writev, static_cast<u64>(fd), vector, count); }
    i64 readv(int fd, u64 vector, u64 count) { return call(__NR_readv, static_cast<u64>(fd), vector, count); }

    host::RecordingConsole sink;
    int console_fd { -1 };
};

// --- read and write ---------------------------------------------------------

TEST_F(ReadWriteTest, Write_ToTheConsole_ReachesItsSink)
{
    store(kText, "hello\n");
    EXPECT_EQ(write(console_fd, kText, 6), 6);
    EXPECT_EQ(sink.output, "hello\n");
}

TEST_F(ReadWriteTest, Read_FromTheConsole_TakesItsInput)
{
    sink.input = "yes\n";
    EXPECT_EQ(read(console_fd, kText, 100), 4);
    EXPECT_EQ(load(kText, 4), "yes\n");
    EXPECT_EQ(read(console_fd, kText, 100), 0); // no more input: end of file
}

TEST_F(ReadWriteTest, ReadWrite_FdNotOpen_IsEbadf)
{
    EXPECT_EQ(write(77, kText, 1), -EBADF);
    EXPECT_EQ(read(77, kText, 1), -EBADF);
    EXPECT_EQ(call(__NR_write, static_cast<u64>(-1), kText, 1), -EBADF);
    EXPECT_EQ(call(__NR_write, 0x7fffffff, kText, 1), -EBADF);
}

TEST_F(ReadWriteTest, ReadWrite_FdIsAnUnsignedInt_UpperHalfIgnored)
{
    // SYSCALL_DEFINE3(write, unsigned int, fd, ...).
    store(kText, "x");
    EXPECT_EQ(call(__NR_write, (u64 { 1 } << 32) | static_cast<u64>(console_fd), kText, 1), 1);
    EXPECT_EQ(sink.output, "x");
}

TEST_F(ReadWriteTest, Write_FileOpenReadOnly_IsEbadf)
{
    // vfs_write: "if (!(file->f_mode & FMODE_WRITE)) return -EBADF;" -
    // before the buffer is looked at.
    const int fd = install(make_console(O_RDONLY));
    EXPECT_EQ(write(fd, kText, 1), -EBADF);
    EXPECT_EQ(write(fd, kKernel, 1), -EBADF);
    EXPECT_EQ(sink.output, "");
}

TEST_F(ReadWriteTest, Read_FileOpenWriteOnly_IsEbadf)
{
    const int fd = install(make_console(O_WRONLY));
    sink.input = "abc";
    EXPECT_EQ(read(fd, kText, 1), -EBADF);
    EXPECT_EQ(read(fd, kKernel, 1), -EBADF);
    EXPECT_EQ(sink.input, "abc");
}

TEST_F(ReadWriteTest, ReadWrite_AccessModeThree_IsEbadfBothWays)
{
    // open(2) with O_ACCMODE (3): "ioctl-only"; read and write are EBADF.
    const int fd = install(make_console(O_ACCMODE));
    EXPECT_EQ(read(fd, kText, 1), -EBADF);
    EXPECT_EQ(write(fd, kText, 1), -EBADF);
}

TEST_F(ReadWriteTest, ReadWrite_FileWithoutTheOperation_IsEinvalBeforeEfault)
{
    // vfs_read: "if (!(file->f_mode & FMODE_CAN_READ)) return -EINVAL;"
    // comes before access_ok (host: read(pidfd, kernel address) is EINVAL).
    const int fd = install(try_make_ref<NoOpsFile>(O_RDWR).release_value());
    EXPECT_EQ(read(fd, kText, 1), -EINVAL);
    EXPECT_EQ(write(fd, kText, 1), -EINVAL);
    EXPECT_EQ(read(fd, kKernel, 1), -EINVAL);
    EXPECT_EQ(write(fd, kKernel, 1), -EINVAL);
}

TEST_F(ReadWriteTest, ReadWrite_Pidfd_IsEinval)
{
    const i64 fd = call(__NR_pidfd_open, tgid_of(caller()), 0);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(read(static_cast<int>(fd), kText, 1), -EINVAL);
    EXPECT_EQ(write(static_cast<int>(fd), kText, 1), -EINVAL);
}

TEST_F(ReadWriteTest, ReadWrite_BufferNotInTheUserHalf_IsEfaultAndTheFileIsNotAsked)
{
    // access_ok(buf, count): the whole range at or below TASK_SIZE_MAX.
    auto file = make_scripted();
    const int fd = install(file);
    EXPECT_EQ(write(fd, kKernel, 1), -EFAULT);
    EXPECT_EQ(read(fd, kKernel, 1), -EFAULT);
    EXPECT_EQ(write(fd, kLimit - 4, 5), -EFAULT);
    EXPECT_EQ(write(fd, kText, ~u64 { 0 }), -EFAULT); // wraps
    EXPECT_EQ(write(fd, 0, u64 { 1 } << 63), -EFAULT);
    EXPECT_TRUE(file->calls.empty());
}

TEST_F(ReadWriteTest, ReadWrite_UnmappedBuffer_IsEfault)
{
    EXPECT_EQ(write(console_fd, kBad, 1), -EFAULT);
    sink.input = "a";
    EXPECT_EQ(read(console_fd, kBad, 1), -EFAULT);
    EXPECT_EQ(sink.output, "");
}

TEST_F(ReadWriteTest, Write_CountZero_IsZeroEvenFromAnUnmappedBuffer)
{
    // Host: write(fd, 0xdead0000, 0) and write(fd, NULL, 0) are 0.
    EXPECT_EQ(write(console_fd, kBad, 0), 0);
    EXPECT_EQ(write(console_fd, 0, 0), 0);
    EXPECT_EQ(sink.writes, 0U);
}

TEST_F(ReadWriteTest, Write_CountZeroAboveTheUserHalf_IsEfault)
{
    // Host: write(fd, 0x7ffffffff000, 0) is 0, from 0x7ffffffff001 EFAULT.
    EXPECT_EQ(write(console_fd, kLimit, 0), 0);
    EXPECT_EQ(write(console_fd, kLimit + 1, 0), -EFAULT);
    EXPECT_EQ(write(console_fd, kKernel, 0), -EFAULT);
}

TEST_F(ReadWriteTest, ReadWrite_CountAboveMaxRwCount_IsCutNotRefused)
{
    // "if (count > MAX_RW_COUNT) count = MAX_RW_COUNT;" (host: read of
    // /dev/zero with 0x90000000 returns 0x7ffff000).
    auto file = make_scripted();
    file->touch_memory = false;
    const int fd = install(file);
    EXPECT_EQ(write(fd, kText, 0x90000000), static_cast<i64>(kMaxRwCount));
    file->data = "abc";
    EXPECT_EQ(read(fd, kText, 0x90000000), 3);
    ASSERT_EQ(file->calls.size(), 2U);
    EXPECT_EQ(file->calls[0].count, kMaxRwCount);
    EXPECT_EQ(file->calls[1].count, kMaxRwCount);
}

TEST_F(ReadWriteTest, Write_ShortWrite_ReturnsWhatTheFileTook)
{
    auto file = make_scripted();
    file->limit = 2;
    const int fd = install(file);
    store(kText, "abcdef");
    EXPECT_EQ(write(fd, kText, 6), 2);
    EXPECT_EQ(file->data, "ab");
}

TEST_F(ReadWriteTest, Write_ConsoleFaultingMidway_ReturnsTheBytesWrittenSoFar)
{
    // A tty write that faults after a whole chunk returns what it wrote.
    store(kEnd - 300, std::string(300, 'q'));
    EXPECT_EQ(write(console_fd, kEnd - 300, 600), static_cast<i64>(fs::ConsoleFile::kChunkSize));
    EXPECT_EQ(sink.output.size(), fs::ConsoleFile::kChunkSize);
}

TEST_F(ReadWriteTest, ReadWrite_FileError_IsReturned)
{
    auto file = make_scripted();
    file->error = EAGAIN;
    const int fd = install(file);
    EXPECT_EQ(write(fd, kText, 1), -EAGAIN);
    EXPECT_EQ(read(fd, kText, 1), -EAGAIN);
}

TEST_F(ReadWriteTest, ReadWrite_AdvanceTheFilePosition)
{
    // ksys_write: "if (ret >= 0 && ppos) fd_file(f)->f_pos = pos;"
    auto file = make_scripted();
    const int fd = install(file);
    store(kText, "abcdef");
    EXPECT_EQ(write(fd, kText, 4), 4);
    EXPECT_EQ(write(fd, kText, 2), 2);
    EXPECT_EQ(file->position(), 6);
    EXPECT_EQ(file->calls[1].position, 4);
    file->data = "xyz";
    EXPECT_EQ(read(fd, kText, 10), 3);
    EXPECT_EQ(file->position(), 9);
}

TEST_F(ReadWriteTest, ReadWrite_FailedCall_LeavesThePosition)
{
    auto file = make_scripted();
    const int fd = install(file);
    file->set_position(5);
    file->error = EIO;
    EXPECT_EQ(write(fd, kText, 1), -EIO);
    EXPECT_EQ(file->position(), 5);
}

TEST_F(ReadWriteTest, ReadWrite_NegativePosition_IsEinval)
{
    // rw_verify_area: "if (unlikely(pos < 0)) { if (!unsigned_offsets(file))
    // return -EINVAL;".
    auto file = make_scripted();
    const int fd = install(file);
    file->set_position(-1);
    EXPECT_EQ(write(fd, kText, 1), -EINVAL);
    EXPECT_EQ(read(fd, kText, 1), -EINVAL);
    EXPECT_TRUE(file->calls.empty());
}

TEST_F(ReadWriteTest, ReadWrite_PositionPlusCountPastLoffMax_IsEinval)
{
    // rw_verify_area: "(loff_t) (pos + count) < 0" is EINVAL.
    auto file = make_scripted();
    const int fd = install(file);
    file->set_position(0x7fffffffffffffff - 2);
    EXPECT_EQ(write(fd, kText, 3), -EINVAL);
    EXPECT_EQ(write(fd, kText, 2), 2);
}

// --- readv and writev -------------------------------------------------------

TEST_F(ReadWriteTest, Writev_GathersTheSegmentsInOrder)
{
    store(kText, "hello, ");
    store(kText + 0x100, "world\n");
    store_vector({ { kText, 7 }, { kText + 0x100, 6 } });
    EXPECT_EQ(writev(console_fd, kVector, 2), 13);
    EXPECT_EQ(sink.output, "hello, world\n");
}

TEST_F(ReadWriteTest, Readv_ScattersUntilAShortSegment)
{
    // do_loop_readv_writev: "if (nr != iter_iov_len(iter)) break;".
    sink.input = "abcdef";
    store_vector({ { kText, 3 }, { kText + 0x100, 10 }, { kText + 0x200, 10 } });
    EXPECT_EQ(readv(console_fd, kVector, 3), 6);
    EXPECT_EQ(load(kText, 3), "abc");
    EXPECT_EQ(load(kText + 0x100, 3), "def");
}

TEST_F(ReadWriteTest, Writev_ZeroVectors_IsZeroWithoutReadingTheArray)
{
    // iovec_from_user: "Linux has traditionally returned zero for zero
    // segments" (host: writev(fd, 0xdead0000, 0) is 0).
    EXPECT_EQ(writev(console_fd, kBad, 0), 0);
    EXPECT_EQ(readv(console_fd, kBad, 0), 0);
}

TEST_F(ReadWriteTest, Writev_TooManyVectors_IsEinval)
{
    // writev(2): "EINVAL The vector count, iovcnt, is less than zero or
    // greater than the permitted maximum" (UIO_MAXIOV, 1024).
    EXPECT_EQ(writev(console_fd, kVector, kUioMaxIov + 1), -EINVAL);
    EXPECT_EQ(readv(console_fd, kVector, kUioMaxIov + 1), -EINVAL);
    EXPECT_EQ(writev(console_fd, kBad, kUioMaxIov + 1), -EINVAL); // before the array
}

TEST_F(ReadWriteTest, Writev_NegativeVectorCount_IsEinval)
{
    // glibc sign-extends iovcnt = -1; both it and 0xffffffff are > UIO_MAXIOV.
    EXPECT_EQ(writev(console_fd, kVector, ~u64 { 0 }), -EINVAL);
    EXPECT_EQ(writev(console_fd, kVector, 0xffffffff), -EINVAL);
}

TEST_F(ReadWriteTest, Writev_VectorCountIsAnUnsignedInt_UpperHalfIgnored)
{
    // __import_iovec takes "unsigned nr_segs" (host: writev with
    // (1 << 32) | 1 writes one segment, with 1 << 32 none).
    store(kText, "ab");
    store_vector({ { kText, 2 } });
    EXPECT_EQ(writev(console_fd, kVector, (u64 { 1 } << 32) | 1), 2);
    EXPECT_EQ(writev(console_fd, kVector, u64 { 1 } << 32), 0);
    EXPECT_EQ(sink.output, "ab");
}

TEST_F(ReadWriteTest, Writev_MaximumVectorCount_IsAccepted)
{
    // More than UIO_FASTIOV segments are allocated, up to UIO_MAXIOV.
    store(kText, "z");
    store_vector(std::vector<Segment>(kUioMaxIov, Segment { kText, 1 }));
    EXPECT_EQ(writev(console_fd, kVector, kUioMaxIov), static_cast<i64>(kUioMaxIov));
    EXPECT_EQ(sink.output, std::string(kUioMaxIov, 'z'));
}

TEST_F(ReadWriteTest, Writev_BadVectorArray_IsEfault)
{
    EXPECT_EQ(writev(console_fd, kBad, 1), -EFAULT);
    EXPECT_EQ(readv(console_fd, kBad, 1), -EFAULT);
    EXPECT_EQ(writev(console_fd, kKernel, 1), -EFAULT);
    // An array that runs past the end of the user half.
    EXPECT_EQ(writev(console_fd, kLimit - sizeof(Segment), 2), -EFAULT);
    EXPECT_EQ(sink.output, "");
}

TEST_F(ReadWriteTest, Writev_NegativeLength_IsEinvalAndWritesNothing)
{
    // copy_iovec_from_user: "check for size_t not fitting in ssize_t".
    store(kText, "ab");
    store_vector({ { kText, 2 }, { kText, ~u64 { 0 } } });
    EXPECT_EQ(writev(console_fd, kVector, 2), -EINVAL);
    store_vector({ { kText, 2 }, { kText, u64 { 1 } << 63 } });
    EXPECT_EQ(writev(console_fd, kVector, 2), -EINVAL);
    EXPECT_EQ(sink.output, "");
}

TEST_F(ReadWriteTest, Writev_NegativeLengthBeforeAnUnreadableElement_IsEinval)
{
    // The elements are read and checked one by one (host: the same).
    const u64 array = kEnd - sizeof(Segment);
    store_vector({ { kText, ~u64 { 0 } } }, array);
    EXPECT_EQ(writev(console_fd, array, 2), -EINVAL);
    store_vector({ { kText, 1 } }, array);
    EXPECT_EQ(writev(console_fd, array, 2), -EFAULT);
    EXPECT_EQ(sink.output, "");
}

TEST_F(ReadWriteTest, Writev_NegativeLengthWinsOverABadBase)
{
    // Every length is checked while the array is read, before any base.
    store_vector({ { kKernel, 1 }, { kText, ~u64 { 0 } } });
    EXPECT_EQ(writev(console_fd, kVector, 2), -EINVAL);
}

TEST_F(ReadWriteTest, Writev_SegmentNotInTheUserHalf_IsEfaultAndWritesNothing)
{
    // __import_iovec: "if (!access_ok(iov[seg].iov_base, len)) return
    // -EFAULT;" - for every segment before a byte moves (host: the same).
    store(kText, "ab");
    store_vector({ { kText, 2 }, { kKernel, 1 } });
    EXPECT_EQ(writev(console_fd, kVector, 2), -EFAULT);
    store_vector({ { kText, 2 }, { kText, 0x7fffffffffffffff } });
    EXPECT_EQ(writev(console_fd, kVector, 2), -EFAULT);
    EXPECT_EQ(sink.output, "");
}

TEST_F(ReadWriteTest, Writev_LaterSegmentFaults_ReturnsTheBytesWrittenSoFar)
{
    // do_loop_readv_writev: "if (nr < 0) { if (!ret) ret = nr; break; }"
    // (host: writev to /proc/self/comm of "ab", a bad base, "cd" is 2).
    store(kText, "ab");
    store(kText + 0x100, "cd");
    store_vector({ { kText, 2 }, { kBad, 2 }, { kText + 0x100, 2 } });
    EXPECT_EQ(writev(console_fd, kVector, 3), 2);
    EXPECT_EQ(sink.output, "ab");
}

TEST_F(ReadWriteTest, Writev_FirstSegmentFaults_IsEfault)
{
    store(kText, "cd");
    store_vector({ { kBad, 2 }, { kText, 2 } });
    EXPECT_EQ(writev(console_fd, kVector, 2), -EFAULT);
    EXPECT_EQ(sink.output, "");
}

TEST_F(ReadWriteTest, Writev_EmptySegment_IsPassedOverWhateverItsBase)
{
    // Host: writev of "ab", { 0xdead0000, 0 }, "cd" is 4.
    store(kText, "ab");
    store(kText + 0x100, "cd");
    store_vector({ { kText, 2 }, { kBad, 0 }, { kText + 0x100, 2 } });
    EXPECT_EQ(writev(console_fd, kVector, 3), 4);
    EXPECT_EQ(sink.output, "abcd");
}

TEST_F(ReadWriteTest, Writev_ShortSegment_EndsTheCall)
{
    auto file = make_scripted();
    file->limit = 1;
    const int fd = install(file);
    store(kText, "abcd");
    store_vector({ { kText, 2 }, { kText + 2, 2 } });
    EXPECT_EQ(writev(fd, kVector, 2), 1);
    EXPECT_EQ(file->calls.size(), 1U);
}

TEST_F(ReadWriteTest, Writev_TotalAboveMaxRwCount_IsCut)
{
    // __import_iovec: "if (len > MAX_RW_COUNT - total_len) { len =
    // MAX_RW_COUNT - total_len; ...}" (host: two segments of MAX_RW_COUNT
    // write MAX_RW_COUNT).
    auto file = make_scripted();
    file->touch_memory = false;
    const int fd = install(file);
    store_vector({ { kText, 0x7ffff000 }, { kText, 0x7ffff000 }, { kText, 5 } });
    EXPECT_EQ(writev(fd, kVector, 3), static_cast<i64>(kMaxRwCount));
    ASSERT_EQ(file->calls.size(), 1U);
    EXPECT_EQ(file->calls[0].count, kMaxRwCount);
}

TEST_F(ReadWriteTest, Writev_AdvancesThePositionSegmentBySegment)
{
    auto file = make_scripted();
    const int fd = install(file);
    store(kText, "abcde");
    store_vector({ { kText, 2 }, { kText + 2, 3 } });
    EXPECT_EQ(writev(fd, kVector, 2), 5);
    EXPECT_EQ(file->calls[1].position, 2);
    EXPECT_EQ(file->position(), 5);
    EXPECT_EQ(file->data, "abcde");
}

TEST_F(ReadWriteTest, Writev_BadFd_IsEbadfBeforeTheArray)
{
    EXPECT_EQ(writev(77, kBad, 1), -EBADF);
    EXPECT_EQ(readv(77, kBad, 1), -EBADF);
}

TEST_F(ReadWriteTest, Writev_WrongAccessMode_IsEbadfBeforeTheArray)
{
    // vfs_readv checks FMODE_READ before import_iovec (host: readv on an
    // O_WRONLY fd with 2000 vectors at a bad address is EBADF).
    const int read_only = install(make_console(O_RDONLY));
    const int write_only = install(make_console(O_WRONLY));
    EXPECT_EQ(writev(read_only, kBad, 2000), -EBADF);
    EXPECT_EQ(readv(write_only, kBad, 2000), -EBADF);
}

TEST_F(ReadWriteTest, Writev_FileWithoutTheOperation_IsEinvalBeforeTheArray)
{
    // Host: writev(pidfd, 0xdead0000, 1) is EINVAL.
    const int fd = install(try_make_ref<NoOpsFile>(O_RDWR).release_value());
    EXPECT_EQ(writev(fd, kBad, 1), -EINVAL);
    EXPECT_EQ(readv(fd, kBad, 1), -EINVAL);
}

TEST_F(ReadWriteTest, Writev_AllSegmentsEmpty_IsZeroWithoutAskingTheFile)
{
    // vfs_writev: "if (!tot_len) goto out;".
    auto file = make_scripted();
    const int fd = install(file);
    store_vector({ { kBad, 0 }, { kText, 0 } });
    EXPECT_EQ(writev(fd, kVector, 2), 0);
    EXPECT_TRUE(file->calls.empty());
}

TEST_F(ReadWriteTest, Writev_OutOfMemoryForTheSegments_IsEnomem)
{
    store(kText, "z");
    store_vector(std::vector<Segment>(kUioFastIov + 1, Segment { kText, 1 }));
    {
        const host::AllocationFailureScope failing(0, true);
        EXPECT_EQ(writev(console_fd, kVector, kUioFastIov + 1), -ENOMEM);
        // Up to UIO_FASTIOV segments need no allocation.
        EXPECT_EQ(writev(console_fd, kVector, kUioFastIov), static_cast<i64>(kUioFastIov));
    }
    EXPECT_EQ(sink.output, std::string(kUioFastIov, 'z'));
}

} // namespace
} // namespace sirius::testing
