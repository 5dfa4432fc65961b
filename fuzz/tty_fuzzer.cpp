// Fuzzes the N_TTY line discipline: sequences of received bytes, termios
// changes (any flags, any control characters, VMIN/VTIME), canonical and
// raw reads of any size, writes through output processing and input
// flushes. Invariants, after every step:
//  - the input buffer never holds more than N_TTY_BUF_SIZE (4096) bytes;
//  - a canonical read returns at most one line: it stops at the line's end
//    unless the caller's buffer is full first, and a line ending in its
//    terminator ('\n', VEOL, VEOL2) is done; reads never return more than
//    asked;
//  - FIONREAD's count never exceeds what is buffered, and is 0 exactly
//    when nothing is readable (or only end-of-file marks are);
//  - with ECHO off and no signal character, receiving writes nothing.
#include <fuzzer/FuzzedDataProvider.h>
#include <vector>

#include "core/tty/line_discipline.h"
#include "fuzz/fuzz_check.h"

namespace sirius::fuzz {
namespace {

class CountingPort final : public tty::TerminalPort {
public:
    void transmit(const u8*, usize size) override { transmitted += size; }
    void signal_foreground(int) override { ++signals; }
    void input_available() override { }

    usize transmitted { 0 };
    usize signals { 0 };
};

tty::Termios random_settings(FuzzedDataProvider& data, const tty::Termios& current)
{
    tty::Termios settings = current;
    switch (data.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
        settings.c_lflag ^= data.ConsumeIntegral<u32>();
        break;
    case 1:
        settings.c_iflag ^= data.ConsumeIntegral<u32>();
        break;
    case 2:
        settings.c_oflag ^= data.ConsumeIntegral<u32>();
        break;
    default:
        settings.c_cc[data.ConsumeIntegralInRange<int>(0, NCCS - 1)] = data.ConsumeIntegral<u8>();
        break;
    }
    return settings;
}

bool is_line_terminator(const tty::Termios& settings, u8 c)
{
    return c == '\n' || tty::control_char(settings, VEOL) == c
        || ((settings.c_lflag & IEXTEN) != 0 && tty::control_char(settings, VEOL2) == c);
}

void check_buffer(const tty::LineDiscipline& line)
{
    check(line.buffered() <= tty::LineDiscipline::kBufferSize, "the input buffer holds at most 4096 bytes");
    check(line.readable_count() <= line.buffered(), "FIONREAD counts only buffered bytes");
    if (!line.has_readable_input()) {
        check(line.readable_count() == 0, "nothing readable, FIONREAD 0");
    }
}

} // namespace
} // namespace sirius::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    using namespace sirius;
    using namespace sirius::fuzz;
    FuzzedDataProvider data(bytes, size);
    CountingPort port;
    tty::LineDiscipline line(port);
    std::vector<u8> buffer(8192);
    for (int step = 0; step < 256 && data.remaining_bytes() > 0; ++step) {
        switch (data.ConsumeIntegralInRange<int>(0, 6)) {
        case 0:
        case 1: {
            // Received bytes; many of them sometimes, to fill the buffer.
            const usize repeat = data.ConsumeBool() ? data.ConsumeIntegralInRange<usize>(1, 5000) : 1;
            const u8 c = data.ConsumeIntegral<u8>();
            const usize transmitted = port.transmitted;
            const usize signals = port.signals;
            for (usize i = 0; i < repeat; ++i) {
                line.receive(c);
            }
            const tty::Termios& settings = line.settings();
            if ((settings.c_lflag & (ECHO | ECHONL)) == 0 && port.signals == signals) {
                check(port.transmitted == transmitted, "no echo without ECHO");
            }
            break;
        }
        case 2:
            line.set_settings(random_settings(data, line.settings()));
            break;
        case 3: {
            const usize wanted = data.ConsumeIntegralInRange<usize>(0, buffer.size());
            if ((line.settings().c_lflag & ICANON) != 0) {
                if (!line.has_readable_input()) {
                    break;
                }
                bool line_done = false;
                const tty::Termios settings = line.settings();
                const usize got = line.read_line(buffer.data(), wanted, line_done);
                check(got <= wanted, "a read returns at most what was asked");
                // One line at most: the read stops at the line's end (or
                // at `wanted`), so a read shorter than asked ended a line.
                check(got == wanted || line_done, "a short canonical read ends its line");
                if (got > 0 && is_line_terminator(settings, buffer[got - 1]) && got < wanted) {
                    check(line_done, "a line that ended with its terminator is done");
                }
            } else {
                const usize before = line.buffered();
                const usize got = line.read_raw(buffer.data(), wanted);
                check(got <= wanted && got <= before, "a raw read returns at most what was asked and buffered");
            }
            break;
        }
        case 4: {
            const std::vector<u8> text = data.ConsumeBytes<u8>(data.ConsumeIntegralInRange<usize>(0, 64));
            line.write(text.data(), text.size());
            break;
        }
        case 5:
            line.flush_input();
            check(line.buffered() == 0, "a flush empties the buffer");
            break;
        default:
            (void)line.readable_count();
            break;
        }
        check_buffer(line);
    }
    return 0;
}
