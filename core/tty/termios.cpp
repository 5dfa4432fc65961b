#include "core/tty/termios.h"

namespace sirius::tty {

Termios default_termios()
{
    Termios settings {};
    settings.c_iflag = ICRNL | IXON;
    settings.c_oflag = OPOST | ONLCR;
    settings.c_cflag = B38400 | CS8 | CREAD | HUPCL;
    settings.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    settings.c_line = 0; // N_TTY
    constexpr u8 kInitCc[] = { 003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0 };
    for (usize i = 0; i < sizeof(kInitCc); ++i) {
        settings.c_cc[i] = kInitCc[i];
    }
    settings.c_ispeed = 38400;
    settings.c_ospeed = 38400;
    return settings;
}

namespace {

// Linux baud_table: B0..B38400, then BOTHER's slot, then B57600..B4000000.
constexpr speed_t kBaudTable[] = {
    0,
    50,
    75,
    110,
    134,
    150,
    200,
    300,
    600,
    1200,
    1800,
    2400,
    4800,
    9600,
    19200,
    38400,
    0,
    57600,
    115200,
    230400,
    460800,
    500000,
    576000,
    921600,
    1000000,
    1152000,
    1500000,
    2000000,
    2500000,
    3000000,
    3500000,
    4000000,
};

// The table index of a CBAUD code; -1 for BOTHER.
int baud_index(tcflag_t code)
{
    if (code == BOTHER) {
        return -1;
    }
    int index = static_cast<int>(code & ~tcflag_t { CBAUDEX });
    if ((code & CBAUDEX) != 0) {
        index += 16;
    }
    return index < static_cast<int>(sizeof(kBaudTable) / sizeof(kBaudTable[0])) ? index : 0;
}

} // namespace

void update_speeds_from_cflag(Termios& settings)
{
    const int output = baud_index(settings.c_cflag & CBAUD);
    if (output >= 0) {
        settings.c_ospeed = kBaudTable[output];
    }
    const tcflag_t input_code = (settings.c_cflag >> IBSHIFT) & CBAUD;
    if (input_code == B0) {
        // "If the input speed is zero, the input speed equals the output
        // speed" (tty_termios_input_baud_rate).
        settings.c_ispeed = settings.c_ospeed;
        return;
    }
    const int input = baud_index(input_code);
    if (input >= 0) {
        settings.c_ispeed = kBaudTable[input];
    }
}

} // namespace sirius::tty
