// ioctl(2) as Linux's fs/ioctl.c has it: EBADF, the generic commands every
// file has (FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC), then the file's own,
// ENOTTY without one. Each answer was checked on the host (Linux 6.18).
#include <fcntl.h>
#include <sys/ioctl.h>

#include "core/fs/console_file.h"
#include "platform/host/recording_console.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kInt = KernelTest::kUserData + 0x100;
constexpr u64 kBad = 0xdead0000;

// A file with ioctls of its own: it answers command 0x1234 with the
// argument plus one, and records the last command it saw.
class IoctlFile final : public fs::File {
public:
    IoctlFile()
        : File(O_RDWR)
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Other; }
    Result<i64> ioctl(fs::IoContext&, u32 command, u64 argument) override
    {
        last_command = command;
        if (command != 0x1234) {
            return errno_error(ENOTTY);
        }
        return static_cast<i64>(argument + 1);
    }
    u32 last_command { 0 };
};

class IoctlTest : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        auto console = try_make_ref<fs::ConsoleFile>(sink, O_RDWR);
        ASSERT_TRUE(console.has_value());
        console_fd = install(console.release_value());
    }
    int install(RefPtr<fs::File> file, bool close_on_exec = false)
    {
        auto fd = caller().files->reserve(0, 1024);
        EXPECT_TRUE(fd.has_value());
        caller().files->install(fd.value(), move(file), close_on_exec);
        return fd.value();
    }
    i64 ioctl(int fd, u64 command, u64 argument = 0) { return call(__NR_ioctl, static_cast<u64>(fd), command, argument); }
    RefPtr<fs::File> file_at(int fd) { return caller().files->get(fd); }

    host::RecordingConsole sink;
    int console_fd { -1 };
};

TEST_F(IoctlTest, Ioctl_FdNotOpen_IsEbadf)
{
    EXPECT_EQ(ioctl(77, FIOCLEX), -EBADF);
    EXPECT_EQ(ioctl(-1, FIOCLEX), -EBADF);
    EXPECT_EQ(ioctl(77, TIOCGWINSZ, kInt), -EBADF);
}

TEST_F(IoctlTest, Ioctl_FdIsAnUnsignedInt_UpperHalfIgnored)
{
    EXPECT_EQ(call(__NR_ioctl, (u64 { 1 } << 32) | static_cast<u64>(console_fd), FIOCLEX, 0), 0);
    EXPECT_TRUE(caller().files->close_on_exec(console_fd));
}

TEST_F(IoctlTest, Ioctl_Fioclex_SetsCloseOnExec)
{
    // Host: ioctl(fd, FIOCLEX) is 0 and fcntl(F_GETFD) then FD_CLOEXEC.
    EXPECT_EQ(ioctl(console_fd, FIOCLEX), 0);
    EXPECT_TRUE(caller().files->close_on_exec(console_fd));
    EXPECT_FALSE(caller().files->close_on_exec(0));
}

TEST_F(IoctlTest, Ioctl_Fionclex_ClearsCloseOnExec)
{
    const int fd = install(file_at(console_fd), true);
    EXPECT_EQ(ioctl(fd, FIONCLEX), 0);
    EXPECT_FALSE(caller().files->close_on_exec(fd));
}

TEST_F(IoctlTest, Ioctl_CommandIsAnUnsignedInt_UpperHalfIgnored)
{
    // SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, ...) (host:
    // (1 << 32) | FIOCLEX is FIOCLEX).
    EXPECT_EQ(ioctl(console_fd, (u64 { 1 } << 32) | FIOCLEX), 0);
    EXPECT_TRUE(caller().files->close_on_exec(console_fd));
}

TEST_F(IoctlTest, Ioctl_GenericCommandsWorkOnAnyFile)
{
    // do_vfs_ioctl runs before the file is asked: a pidfd takes FIOCLEX.
    const i64 pidfd = call(__NR_pidfd_open, tgid_of(caller()), 0);
    ASSERT_GE(pidfd, 0);
    EXPECT_EQ(ioctl(static_cast<int>(pidfd), FIONCLEX), 0);
    EXPECT_FALSE(caller().files->close_on_exec(static_cast<int>(pidfd)));
}

