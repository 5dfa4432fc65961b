// The terminal as a file: blocking reads and their VMIN/VTIME rules,
// writes through output processing, the job-control checks of
// tty_jobctrl.c, and the ioctls of ioctl_tty(2) with Linux's errnos. The
// errnos of a terminal that is not the caller's controlling terminal were
// checked on the host's Linux through a pty.
#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <signal.h>
#include <string>
#include <sys/epoll.h>

#include "core/proc/kernel.h"
#include "core/proc/set_process_group.h"
#include "core/signal/signal_actions.h"
#include "core/fs/poll_table.h"
#include "core/tty/controlling_terminal.h"
#include "core/tty/terminal_file.h"
#include "platform/host/fake_address_space.h"
#include "platform/host/recording_console.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::_;

constexpr u64 kBuffer = 0x10000;
constexpr u64 kArgument = 0x11000;
constexpr u64 kMapped = 2 * 4096;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kHandler = 0x12000; // a signal handler's address

class TerminalTest : public KernelTest {
protected:
    void SetUp() override
    {
        KernelTest::SetUp();
        // init starts in session 0, as Linux's; like a real init it makes
        // a session of its own, and the caller, its child, joins its group
        // (as if forked after the setsid).
        ASSERT_TRUE(proc::create_session(*kernel, *init).has_value());
        caller().process().set_process_group(init->process().process_group_ref());
        ASSERT_TRUE(memory.map(UserAddress(kBuffer), kMapped, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private).has_value());
        ASSERT_OK_AND_ASSIGN(terminal, try_make_ref<tty::Terminal>(*kernel, sink));
        ASSERT_OK_AND_ASSIGN(file, try_make_ref<tty::TerminalFile>(terminal, O_RDWR));
    }
    void TearDown() override
    {
        file = nullptr;
        terminal = nullptr;
        KernelTest::TearDown();
    }

    fs::IoContext io_of(proc::Thread& thread) { return fs::IoContext { *kernel, thread, memory }; }
    Result<usize> read(usize count, proc::Thread* thread = nullptr)
    {
        fs::IoContext io = io_of(thread != nullptr ? *thread : caller());
        return file->read(io, UserAddress(kBuffer), count, position);
    }
    Result<usize> write(const std::string& bytes, proc::Thread* thread = nullptr)
    {
        EXPECT_TRUE(memory.copy_to_user(UserAddress(kBuffer), bytes.data(), bytes.size()).has_value());
        fs::IoContext io = io_of(thread != nullptr ? *thread : caller());
        return file->write(io, UserAddress(kBuffer), bytes.size(), position);
    }
    std::string load(usize size)
    {
        std::string bytes(size, '\0');
        EXPECT_TRUE(memory.copy_from_user(bytes.data(), UserAddress(kBuffer), size).has_value());
        return bytes;
    }
    Result<i64> ioctl(u32 command, u64 argument, proc::Thread* thread = nullptr)
    {
        fs::IoContext io = io_of(thread != nullptr ? *thread : caller());
        return file->ioctl(io, command, argument);
    }
    template<typename T>
    void store(const T& value)
    {
        ASSERT_TRUE(memory.copy_to_user(UserAddress(kArgument), &value, sizeof(value)).has_value());
    }
    template<typename T>
    T fetch()
    {
        T value {};
        EXPECT_TRUE(memory.copy_from_user(&value, UserAddress(kArgument), sizeof(value)).has_value());
        return value;
    }
    i32 number_of(const proc::Thread& thread) { return static_cast<i32>(thread.process().pid().nr_in(thread.active_pid_namespace())); }

