#include "platform/baremetal/kernel_log.h"

#include "platform/baremetal/irq_spin_lock.h"

namespace sirius::baremetal {

namespace {
ConsoleWrite g_console = nullptr;
LogLevel g_level = LogLevel::Info;
IrqSpinLock g_lock;
bool g_interrupts_were_enabled = false; // what lock() found, for unlock()
} // namespace

void set_log_console(ConsoleWrite write) { g_console = write; }
void set_log_level(LogLevel level) { g_level = level; }

namespace log_detail {

bool enabled(LogLevel level) { return static_cast<u8>(level) <= static_cast<u8>(g_level); }

void lock() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
{
    g_interrupts_were_enabled = g_lock.lock();
}

void unlock() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
{
    g_lock.unlock(g_interrupts_were_enabled);
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