TEST_F(IoctlTest, Ioctl_Fionbio_SetsAndClearsNonblocking)
{
    // ioctl_fionbio: the int at the argument turns O_NONBLOCK on or off;
    // the access mode stays.
    poke(kInt, 1);
    EXPECT_EQ(ioctl(console_fd, FIONBIO, kInt), 0);
    EXPECT_EQ(file_at(console_fd)->status_flags(), static_cast<u32>(O_RDWR | O_NONBLOCK));
    poke(kInt, 0);
    EXPECT_EQ(ioctl(console_fd, FIONBIO, kInt), 0);
    EXPECT_EQ(file_at(console_fd)->status_flags(), static_cast<u32>(O_RDWR));
}

TEST_F(IoctlTest, Ioctl_FionbioBadPointer_IsEfault)
{
    EXPECT_EQ(ioctl(console_fd, FIONBIO, kBad), -EFAULT);
    EXPECT_EQ(file_at(console_fd)->status_flags(), static_cast<u32>(O_RDWR));
}

TEST_F(IoctlTest, Ioctl_FioasyncOnAFileWithoutFasync_IsEnottyToTurnOn)
{
    // ioctl_fioasync: "if (filp->f_op->fasync) ... else error = -ENOTTY;"
    // only when the state changes (host, on a pidfd: on ENOTTY, off 0).
    poke(kInt, 1);
    EXPECT_EQ(ioctl(console_fd, FIOASYNC, kInt), -ENOTTY);
    poke(kInt, 0);
    EXPECT_EQ(ioctl(console_fd, FIOASYNC, kInt), 0);
    EXPECT_EQ(ioctl(console_fd, FIOASYNC, kBad), -EFAULT);
    EXPECT_EQ(file_at(console_fd)->status_flags(), static_cast<u32>(O_RDWR));
}

TEST_F(IoctlTest, Ioctl_OtherCommandsOnTheConsole_AreEnotty)
{
    // The console is not a terminal (yet): no window size, no termios, no
    // foreground group (host: TIOCGWINSZ on a non-tty is ENOTTY).
    EXPECT_EQ(ioctl(console_fd, TIOCGWINSZ, kInt), -ENOTTY);
    EXPECT_EQ(ioctl(console_fd, TCGETS, kInt), -ENOTTY);
    EXPECT_EQ(ioctl(console_fd, TIOCGPGRP, kInt), -ENOTTY);
    EXPECT_EQ(ioctl(console_fd, FIONREAD, kInt), -ENOTTY);
    EXPECT_EQ(ioctl(console_fd, 0, kInt), -ENOTTY);
}

TEST_F(IoctlTest, Ioctl_FileWithoutIoctls_IsEnotty)
{
    // vfs_ioctl without unlocked_ioctl (host: a pidfd's FIONREAD is ENOTTY).
    const i64 pidfd = call(__NR_pidfd_open, tgid_of(caller()), 0);
    ASSERT_GE(pidfd, 0);
    EXPECT_EQ(ioctl(static_cast<int>(pidfd), FIONREAD, kInt), -ENOTTY);
    EXPECT_EQ(ioctl(0, TIOCGWINSZ, kInt), -ENOTTY); // the fixture's plain stdin
}

TEST_F(IoctlTest, Ioctl_FileCommand_ReachesTheFileWithItsArgument)
{
    auto file = try_make_ref<IoctlFile>();
    ASSERT_TRUE(file.has_value());
    RefPtr<IoctlFile> ioctl_file = file.release_value();
    const int fd = install(ioctl_file);
    EXPECT_EQ(ioctl(fd, 0x1234, 41), 42);
    EXPECT_EQ(ioctl(fd, 0x4321, 0), -ENOTTY);
    EXPECT_EQ(ioctl_file->last_command, 0x4321U);
    // The generic ones never reach it.
    EXPECT_EQ(ioctl(fd, FIOCLEX), 0);
    EXPECT_EQ(ioctl_file->last_command, 0x4321U);
}

} // namespace
} // namespace sirius::testing
