#include "platform/baremetal/console_device.h"

#include <asm-generic/fcntl.h>

#include "arch/x86_64/pic_timer.h"
#include "arch/x86_64/traps.h"
#include "core/base/atomic.h"
#include "core/fs/console_device.h"
#include "core/fs/console_file.h"
#include "core/fs/fd_table.h"
#include "core/fs/path_name.h"
#include "core/fs/vfs.h"
#include "core/proc/kernel.h"
#include "core/syscall/path_argument.h"
#include "core/tty/terminal_devices.h"
#include "core/tty/terminal_file.h"
#include "platform/baremetal/drivers/uart_16550.h"
#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/scheduler.h"

namespace sirius::baremetal {

namespace {

// The serial console as the core's console device. Output is polled.
// Input: the receive interrupt moves bytes from the UART into `m_received`
// (a ring with one producer, the interrupt handler, and one consumer, read()
// with interrupts off), so the UART's 16-byte FIFO never overflows while a
// thread runs; the line discipline takes them in thread context.
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
        const bool were_enabled = x86_64::interrupts_enabled();
        x86_64::disable_interrupts();
        usize count = 0;
        if (m_interrupt_driven) {
            u32 tail = m_tail.load(MemoryOrder::Relaxed);
            const u32 head = m_head.load(MemoryOrder::Acquire);
            for (; count < size && tail != head; ++count, ++tail) {
                buffer[count] = m_received[tail % kRingSize];
            }
            m_tail.store(tail, MemoryOrder::Release);
        } else {
            for (int c; count < size && (c = m_uart.try_read()) >= 0;) {
                buffer[count++] = static_cast<u8>(c);
            }
        }
        if (were_enabled) {
            x86_64::enable_interrupts();
        }
        return count;
    }

    bool has_input() override { return m_head.load(MemoryOrder::Acquire) != m_tail.load(MemoryOrder::Acquire); }

    // The IRQ handler: everything the UART holds goes into the ring; what
    // does not fit is dropped (a 16550 would overrun too).
    void receive_interrupt()
    {
        u32 head = m_head.load(MemoryOrder::Relaxed);
        for (int c; (c = m_uart.try_read()) >= 0;) {
            if (head - m_tail.load(MemoryOrder::Acquire) < kRingSize) {
                m_received[head % kRingSize] = static_cast<u8>(c);
                ++head;
            }
        }
        m_head.store(head, MemoryOrder::Release);
    }

    void enable_interrupts()
    {
        m_interrupt_driven = true;
        m_uart.enable_receive_interrupt();
    }

private:
    static constexpr u32 kRingSize = 1024;

    Uart16550 m_uart { Uart16550::kCom1 };
    bool m_interrupt_driven { false };
    u8 m_received[kRingSize] {};
    Atomic<u32> m_head { 0 };
    Atomic<u32> m_tail { 0 };
};

SerialConsole g_console;
tty::Terminal* g_terminal { nullptr };

void serial_interrupt(x86_64::TrapFrame&)
{
    g_console.receive_interrupt();
    x86_64::acknowledge_irq(Uart16550::kCom1Irq);
    // Readers re-check their condition (the ring is not empty) and take
    // the bytes themselves; a signal character waits for the next return
    // to user space or the idle loop (service_console_input).
    if (g_terminal != nullptr) {
        kernel_scheduler().wake_all(g_terminal->readers());
    }
}

// /dev/console (5,1) and /dev/ttyS0 (4,64), the serial port, both the one
// console. They live as long as the kernel.
constexpr u32 kConsoleMajor = 5;
constexpr u32 kConsoleMinor = 1;
constexpr u32 kSerialMajor = 4;
constexpr u32 kSerialMinor = 64;

Result<void> register_console_devices(proc::Kernel& kernel, tty::Terminal* terminal)
{
    if (terminal != nullptr) {
        auto console = TRY(try_make_own<tty::TerminalDevice>(*terminal, true));
        auto serial = TRY(try_make_own<tty::TerminalDevice>(*terminal, false));
        TRY(kernel.char_devices().add(kConsoleMajor, kConsoleMinor, *console.leak()));
        TRY(kernel.char_devices().add(kSerialMajor, kSerialMinor, *serial.leak()));
        return {};
    }
    auto console = TRY(try_make_own<fs::ConsoleDevice>(g_console));
    fs::CharDevice& device = *console.leak();
    TRY(kernel.char_devices().add(kConsoleMajor, kConsoleMinor, device));
    TRY(kernel.char_devices().add(kSerialMajor, kSerialMinor, device));
    return {};
}

} // namespace

namespace {

Result<RefPtr<fs::File>> open_dev_console(proc::Kernel& kernel, proc::Thread& thread)
{
    constexpr char kPath[] = "/dev/console";
    fs::PathName name;
    TRY(name.copy_from_kernel(reinterpret_cast<const u8*>(kPath), sizeof(kPath) - 1));
    syscall::SyscallContext context { kernel, thread };
    return fs::open(syscall::vfs_caller(context), thread.fs->cwd(), name, static_cast<u32>(O_RDWR), 0);
}

} // namespace

Result<void> install_console_descriptors(proc::Kernel& kernel, proc::Thread& thread, bool as_terminal)
{
    RefPtr<fs::File> console;
    if (as_terminal) {
        auto terminal = TRY(try_make_ref<tty::Terminal>(kernel, g_console));
        console = TRY(try_make_ref<tty::TerminalFile>(terminal, static_cast<u32>(O_RDWR)));
        // The console terminal lives as long as the kernel.
        g_terminal = terminal.get();
        g_terminal->ref();
        x86_64::set_interrupt_handler(x86_64::kFirstIrqVector + Uart16550::kCom1Irq, serial_interrupt);
        g_console.enable_interrupts();
        x86_64::unmask_irq(Uart16550::kCom1Irq);
    } else {
        console = TRY(try_make_ref<fs::ConsoleFile>(g_console, static_cast<u32>(O_RDWR)));
    }
    TRY(register_console_devices(kernel, g_terminal));
    // console_on_rootfs: init's stdin, stdout and stderr are an open of
    // /dev/console, so fstat, ttyname(3) and /proc/<pid>/fd name the node;
    // without the node (no devtmpfs), the console itself.
    if (auto opened = open_dev_console(kernel, thread); opened.is_error()) {
        log(LogLevel::Warning, "unable to open an initial console: error ", opened.error().code());
    } else {
        console = move(opened.value());
    }
    for (int expected = 0; expected < 3; ++expected) {
        int fd = TRY(thread.files->reserve(expected, 3));
        thread.files->install(fd, RefPtr<fs::File>(console), false);
    }
    return {};
}

bool console_input_pending()
{
    return g_terminal != nullptr && g_console.has_input();
}

void service_console_input()
{
    if (console_input_pending()) {
        g_terminal->pump_input();
    }
}

} // namespace sirius::baremetal