    // init (the session leader) takes the terminal as the controlling
    // terminal of its session, which the caller is in; init's group, the
    // caller's too, is in the foreground.
    void make_controlling()
    {
        fs::IoContext io = io_of(*init);
        ASSERT_TRUE(file->ioctl(io, TIOCSCTTY, 0).has_value());
    }
    // setpgid(0, 0) for `thread`.
    void new_group(proc::Thread& thread)
    {
        proc::Process& process = thread.process();
        ASSERT_OK_AND_ASSIGN(auto group, proc::ProcessGroup::create(process.pid_ref(), process.process_group().session_ref()));
        process.set_process_group(move(group));
    }
    // setsid() for `thread`.
    void new_session(proc::Thread& thread)
    {
        proc::Process& process = thread.process();
        ASSERT_OK_AND_ASSIGN(auto session, proc::Session::create(process.pid_ref()));
        ASSERT_OK_AND_ASSIGN(auto group, proc::ProcessGroup::create(process.pid_ref(), session));
        process.set_process_group(move(group));
    }
    // A background job: a child of the caller in a group of its own, which
    // is not orphaned (its parent is in another group of the session).
    proc::Thread& background_job()
    {
        proc::Thread* child = fork_from(caller());
        EXPECT_NE(child, nullptr);
        new_group(*child);
        return *child;
    }
    void set_termios(const tty::Termios& settings) { terminal->line_discipline().set_settings(settings); }
    bool has_pending(const proc::Thread& thread, int signal) { return thread.process().shared_pending().set().contains(signal); }

    host::FakeAddressSpace memory;
    host::RecordingConsole sink;
    RefPtr<tty::Terminal> terminal;
    RefPtr<tty::TerminalFile> file;
    i64 position { 0 };
};

TEST_F(TerminalTest, Terminal_IsACharacterDeviceThatReadsAndWrites)
{
    EXPECT_EQ(file->kind(), fs::FileKind::Terminal);
    EXPECT_TRUE(file->has_read());
    EXPECT_TRUE(file->has_write());
}

TEST_F(TerminalTest, Read_Canonical_GetsOneLineOfTheDevicesInput)
{
    sink.input = "first\nsecond\n";
    ASSERT_OK_AND_ASSIGN(usize got, read(100));
    EXPECT_EQ(load(got), "first\n");
    ASSERT_OK_AND_ASSIGN(got, read(100));
    EXPECT_EQ(load(got), "second\n");
    // The echo went to the device, through ONLCR.
    EXPECT_EQ(sink.output, "first\r\nsecond\r\n");
    EXPECT_EQ(position, 0);
}

TEST_F(TerminalTest, Read_WithoutInput_BlocksInterruptiblyUntilALineArrives)
{
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue& queue, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_EQ(&queue, &terminal->readers());
            EXPECT_FALSE(ready());
            // The interrupt handler: bytes reach the device.
            sink.input = "ab";
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        })
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            // A partial line is not enough.
            EXPECT_FALSE(ready());
            sink.input = "c\n";
            return hal::WakeReason::Woken;
        });
    ASSERT_OK_AND_ASSIGN(usize got, read(100));
    EXPECT_EQ(load(got), "abc\n");
}

TEST_F(TerminalTest, Read_O_NONBLOCK_WithoutInput_IsEAGAIN)
{
    file->set_status_flags(O_RDWR | O_NONBLOCK);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(errno_of(read(10)), EAGAIN);
}

TEST_F(TerminalTest, Read_ASignalWhileWaiting_IsERESTARTSYS)
{
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    EXPECT_EQ(errno_of(read(10)), ERESTARTSYS);
}

TEST_F(TerminalTest, Read_VEOFOnAnEmptyLine_ReturnsZero)
{
    sink.input = "\x04";
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(got, 0U);
}

TEST_F(TerminalTest, Read_AFaultingBuffer_IsEFAULT)
{
    sink.input = "x\n";
    fs::IoContext io = io_of(caller());
    EXPECT_EQ(errno_of(file->read(io, UserAddress(kBad), 10, position)), EFAULT);
}

class NonCanonicalTest : public TerminalTest {
protected:
    void raw(u8 vmin, u8 vtime)
    {
        tty::Termios settings = terminal->line_discipline().settings();
        settings.c_lflag &= ~tcflag_t { ICANON | ECHO };
        settings.c_cc[VMIN] = vmin;
        settings.c_cc[VTIME] = vtime;
        set_termios(settings);
    }
};

TEST_F(NonCanonicalTest, VMIN0_VTIME0_ReturnsWhatThereIsWithoutWaiting)
{
    raw(0, 0);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(got, 0U);
    sink.input = "xy";
    ASSERT_OK_AND_ASSIGN(got, read(10));
    EXPECT_EQ(load(got), "xy");
}

