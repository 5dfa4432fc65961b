// Terminals as character devices (core/tty/terminal_devices.h), as Linux's
// tty_open has them: /dev/tty is the caller's controlling terminal (tty(4):
// ENXIO without one), a session leader without one that opens a terminal
// no session has takes it unless O_NOCTTY (open(2)), and never through
// /dev/console.
#include <linux/fcntl.h>

#include "core/fs/file.h"
#include "core/proc/kernel.h"
#include "core/proc/set_process_group.h"
#include "core/tty/terminal.h"
#include "core/tty/terminal_devices.h"
#include "platform/host/recording_console.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

class TerminalDevicesTest : public KernelTest {
protected:
    void SetUp() override
    {
        KernelTest::SetUp();
        // init makes a session of its own, as a real init does.
        ASSERT_TRUE(proc::create_session(*kernel, *init).has_value());
        ASSERT_OK_AND_ASSIGN(terminal, try_make_ref<tty::Terminal>(*kernel, sink));
    }
    void TearDown() override
    {
        terminal = nullptr;
        KernelTest::TearDown();
    }
    tty::Terminal* controlling_terminal_of(proc::Thread& thread) { return thread.process().process_group().session().controlling_terminal; }
    Result<RefPtr<fs::File>> open(fs::CharDevice& device, proc::Thread& thread, u32 flags) { return device.open(fs::DeviceOpen { *kernel, &thread, flags }); }

    host::RecordingConsole sink;
    RefPtr<tty::Terminal> terminal;
};

TEST_F(TerminalDevicesTest, Tty_WithoutControllingTerminal_IsEnxio)
{
    tty::ControllingTerminalDevice tty;
    EXPECT_EQ(errno_of(open(tty, *init, O_RDWR)), ENXIO);
}

TEST_F(TerminalDevicesTest, Serial_OpenedBySessionLeader_BecomesItsControllingTerminal)
{
    tty::TerminalDevice serial(*terminal, false);
    ASSERT_OK_AND_ASSIGN(auto file, open(serial, *init, O_RDWR));
    EXPECT_EQ(file->kind(), fs::FileKind::Terminal);
    EXPECT_EQ(controlling_terminal_of(*init), terminal.get());
    // Now /dev/tty is that terminal.
    tty::ControllingTerminalDevice tty;
    ASSERT_OK_AND_ASSIGN(auto own, open(tty, *init, O_RDWR));
    EXPECT_EQ(own->kind(), fs::FileKind::Terminal);
}

// open(2): "O_NOCTTY: If pathname refers to a terminal device, it will not
// become the process's controlling terminal".
TEST_F(TerminalDevicesTest, Serial_WithNoctty_StaysFree)
{
    tty::TerminalDevice serial(*terminal, false);
    ASSERT_OK_AND_ASSIGN(auto file, open(serial, *init, O_RDWR | O_NOCTTY));
    EXPECT_EQ(controlling_terminal_of(*init), nullptr);
}

// tty_open: "if (device == MKDEV(TTYAUX_MAJOR, 1)) noctty = 1".
TEST_F(TerminalDevicesTest, Console_NeverBecomesControllingTerminal)
{
    tty::TerminalDevice console(*terminal, true);
    ASSERT_OK_AND_ASSIGN(auto file, open(console, *init, O_RDWR));
    EXPECT_EQ(file->kind(), fs::FileKind::Terminal);
    EXPECT_EQ(controlling_terminal_of(*init), nullptr);
}

// Only a session leader takes a terminal by opening it.
TEST_F(TerminalDevicesTest, Serial_OpenedByNonLeader_StaysFree)
{
    tty::TerminalDevice serial(*terminal, false);
    ASSERT_OK_AND_ASSIGN(auto file, open(serial, caller(), O_RDWR));
    EXPECT_EQ(terminal->session(), nullptr);
}

} // namespace
} // namespace sirius::testing
