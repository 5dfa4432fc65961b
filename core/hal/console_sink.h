#pragma once

// ConsoleSink: the console as the platform provides it (a serial port on a
// PC, a recording buffer in the host tests). core/fs/console_file.h turns
// it into the file behind init's stdin, stdout and stderr, and
// core/tty/terminal.h into a terminal.
#include "core/base/types.h"

namespace sirius::hal {

class ConsoleSink {
public:
    // Puts `size` bytes on the console, all of them, in order (a polled
    // UART waits for room). `bytes` is kernel memory; size may be 0.
    virtual void write(const u8* bytes, usize size) = 0;

    // Takes up to `size` bytes of console input into `buffer` without
    // waiting; returns how many (0: none now). The default: a console with
    // no input. A terminal (core/tty) blocks its readers until there is.
    virtual usize read(u8* /*buffer*/, usize /*size*/) { return 0; }

    // Whether read() would return input now. It may run with the
    // scheduler's lock held (a blocked reader's wake-up condition): it must
    // not block or call back into the core.
    [[nodiscard]] virtual bool has_input() { return false; }

protected:
    ~ConsoleSink() = default;
};

} // namespace sirius::hal