TEST_F(NonCanonicalTest, VMIN0_VTIME0_WithO_NONBLOCK_IsStillZeroNotEAGAIN)
{
    // n_tty_read: "if (!timeout) break;" comes before the O_NONBLOCK test.
    raw(0, 0);
    file->set_status_flags(O_RDWR | O_NONBLOCK);
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(got, 0U);
}

TEST_F(NonCanonicalTest, VMIN0_VTIMEPositive_WaitsThatLongForOneByteThenReturnsZero)
{
    raw(0, 5);
    const hal::Nanoseconds before = clock.monotonic_now();
    EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds deadline) {
            EXPECT_GE(deadline, before + 500'000'000);
            EXPECT_LE(deadline, clock.monotonic_now() + 500'000'000);
            return hal::WakeReason::TimedOut;
        });
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(got, 0U);
}

TEST_F(NonCanonicalTest, VMIN0_VTIMEPositive_OneByteEndsTheRead)
{
    raw(0, 5);
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
        sink.input = "k";
        return hal::WakeReason::Woken;
    });
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(load(got), "k");
}

TEST_F(NonCanonicalTest, VMINPositive_VTIME0_WaitsWithoutATimerForVMINBytes)
{
    raw(3, 0);
    sink.input = "a";
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
            sink.input = "b";
            return hal::WakeReason::Woken;
        })
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
            sink.input = "cd";
            return hal::WakeReason::Woken;
        });
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(load(got), "abcd");
}

TEST_F(NonCanonicalTest, VMINPositive_ASignalAfterSomeBytes_ReturnsThem)
{
    raw(3, 0);
    sink.input = "a";
    EXPECT_CALL(scheduler, wait_until(_, _, _)).WillOnce(::testing::Return(hal::WakeReason::Interrupted));
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(load(got), "a");
}

TEST_F(NonCanonicalTest, VMINPositive_VTIMEPositive_TheTimerStartsAfterTheFirstByte)
{
    raw(5, 2);
    // No byte yet: no timer.
    EXPECT_CALL(scheduler, wait_until(_, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        sink.input = "ab";
        return hal::WakeReason::Woken;
    });
    // Then the inter-byte timer (2 tenths), which expires.
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds deadline) {
        EXPECT_LE(deadline, clock.monotonic_now() + 200'000'000);
        EXPECT_GT(deadline, clock.monotonic_now());
        return hal::WakeReason::TimedOut;
    });
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(load(got), "ab");
}

TEST_F(TerminalTest, Write_GoesThroughOutputProcessing)
{
    ASSERT_OK_AND_ASSIGN(usize written, write("one\ntwo\n"));
    EXPECT_EQ(written, 8U);
    EXPECT_EQ(sink.output, "one\r\ntwo\r\n");
}

TEST_F(TerminalTest, Write_AFaultingBuffer_IsEFAULT)
{
    fs::IoContext io = io_of(caller());
    EXPECT_EQ(errno_of(file->write(io, UserAddress(kBad), 10, position)), EFAULT);
}

TEST_F(TerminalTest, ISIG_VINTR_SendsSIGINTToTheForegroundGroup)
{
    make_controlling();
    proc::Thread& job = background_job();
    store<i32>(number_of(job));
    ASSERT_TRUE(ioctl(TIOCSPGRP, kArgument, init).has_value());
    terminal->receive(reinterpret_cast<const u8*>("\x03"), 1);
    EXPECT_TRUE(has_pending(job, SIGINT));
    EXPECT_FALSE(has_pending(caller(), SIGINT));
    EXPECT_EQ(sink.output, "^C");
}

TEST_F(TerminalTest, ISIG_WithoutAForegroundGroup_SignalsNobody)
{
    terminal->receive(reinterpret_cast<const u8*>("\x03"), 1);
    EXPECT_FALSE(has_pending(caller(), SIGINT));
}

TEST_F(TerminalTest, JobControl_ABackgroundRead_SendsSIGTTINToItsGroupAndRestarts)
{
    make_controlling();
    proc::Thread& job = background_job();
    sink.input = "x\n";
    EXPECT_EQ(errno_of(read(10, &job)), ERESTARTSYS);
    EXPECT_TRUE(has_pending(job, SIGTTIN));
    // The input stays for the foreground.
    ASSERT_OK_AND_ASSIGN(usize got, read(10));
    EXPECT_EQ(load(got), "x\n");
}

