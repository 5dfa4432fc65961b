// The console device: writes reach the platform's sink in bounded chunks,
// with Linux's tty answer to a fault midway (the bytes written so far, or
// EFAULT if none); reads take the input the platform has; it is not a
// terminal, so every ioctl is ENOTTY.
#include <fcntl.h>
#include <string>
#include <sys/ioctl.h>

#include "core/fs/console_file.h"
#include "platform/host/fake_address_space.h"
#include "platform/host/recording_console.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kBuffer = 0x10000;
constexpr u64 kMapped = 2 * 4096;
constexpr u64 kEnd = kBuffer + kMapped; // the first unmapped byte
constexpr u64 kBad = 0xdead0000;

class ConsoleFileTest : public KernelTest {
protected:
    void SetUp() override
    {
        KernelTest::SetUp();
        ASSERT_TRUE(memory.map(UserAddress(kBuffer), kMapped, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private).has_value());
        ASSERT_OK_AND_ASSIGN(console, try_make_ref<fs::ConsoleFile>(sink, O_RDWR));
    }
    void store(u64 address, const std::string& bytes)
    {
        ASSERT_TRUE(memory.copy_to_user(UserAddress(address), bytes.data(), bytes.size()).has_value());
    }
    std::string load(u64 address, usize size)
    {
        std::string bytes(size, '\0');
        EXPECT_TRUE(memory.copy_from_user(bytes.data(), UserAddress(address), size).has_value());
        return bytes;
    }
    Result<usize> write(u64 address, usize count)
    {
        fs::IoContext io { *kernel, caller(), memory };
        return console->write(io, UserAddress(address), count, position);
    }
    Result<usize> read(u64 address, usize count)
    {
        fs::IoContext io { *kernel, caller(), memory };
        return console->read(io, UserAddress(address), count, position);
    }

    host::FakeAddressSpace memory;
    host::RecordingConsole sink;
    RefPtr<fs::ConsoleFile> console;
    i64 position { 0 };
};

TEST_F(ConsoleFileTest, Console_IsACharacterDeviceThatReadsAndWrites)
{
    EXPECT_EQ(console->kind(), fs::FileKind::Console);
    EXPECT_TRUE(console->has_read());
    EXPECT_TRUE(console->has_write());
    EXPECT_TRUE(console->is_readable());
    EXPECT_TRUE(console->is_writable());
}

TEST_F(ConsoleFileTest, Write_PassesTheBytesToTheSink)
{
    store(kBuffer, "hello, world\n");
    ASSERT_OK_AND_ASSIGN(usize written, write(kBuffer, 13));
    EXPECT_EQ(written, 13U);
    EXPECT_EQ(sink.output, "hello, world\n");
}

TEST_F(ConsoleFileTest, Write_LongerThanAChunk_GoesInBoundedChunks)
{
    std::string text;
    for (usize i = 0; i < 600; ++i) {
        text.push_back(static_cast<char>('a' + (i % 26)));
    }
    store(kBuffer, text);
    ASSERT_OK_AND_ASSIGN(usize written, write(kBuffer, text.size()));
    EXPECT_EQ(written, text.size());
    EXPECT_EQ(sink.output, text);
    EXPECT_EQ(sink.writes, 3U); // 256 + 256 + 88
}

TEST_F(ConsoleFileTest, Write_FaultingMidway_ReturnsTheChunksWrittenBefore)
{
    // iterate_tty_write: "if (written) ret = written" - the chunk that
    // faults is not written.
    const std::string tail(300, 'x');
    store(kEnd - 300, tail);
    ASSERT_OK_AND_ASSIGN(usize written, write(kEnd - 300, 600));
    EXPECT_EQ(written, fs::ConsoleFile::kChunkSize);
    EXPECT_EQ(sink.output, std::string(fs::ConsoleFile::kChunkSize, 'x'));
}

TEST_F(ConsoleFileTest, Write_FaultingInTheFirstChunk_IsEfaultAndWritesNothing)
{
    EXPECT_EQ(errno_of(write(kBad, 10)), EFAULT);
    EXPECT_EQ(errno_of(write(kEnd - 10, 20)), EFAULT);
    EXPECT_EQ(sink.output, "");
    EXPECT_EQ(sink.writes, 0U);
}

TEST_F(ConsoleFileTest, Write_OfNothing_IsZeroWhateverTheBuffer)
{
    // On the host, a tty write of 0 bytes from an unmapped address is 0.
    ASSERT_OK_AND_ASSIGN(usize written, write(kBad, 0));
    EXPECT_EQ(written, 0U);
    EXPECT_EQ(sink.writes, 0U);
}

TEST_F(ConsoleFileTest, Write_LeavesThePositionAlone)
{
    store(kBuffer, "abc");
    ASSERT_TRUE(write(kBuffer, 3).has_value());
    EXPECT_EQ(position, 0);
}

TEST_F(ConsoleFileTest, Read_WithoutInput_IsEndOfFile)
{
    ASSERT_OK_AND_ASSIGN(usize got, read(kBuffer, 100));
    EXPECT_EQ(got, 0U);
}

TEST_F(ConsoleFileTest, Read_TakesTheInputThereIs)
{
    sink.input = "ls -l\n";
    ASSERT_OK_AND_ASSIGN(usize got, read(kBuffer, 100));
    EXPECT_EQ(got, 6U);
    EXPECT_EQ(load(kBuffer, 6), "ls -l\n");
    EXPECT_EQ(sink.input, "");
    EXPECT_EQ(position, 0);
}

TEST_F(ConsoleFileTest, Read_TakesAtMostCount)
{
    sink.input = std::string(700, 'y');
    ASSERT_OK_AND_ASSIGN(usize got, read(kBuffer, 600));
    EXPECT_EQ(got, 600U);
    EXPECT_EQ(load(kBuffer, 600), std::string(600, 'y'));
    EXPECT_EQ(sink.input.size(), 100U);
}

TEST_F(ConsoleFileTest, Read_IntoABadBuffer_IsEfault)
{
    sink.input = "abc";
    EXPECT_EQ(errno_of(read(kBad, 3)), EFAULT);
}

TEST_F(ConsoleFileTest, Read_FaultingAfterAChunk_ReturnsWhatWasCopied)
{
    sink.input = std::string(600, 'z');
    ASSERT_OK_AND_ASSIGN(usize got, read(kEnd - 300, 600));
    EXPECT_EQ(got, fs::ConsoleFile::kChunkSize);
    EXPECT_EQ(load(kEnd - 300, got), std::string(got, 'z'));
}

TEST_F(ConsoleFileTest, EveryIoctl_IsEnotty)
{
    // Not a terminal until the terminal issue: no termios, no window size,
    // no foreground process group (musl's stdio then buffers stdout fully).
    fs::IoContext io { *kernel, caller(), memory };
    for (const u32 command : { u32 { TCGETS }, u32 { TIOCGWINSZ }, u32 { TIOCGPGRP }, u32 { TIOCSPGRP }, u32 { FIONREAD }, u32 { 0 } }) {
        EXPECT_EQ(errno_of(console->ioctl(io, command, kBuffer)), ENOTTY) << command;
    }
}

} // namespace
} // namespace sirius::testing
