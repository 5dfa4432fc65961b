#pragma once

// A terminal (Linux struct tty_struct with the N_TTY line discipline): the
// line discipline between a device and its readers and writers, the window
// size, and the job-control state (tty->ctrl): the session it is the
// controlling terminal of and its foreground process group. The device is
// a hal::ConsoleSink: output goes to its write(), received bytes come from
// its read() when pump_input() asks (the platform's interrupt handler only
// queues them and wakes readers(); signals are sent from thread context).
#include <asm/termios.h>

#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/base/user_memory.h"
#include "core/hal/clock.h"
#include "core/hal/console_sink.h"
#include "core/hal/wait_queue.h"
#include "core/proc/pid.h"
#include "core/tty/line_discipline.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::fs {
struct IoContext;
class PollTable;
} // namespace sirius::fs

namespace sirius::tty {

class Terminal final : public RefCounted<Terminal>, private TerminalPort {
public:
    // Bytes cross between user memory and the line discipline through a
    // buffer of this size on the kernel stack (Linux iterate_tty_read's
    // kernel_buf is 64 bytes).
    static constexpr usize kChunkSize = 64;

    // `kernel` and `device` outlive the terminal.
    Terminal(proc::Kernel& kernel, hal::ConsoleSink& device);
    ~Terminal();

    LineDiscipline& line_discipline() { return m_line; }
    [[nodiscard]] const LineDiscipline& line_discipline() const { return m_line; }

    // Received bytes, as the device would deliver them. Thread context: a
    // signal character signals the foreground process group.
    void receive(const u8* bytes, usize size) { m_line.receive(bytes, size); }
    // Moves what the device has received into the line discipline.
    void pump_input();
    // Whether the device holds bytes pump_input() has not taken yet.
    [[nodiscard]] bool has_device_input() { return m_device.has_input(); }
    // Readers block here; the platform wakes it when bytes arrive.
    hal::WaitQueue& readers() { return m_readers; }

    // read(2) (n_tty_read): job control (SIGTTIN), then canonical or
    // VMIN/VTIME rules. Errors: EIO, ERESTARTSYS (a signal; also after
    // SIGTTIN was sent), EAGAIN (O_NONBLOCK), EFAULT.
    Result<usize> read(fs::IoContext& io, UserAddress buffer, usize count, bool nonblocking);
    // write(2) (n_tty_write): job control under TOSTOP (SIGTTOU), then
    // output processing. Errors: EIO, ERESTARTSYS, EFAULT.
    Result<usize> write(fs::IoContext& io, UserAddress buffer, usize count);

    // n_tty_poll: readable when a read would find input (received bytes
    // are taken in first), writable always - output goes to the device
    // at once. Names the readers' queue to `table`.
    u32 poll(fs::PollTable* table);

    [[nodiscard]] const winsize& window_size() const { return m_window; }
    // TIOCSWINSZ (tty_do_resize): a change sends SIGWINCH to the
    // foreground process group.
    void resize(const winsize& size);

    // tty->ctrl.session and tty->ctrl.pgrp (null: none).
    [[nodiscard]] proc::Pid* session() const { return m_session.get(); }
    [[nodiscard]] proc::Pid* foreground_group() const { return m_foreground.get(); }
    void set_foreground_group(RefPtr<proc::Pid> group) { m_foreground = move(group); }
    // __proc_set_tty / the clearing half of disassociate_ctty.
    void set_controlling_session(RefPtr<proc::Pid> session, RefPtr<proc::Pid> group);

    // Sends `signal` to every process of the foreground group from the
    // kernel (kill_pgrp(tty->pgrp, sig, 1)); nothing without one.
    void signal_foreground(int signal) override;

private:
    void transmit(const u8* bytes, usize size) override { m_device.write(bytes, size); }
    void input_available() override;
    // Waits for input until `deadline` (< 0: none). Interrupted: false.
    enum class WaitResult : u8 { Ready,
        TimedOut,
        Interrupted };
    WaitResult wait_for_input(hal::Nanoseconds deadline);

    proc::Kernel& m_kernel;
    hal::ConsoleSink& m_device;
    LineDiscipline m_line;
    hal::WaitQueue m_readers;
    winsize m_window {};
    RefPtr<proc::Pid> m_session;
    RefPtr<proc::Pid> m_foreground;
};

} // namespace sirius::tty