TEST_F(TerminalTest, JobControl_ABackgroundReadWithSIGTTINIgnored_IsEIO)
{
    make_controlling();
    proc::Thread& job = background_job();
    job.signal_actions->action(SIGTTIN).handler = signal::kSigIgnore;
    EXPECT_EQ(errno_of(read(10, &job)), EIO);
    EXPECT_FALSE(has_pending(job, SIGTTIN));
}

TEST_F(TerminalTest, JobControl_ABackgroundReadWithSIGTTINBlocked_IsEIO)
{
    make_controlling();
    proc::Thread& job = background_job();
    job.blocked.add(SIGTTIN);
    EXPECT_EQ(errno_of(read(10, &job)), EIO);
}

TEST_F(TerminalTest, JobControl_ABackgroundReadFromAnOrphanedGroup_IsEIO)
{
    make_controlling();
    // The caller's parent is init, whose children do not keep a group
    // attached (will_become_orphaned_pgrp): alone in a group, it is orphaned.
    new_group(caller());
    EXPECT_EQ(errno_of(read(10)), EIO);
    EXPECT_FALSE(has_pending(caller(), SIGTTIN));
}

TEST_F(TerminalTest, JobControl_AReadFromATerminalThatIsNotTheControllingOne_IsNotChecked)
{
    proc::Thread& job = background_job();
    sink.input = "x\n";
    ASSERT_OK_AND_ASSIGN(usize got, read(10, &job));
    EXPECT_EQ(got, 2U);
}

TEST_F(TerminalTest, JobControl_ABackgroundWriteWithoutTOSTOP_GoesOut)
{
    make_controlling();
    proc::Thread& job = background_job();
    ASSERT_OK_AND_ASSIGN(usize written, write("bg", &job));
    EXPECT_EQ(written, 2U);
    EXPECT_FALSE(has_pending(job, SIGTTOU));
}

TEST_F(TerminalTest, JobControl_TOSTOP_ABackgroundWrite_SendsSIGTTOU)
{
    make_controlling();
    tty::Termios settings = terminal->line_discipline().settings();
    settings.c_lflag |= TOSTOP;
    set_termios(settings);
    proc::Thread& job = background_job();
    EXPECT_EQ(errno_of(write("bg", &job)), ERESTARTSYS);
    EXPECT_TRUE(has_pending(job, SIGTTOU));
    EXPECT_EQ(sink.output, "");
}

TEST_F(TerminalTest, JobControl_TOSTOP_WithSIGTTOUIgnored_TheWriteGoesOut)
{
    make_controlling();
    tty::Termios settings = terminal->line_discipline().settings();
    settings.c_lflag |= TOSTOP;
    set_termios(settings);
    proc::Thread& job = background_job();
    job.signal_actions->action(SIGTTOU).handler = signal::kSigIgnore;
    ASSERT_OK_AND_ASSIGN(usize written, write("bg", &job));
    EXPECT_EQ(written, 2U);
}

TEST_F(TerminalTest, TCGETS_ReadsTheSettingsAsTheOldStructTermios)
{
    ASSERT_TRUE(ioctl(TCGETS, kArgument).has_value());
    const auto got = fetch<termios>();
    EXPECT_EQ(got.c_lflag, tty::default_termios().c_lflag);
    EXPECT_EQ(got.c_cc[VINTR], 3);
}

TEST_F(TerminalTest, TCGETS2_HasTheSpeeds)
{
    ASSERT_TRUE(ioctl(TCGETS2, kArgument).has_value());
    EXPECT_EQ(fetch<termios2>().c_ospeed, 38400U);
}

TEST_F(TerminalTest, TCSETS_ChangesTheSettingsAndTheSpeedsFollowCBAUD)
{
    termios next {};
    const tty::Termios defaults = tty::default_termios();
    __builtin_memcpy(&next, &defaults, sizeof(next));
    next.c_lflag &= ~tcflag_t { ECHO };
    next.c_cflag = (next.c_cflag & ~tcflag_t { CBAUD }) | B9600;
    store(next);
    ASSERT_TRUE(ioctl(TCSETS, kArgument).has_value());
    EXPECT_EQ(terminal->line_discipline().settings().c_lflag & ECHO, 0U);
    EXPECT_EQ(terminal->line_discipline().settings().c_ospeed, 9600U);
    EXPECT_EQ(terminal->line_discipline().settings().c_ispeed, 9600U);
}

