#pragma once

// Terminals as character devices (Linux drivers/tty/tty_io.c tty_open):
// - /dev/tty (5,0): the caller's controlling terminal
//   (tty_open_current_tty), ENXIO for a caller without one;
// - a terminal by its number - /dev/console (5,1) and /dev/ttyS0 (4,64)
//   are the serial console's. A session leader without a controlling
//   terminal that opens a terminal no session has takes it as its own,
//   unless O_NOCTTY, and never through /dev/console (tty_open:
//   "if (device == MKDEV(TTYAUX_MAJOR, 1)) noctty = 1").
#include "core/fs/char_device.h"

namespace sirius::tty {

class Terminal;

class ControllingTerminalDevice final : public fs::CharDevice {
public:
    static constexpr u32 kMajor = 5;
    static constexpr u32 kMinor = 0;
    Result<RefPtr<fs::File>> open(const fs::DeviceOpen& request) override;
};

class TerminalDevice final : public fs::CharDevice {
public:
    // `terminal` lives as long as the device.
    TerminalDevice(Terminal& terminal, bool never_controlling)
        : m_terminal(terminal)
        , m_never_controlling(never_controlling)
    {
    }
    Result<RefPtr<fs::File>> open(const fs::DeviceOpen& request) override;

private:
    Terminal& m_terminal;
    bool m_never_controlling;
};

} // namespace sirius::tty
