#include "platform/baremetal/console_device.h"

#include <asm-generic/fcntl.h>

#include "core/fs/console_file.h"
#include "core/fs/fd_table.h"
#include "platform/baremetal/drivers/uart_16550.h"

namespace sirius::baremetal {

namespace {

// The serial console as the core's console sink. Input is polled: a byte
// is there or not (the terminal issue adds the interrupt-driven line
// discipline).
class SerialConsole final : public hal::ConsoleSink {
public:
    void write(const u8* bytes, usize size) override
    {
        for (usize i = 0; i < size; ++i) {
            m_uart.write(static_cast<char>(bytes[i]));
        }
    }
    usize read(u8* buffer, usize size) override
    {
        usize count = 0;
        for (int c; count < size && (c = m_uart.try_read()) >= 0;) {
            buffer[count++] = static_cast<u8>(c);
        }
        return count;
    }

private:
    Uart16550 m_uart { Uart16550::kCom1 };
};

SerialConsole g_console;

} // namespace

Result<void> install_console_descriptors(proc::Thread& thread)
{
    auto console = TRY(try_make_ref<fs::ConsoleFile>(g_console, static_cast<u32>(O_RDWR)));
    for (int expected = 0; expected < 3; ++expected) {
        int fd = TRY(thread.files->reserve(expected, 3));
        thread.files->install(fd, RefPtr<fs::File>(console), false);
    }
    return {};
}

} // namespace sirius::baremetal