TEST_F(TerminalTest, TCSETSF_DiscardsPendingInput)
{
    terminal->receive(reinterpret_cast<const u8*>("abc\n"), 4);
    store(tty::default_termios());
    ASSERT_TRUE(ioctl(TCSETSF2, kArgument).has_value());
    EXPECT_EQ(terminal->line_discipline().buffered(), 0U);
}

TEST_F(TerminalTest, TCSETSW_KeepsPendingInput)
{
    terminal->receive(reinterpret_cast<const u8*>("abc\n"), 4);
    termios next {};
    const tty::Termios defaults = tty::default_termios();
    __builtin_memcpy(&next, &defaults, sizeof(next));
    store(next);
    ASSERT_TRUE(ioctl(TCSETSW, kArgument).has_value());
    EXPECT_EQ(terminal->line_discipline().buffered(), 4U);
}

TEST_F(TerminalTest, TCSETS_ABadPointer_IsEFAULTAndChangesNothing)
{
    EXPECT_EQ(errno_of(ioctl(TCSETS, kBad)), EFAULT);
    EXPECT_EQ(terminal->line_discipline().settings().c_lflag, tty::default_termios().c_lflag);
}

TEST_F(TerminalTest, TCSETS_FromABackgroundGroup_SendsSIGTTOU)
{
    make_controlling();
    proc::Thread& job = background_job();
    store(tty::default_termios());
    EXPECT_EQ(errno_of(ioctl(TCSETS, kArgument, &job)), ERESTARTSYS);
    EXPECT_TRUE(has_pending(job, SIGTTOU));
}

TEST_F(TerminalTest, TIOCSWINSZ_AChangeSendsSIGWINCHToTheForegroundGroup)
{
    make_controlling();
    proc::Thread& job = background_job();
    // SIGWINCH is ignored by default, and so dropped unless caught.
    job.signal_actions->action(SIGWINCH).handler = kHandler;
    store<i32>(number_of(job));
    ASSERT_TRUE(ioctl(TIOCSPGRP, kArgument, init).has_value());
    store(winsize { 24, 80, 0, 0 });
    ASSERT_TRUE(ioctl(TIOCSWINSZ, kArgument).has_value());
    EXPECT_TRUE(has_pending(job, SIGWINCH));
    job.process().shared_pending().clear();
    // The same size again: no signal.
    ASSERT_TRUE(ioctl(TIOCSWINSZ, kArgument).has_value());
    EXPECT_FALSE(has_pending(job, SIGWINCH));
    store(winsize {});
    ASSERT_TRUE(ioctl(TIOCGWINSZ, kArgument).has_value());
    EXPECT_EQ(fetch<winsize>().ws_col, 80);
}

TEST_F(TerminalTest, TIOCGWINSZ_ABadPointer_IsEFAULT)
{
    EXPECT_EQ(errno_of(ioctl(TIOCGWINSZ, kBad)), EFAULT);
}

TEST_F(TerminalTest, TIOCGPGRP_NotTheControllingTerminal_IsENOTTY)
{
    EXPECT_EQ(errno_of(ioctl(TIOCGPGRP, kArgument)), ENOTTY);
}

TEST_F(TerminalTest, TIOCGPGRP_GivesTheForegroundGroup)
{
    make_controlling();
    ASSERT_TRUE(ioctl(TIOCGPGRP, kArgument).has_value());
    EXPECT_EQ(fetch<i32>(), 1);
}

TEST_F(TerminalTest, TIOCSPGRP_ANegativeGroup_IsEINVALEvenWithoutAControllingTerminal)
{
    // Host pty: tiocspgrp checks the number before the terminal.
    store<i32>(-1);
    EXPECT_EQ(errno_of(ioctl(TIOCSPGRP, kArgument)), EINVAL);
}

TEST_F(TerminalTest, TIOCSPGRP_NotTheControllingTerminal_IsENOTTY)
{
    store<i32>(1);
    EXPECT_EQ(errno_of(ioctl(TIOCSPGRP, kArgument)), ENOTTY);
}

