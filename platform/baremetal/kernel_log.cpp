#include "platform/baremetal/kernel_log.h"

#include "arch/x86_64/cpu.h"
#include "core/base/spin_lock.h"

namespace sirius::baremetal {

namespace {
ConsoleWrite g_console = nullptr;
LogLevel g_level = LogLevel::Info;
SpinLock g_lock;
bool g_interrupts_were_enabled = false;
} // namespace

void set_log_console(ConsoleWrite write) { g_console = write; }
void set_log_level(LogLevel level) { g_level = level; }

namespace log_detail {

bool enabled(LogLevel level) { return static_cast<u8>(level) <= static_cast<u8>(g_level); }

void lock() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
{
    bool enabled = x86_64::interrupts_enabled();
    x86_64::disable_interrupts();
    g_lock.lock();
    g_interrupts_were_enabled = enabled;
}

void unlock() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
{
    bool enable = g_interrupts_were_enabled;
    g_lock.unlock();
    if (enable) {
        x86_64::enable_interrupts();
    }
}

void put(char c)
{
    if (g_console != nullptr) {
        g_console(c);
    }
}

void put(const char* text)
{
    if (text == nullptr) {
        text = "(null)";
    }
    while (*text != '\0') {
        put(*text++);
    }
}

void put(u64 value)
{
    char digits[20];
    usize count = 0;
    do {
        digits[count++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0) {
        put(digits[--count]);
    }
}

void put(i64 value)
{
    if (value < 0) {
        put('-');
        // Through unsigned arithmetic: -INT64_MIN does not fit in i64.
        put(0 - static_cast<u64>(value));
        return;
    }
    put(static_cast<u64>(value));
}

void put(Hex value)
{
    put("0x");
    for (int shift = 60; shift >= 0; shift -= 4) {
        put("0123456789abcdef"[(value.value >> shift) & 0xf]);
    }
}

} // namespace log_detail
} // namespace sirius::baremetal
