#pragma once

// The kernel log on the serial console: print("frames: ", count, "\n").
// Each argument is written by its type (strings, integers in decimal, Hex
// in hexadecimal); no format strings, so nothing a caller passes can be
// misread. One print() is one line on the console: it holds the console
// lock with interrupts off, so an interrupt handler may log too.
#include "core/base/types.h"

namespace sirius::baremetal {

struct Hex {
    u64 value;
};

enum class LogLevel : u8 { Error = 3,
    Warning = 4,
    Info = 6,
    Debug = 7 };

namespace log_detail {
void lock();
void unlock();
void put(const char* text);
void put(char c);
void put(u64 value);
void put(i64 value);
void put(Hex value);
inline void put(u32 value) { put(static_cast<u64>(value)); }
inline void put(i32 value) { put(static_cast<i64>(value)); }
inline void put(unsigned long long value) { put(static_cast<u64>(value)); }
inline void put(long long value) { put(static_cast<i64>(value)); }
inline void put(bool value) { put(value ? "true" : "false"); }
bool enabled(LogLevel level);
} // namespace log_detail

// The console the log writes to; before it is set, output is dropped.
using ConsoleWrite = void (*)(char);
void set_log_console(ConsoleWrite write);
// Messages above `level` are dropped (the loglevel= boot option).
void set_log_level(LogLevel level);

template<typename... Args>
void print(const Args&... args)
{
    log_detail::lock();
    (log_detail::put(args), ...);
    log_detail::unlock();
}

// One line of the kernel log, prefixed "[sirius] " so that readers of the
// shared serial console (people, the test runners) can tell it from what
// programs write there.
template<typename... Args>
void log(LogLevel level, const Args&... args)
{
    if (log_detail::enabled(level)) {
        print("[sirius] ", args..., '\n');
    }
}

} // namespace sirius::baremetal