TEST_F(TerminalTest, TIOCSPGRP_ANumberNothingHas_IsESRCH)
{
    make_controlling();
    store<i32>(4000);
    EXPECT_EQ(errno_of(ioctl(TIOCSPGRP, kArgument)), ESRCH);
}

TEST_F(TerminalTest, TIOCSPGRP_AGroupOfAnotherSession_IsEPERM)
{
    make_controlling();
    proc::Thread* other = fork_from(caller());
    ASSERT_NE(other, nullptr);
    new_session(*other);
    store<i32>(number_of(*other));
    EXPECT_EQ(errno_of(ioctl(TIOCSPGRP, kArgument)), EPERM);
    EXPECT_EQ(terminal->foreground_group(), &init->process().process_group().pid());
}

TEST_F(TerminalTest, TIOCSPGRP_ABadPointer_IsEFAULT)
{
    make_controlling();
    EXPECT_EQ(errno_of(ioctl(TIOCSPGRP, kBad)), EFAULT);
}

TEST_F(TerminalTest, TIOCSPGRP_FromTheBackgroundWithSIGTTOUIgnored_Succeeds)
{
    // What a shell does to take the terminal back.
    make_controlling();
    proc::Thread& job = background_job();
    job.signal_actions->action(SIGTTOU).handler = signal::kSigIgnore;
    store<i32>(number_of(job));
    ASSERT_TRUE(ioctl(TIOCSPGRP, kArgument, &job).has_value());
    EXPECT_EQ(terminal->foreground_group(), &job.process().process_group().pid());
}

TEST_F(TerminalTest, TIOCSPGRP_FromAnOrphanedBackgroundGroup_IsENOTTY)
{
    // tiocspgrp: "if (retval == -EIO) return -ENOTTY".
    make_controlling();
    new_group(caller());
    store<i32>(1);
    EXPECT_EQ(errno_of(ioctl(TIOCSPGRP, kArgument)), ENOTTY);
}

TEST_F(TerminalTest, TIOCSCTTY_NotASessionLeader_IsEPERM)
{
    EXPECT_EQ(errno_of(ioctl(TIOCSCTTY, 0)), EPERM);
    EXPECT_EQ(terminal->session(), nullptr);
}

TEST_F(TerminalTest, TIOCSCTTY_TheSessionLeaderAcquiresItWithItsGroupInTheForeground)
{
    make_controlling();
    EXPECT_EQ(terminal->session(), &init->process().pid());
    EXPECT_EQ(terminal->foreground_group(), &init->process().process_group().pid());
    EXPECT_EQ(init->process().process_group().session().controlling_terminal, terminal.get());
    // Again: already its own, success.
    EXPECT_TRUE(ioctl(TIOCSCTTY, 0, init).has_value());
}

TEST_F(TerminalTest, TIOCSCTTY_ATerminalOfAnotherSession_IsEPERM)
{
    make_controlling();
    new_session(caller());
    EXPECT_EQ(errno_of(ioctl(TIOCSCTTY, 0)), EPERM);
}

TEST_F(TerminalTest, TIOCSCTTY_StealWithCAP_SYS_ADMIN_TakesItFromTheOtherSession)
{
    make_controlling();
    new_session(caller());
    ASSERT_TRUE(ioctl(TIOCSCTTY, 1).has_value());
    EXPECT_EQ(terminal->session(), &caller().process().pid());
    EXPECT_EQ(init->process().process_group().session().controlling_terminal, nullptr);
}

TEST_F(TerminalTest, TIOCSCTTY_StealWithoutCAP_SYS_ADMIN_IsEPERM)
{
    make_controlling();
    new_session(caller());
    become_user(1000);
    EXPECT_EQ(errno_of(ioctl(TIOCSCTTY, 1)), EPERM);
}

TEST_F(TerminalTest, TIOCSCTTY_ASessionThatHasOneAlready_IsEPERM)
{
    make_controlling();
    ASSERT_OK_AND_ASSIGN(auto other_terminal, try_make_ref<tty::Terminal>(*kernel, sink));
    ASSERT_OK_AND_ASSIGN(auto other_file, try_make_ref<tty::TerminalFile>(other_terminal, O_RDWR));
    fs::IoContext io = io_of(*init);
    EXPECT_EQ(errno_of(other_file->ioctl(io, TIOCSCTTY, 0)), EPERM);
}

