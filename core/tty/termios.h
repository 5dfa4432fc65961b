#pragma once

// A terminal's settings: the kernel's struct termios2 (Linux ktermios) from
// the UAPI headers, the defaults Linux gives a new terminal, and the baud
// rate encoding the old TCSETS carries in c_cflag.
#include <asm/termbits.h>

#include "core/base/types.h"

namespace sirius::tty {

using Termios = termios2;

// The old struct termios (TCGETS/TCSETS) is termios2 without the speeds.
static_assert(sizeof(termios) == 36);
static_assert(sizeof(termios2) == 44);
static_assert(__builtin_offsetof(termios2, c_cc) == __builtin_offsetof(termios, c_cc));

// Linux tty_std_termios (drivers/tty/tty_io.c): ICRNL|IXON, OPOST|ONLCR,
// B38400|CS8|CREAD|HUPCL, ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN,
// and INIT_C_CC: ^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, VSWTC 0, ^Q ^S ^Z, VEOL
// 0, ^R ^O ^W ^V, VEOL2 0.
[[nodiscard]] Termios default_termios();

// Linux tty_termios_baud_rate / tty_termios_input_baud_rate for the Bnnn
// codes of c_cflag (CBAUD, and CIBAUD for input; 0 there means "as
// output"). BOTHER keeps the speed fields as they are.
void update_speeds_from_cflag(Termios& settings);

// The character c_cc[index] names, or -1 when it is disabled
// (_POSIX_VDISABLE is 0 on Linux: n_tty_set_termios clears
// __DISABLED_CHAR from its map of special characters).
[[nodiscard]] inline int control_char(const Termios& settings, int index)
{
    const u8 c = settings.c_cc[index];
    return c == 0 ? -1 : c;
}

} // namespace sirius::tty