TEST_F(TerminalTest, TIOCGSID_GivesTheSessionOfTheControllingTerminal)
{
    EXPECT_EQ(errno_of(ioctl(TIOCGSID, kArgument)), ENOTTY);
    make_controlling();
    ASSERT_TRUE(ioctl(TIOCGSID, kArgument).has_value());
    EXPECT_EQ(fetch<i32>(), 1);
}

TEST_F(TerminalTest, TIOCNOTTY_NotTheControllingTerminal_IsENOTTY)
{
    EXPECT_EQ(errno_of(ioctl(TIOCNOTTY, 0)), ENOTTY);
}

TEST_F(TerminalTest, TIOCNOTTY_TheSessionLeader_GivesItUpAndTheForegroundGetsSIGHUPAndSIGCONT)
{
    make_controlling();
    proc::Thread& job = background_job();
    // Caught: an uncaught SIGHUP would kill the group at once
    // (complete_signal) and the SIGCONT after it would be dropped.
    job.signal_actions->action(SIGHUP).handler = kHandler;
    job.signal_actions->action(SIGCONT).handler = kHandler;
    store<i32>(number_of(job));
    ASSERT_TRUE(ioctl(TIOCSPGRP, kArgument, init).has_value());
    ASSERT_TRUE(ioctl(TIOCNOTTY, 0, init).has_value());
    EXPECT_TRUE(has_pending(job, SIGHUP));
    EXPECT_TRUE(has_pending(job, SIGCONT));
    EXPECT_EQ(terminal->session(), nullptr);
    EXPECT_EQ(init->process().process_group().session().controlling_terminal, nullptr);
}

TEST_F(TerminalTest, DisassociateOnExit_SendsSIGHUPOnly)
{
    make_controlling();
    proc::Thread& job = background_job();
    store<i32>(number_of(job));
    ASSERT_TRUE(ioctl(TIOCSPGRP, kArgument, init).has_value());
    tty::disassociate_controlling_terminal(*kernel, init->process().process_group().session(), true);
    EXPECT_TRUE(has_pending(job, SIGHUP));
    EXPECT_FALSE(has_pending(job, SIGCONT));
}

TEST_F(TerminalTest, FIONREAD_CountsReadableBytes)
{
    terminal->receive(reinterpret_cast<const u8*>("ab\ncd"), 5);
    ASSERT_TRUE(ioctl(FIONREAD, kArgument).has_value());
    EXPECT_EQ(fetch<i32>(), 3);
}

TEST_F(TerminalTest, TIOCOUTQ_IsZero_OutputIsSentAsItIsWritten)
{
    store<i32>(7);
    ASSERT_TRUE(ioctl(TIOCOUTQ, kArgument).has_value());
    EXPECT_EQ(fetch<i32>(), 0);
}

TEST_F(TerminalTest, TCFLSH_TCIFLUSH_DiscardsInput_AndAnUnknownQueueIsEINVAL)
{
    terminal->receive(reinterpret_cast<const u8*>("ab\n"), 3);
    EXPECT_EQ(errno_of(ioctl(TCFLSH, 7)), EINVAL);
    EXPECT_EQ(terminal->line_discipline().buffered(), 3U);
    ASSERT_TRUE(ioctl(TCFLSH, TCIFLUSH).has_value());
    EXPECT_EQ(terminal->line_discipline().buffered(), 0U);
}

TEST_F(TerminalTest, TCXONC_AnUnknownActionIsEINVAL)
{
    EXPECT_EQ(errno_of(ioctl(TCXONC, 7)), EINVAL);
    EXPECT_TRUE(ioctl(TCXONC, TCOON).has_value());
}

TEST_F(TerminalTest, TCSBRK_IsAccepted)
{
    EXPECT_TRUE(ioctl(TCSBRK, 0).has_value());
}

TEST_F(TerminalTest, UnknownCommand_IsENOTTY)
{
    EXPECT_EQ(errno_of(ioctl(0x5401 + 0x100, 0)), ENOTTY);
}

} // namespace
} // namespace sirius::testing

namespace sirius::testing {
namespace {

// --- poll(2) on a terminal (n_tty_poll) ---

TEST_F(TerminalTest, Poll_Canonical_ReadableOnlyOnceALineIsComplete)
{
    // input_available_p: in canonical mode a read needs a whole line; the
    // device's bytes are taken in first (tty_buffer_flush_work).
    EXPECT_EQ(file->poll(nullptr), u32 { EPOLLOUT | EPOLLWRNORM });
    sink.input = "partial";
    EXPECT_EQ(file->poll(nullptr) & EPOLLIN, 0U);
    sink.input = " line\n";
    EXPECT_EQ(file->poll(nullptr), u32 { EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM });
}

TEST_F(TerminalTest, Poll_NamesTheReadersQueue)
{
    // The queue the receive interrupt wakes is the one poll waits on.
    fs::PollTable table(scheduler, caller());
    EXPECT_CALL(scheduler, add_waiter(::testing::Ref(terminal->readers()), _));
    (void)file->poll(&table);
}

TEST_F(NonCanonicalTest, Poll_VMINWithoutVTIME_WaitsForVMINBytes)
{
    // "int amt = poll && !TIME_CHAR(tty) && MIN_CHAR(tty) ? MIN_CHAR(tty)
    // : 1;"
    raw(3, 0);
    sink.input = "ab";
    EXPECT_EQ(file->poll(nullptr) & EPOLLIN, 0U);
    sink.input = "c";
    EXPECT_NE(file->poll(nullptr) & EPOLLIN, 0U);
}

TEST_F(NonCanonicalTest, Poll_VMINWithVTIME_IsReadableFromOneByte)
{
    raw(3, 5);
    sink.input = "a";
    EXPECT_NE(file->poll(nullptr) & EPOLLIN, 0U);
}

} // namespace
} // namespace sirius::testing

namespace sirius::testing {
namespace {

TEST_F(TerminalTest, SessionLeaderExit_HangsUpTheForegroundGroupAndFreesTheTerminal)
{
    // do_exit: "if (group_dead) disassociate_ctty(1);" - the foreground
    // group gets SIGHUP, and the terminal no longer belongs to the session.
    proc::Thread* leader = fork_from(caller());
    ASSERT_NE(leader, nullptr);
    new_session(*leader);
    fs::IoContext io = io_of(*leader);
    ASSERT_TRUE(file->ioctl(io, TIOCSCTTY, 0).has_value());
    proc::Thread* member = fork_from(*leader);
    ASSERT_NE(member, nullptr);
    member->signal_actions->action(SIGHUP).handler = kHandler;
    kernel->exit_thread(*leader, 0);
    EXPECT_TRUE(has_pending(*member, SIGHUP));
    EXPECT_FALSE(has_pending(*member, SIGCONT));
    EXPECT_EQ(terminal->session(), nullptr);
    EXPECT_EQ(terminal->foreground_group(), nullptr);
}

TEST_F(TerminalTest, ExitOfAMemberThatDoesNotLeadTheSession_KeepsTheTerminal)
{
    make_controlling();
    proc::Thread* member = fork_from(caller());
    ASSERT_NE(member, nullptr);
    kernel->exit_thread(*member, 0);
    EXPECT_NE(terminal->session(), nullptr);
}

} // namespace
} // namespace sirius::testing

namespace sirius::testing {
namespace {

TEST_F(NonCanonicalTest, Poll_AfterEveryByteIsRead_IsNotReadable)
{
    // Raw mode as an editor sets it (VMIN 1, VTIME 0): readable while a
    // byte waits, and not once the last was read.
    raw(1, 0);
    sink.input = "ab";
    EXPECT_NE(file->poll(nullptr) & EPOLLIN, 0U);
    ASSERT_OK_AND_ASSIGN(usize got, read(1));
    EXPECT_EQ(got, 1U);
    EXPECT_NE(file->poll(nullptr) & EPOLLIN, 0U);
    ASSERT_OK_AND_ASSIGN(got, read(1));
    EXPECT_EQ(got, 1U);
    EXPECT_EQ(file->poll(nullptr) & EPOLLIN, 0U);
}

} // namespace
} // namespace sirius::testing
