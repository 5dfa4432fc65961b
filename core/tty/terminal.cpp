#include "core/tty/terminal.h"

#include <asm/signal.h>
#include <linux/eventpoll.h>

#include "core/fs/io_context.h"
#include "core/fs/poll_table.h"
#include "core/proc/kernel.h"
#include "core/tty/controlling_terminal.h"

namespace sirius::tty {

namespace {

// VTIME counts tenths of a second.
constexpr hal::Nanoseconds kDecisecond = 100'000'000;

} // namespace

Terminal::Terminal(proc::Kernel& kernel, hal::ConsoleSink& device)
    : m_kernel(kernel)
    , m_device(device)
    , m_line(*this)
{
}

Terminal::~Terminal()
{
    if (m_session && m_session->session != nullptr && m_session->session->controlling_terminal == this) {
        m_session->session->controlling_terminal = nullptr;
    }
}

void Terminal::pump_input()
{
    u8 chunk[kChunkSize];
    for (;;) {
        const usize got = m_device.read(chunk, sizeof(chunk));
        if (got == 0) {
            return;
        }
        m_line.receive(chunk, got < sizeof(chunk) ? got : sizeof(chunk));
    }
}

void Terminal::input_available()
{
    m_kernel.scheduler().wake_all(m_readers);
}

void Terminal::signal_foreground(int signal)
{
    if (m_foreground) {
        const RefPtr<proc::Pid> group = m_foreground;
        signal_process_group(m_kernel, *group, signal);
    }
}

void Terminal::set_controlling_session(RefPtr<proc::Pid> session, RefPtr<proc::Pid> group)
{
    m_session = move(session);
    m_foreground = move(group);
}

void Terminal::resize(const winsize& size)
{
    if (__builtin_memcmp(&size, &m_window, sizeof(size)) == 0) {
        return;
    }
    signal_foreground(SIGWINCH);
    m_window = size;
}

Terminal::WaitResult Terminal::wait_for_input(hal::Nanoseconds deadline)
{
    auto ready = [this] { return m_device.has_input() || m_line.has_readable_input(); };
    hal::Scheduler& scheduler = m_kernel.scheduler();
    const hal::WakeReason reason = deadline < 0 ? scheduler.wait_until(m_readers, hal::BlockMode::Interruptible, ready)
                                                : scheduler.wait_until_deadline(m_readers, hal::BlockMode::Interruptible, ready, deadline);
    switch (reason) {
    case hal::WakeReason::Woken:
        return WaitResult::Ready;
    case hal::WakeReason::TimedOut:
        return WaitResult::TimedOut;
    case hal::WakeReason::Interrupted:
        break;
    }
    return WaitResult::Interrupted;
}

Result<usize> Terminal::read(fs::IoContext& io, UserAddress buffer, usize count, bool nonblocking)
{
    // n_tty_read: job_control() first, even for a count of 0.
    TRY(check_terminal_access(io.kernel, io.caller, *this, SIGTTIN));

    // "minimum = time = 0; timeout = MAX_SCHEDULE_TIMEOUT": canonical reads
    // return after the first line. Otherwise termios(3)'s four cases: VMIN
    // > 0 waits for VMIN bytes, with VTIME > 0 as a timer restarted by each
    // byte (not before the first); VMIN == 0 waits VTIME for one byte, or
    // not at all.
    const Termios& settings = m_line.settings();
    usize minimum = 0;
    hal::Nanoseconds time = 0;
    hal::Nanoseconds timeout = -1; // -1: no deadline
    if ((settings.c_lflag & ICANON) == 0) {
        minimum = settings.c_cc[VMIN];
        if (minimum != 0) {
            time = settings.c_cc[VTIME] * kDecisecond;
        } else {
            timeout = settings.c_cc[VTIME] * kDecisecond;
            minimum = 1;
        }
    }
    hal::Nanoseconds deadline = timeout < 0 ? -1 : m_kernel.clock().monotonic_now() + timeout;
    bool timed_out = timeout == 0;

    usize done = 0;
    int error = 0;
    while (done < count) {
        pump_input();
        if (!m_line.has_readable_input()) {
            if (timed_out) {
                break;
            }
            if (nonblocking) {
                error = EAGAIN;
                break;
            }
            const WaitResult waited = wait_for_input(deadline);
            if (waited == WaitResult::Interrupted) {
                error = ERESTARTSYS;
                break;
            }
            timed_out = waited == WaitResult::TimedOut;
            continue;
        }
        u8 chunk[kChunkSize];
        const bool canonical = (m_line.settings().c_lflag & ICANON) != 0;
        bool line_done = false;
        for (;;) {
            const usize wanted = min(count - done, kChunkSize);
            const usize got = canonical ? m_line.read_line(chunk, wanted, line_done) : m_line.read_raw(chunk, wanted);
            if (got == 0) {
                break;
            }
            const UserAddress to = TRY(buffer.offset(done));
            if (auto copied = io.memory.copy_to_user(to, chunk, got); copied.is_error()) {
                // tty_read: the bytes so far, or EFAULT; the line
                // discipline's copy is gone either way.
                if (done == 0) {
                    return copied.error();
                }
                return done;
            }
            done += got;
            if (line_done || done == count || got < wanted) {
                break;
            }
        }
        if (canonical || done >= minimum) {
            break;
        }
        if (time != 0) {
            deadline = m_kernel.clock().monotonic_now() + time;
            timed_out = false;
        }
    }
    if (done != 0 || error == 0) {
        return done;
    }
    return errno_error(error);
}

u32 Terminal::poll(fs::PollTable* table)
{
    if (table != nullptr) {
        table->wait_on(m_readers);
    }
    // "tty_buffer_flush_work(tty->port)": what the device received counts.
    pump_input();
    u32 mask = EPOLLOUT | EPOLLWRNORM;
    if (m_line.has_input_for_poll()) {
        mask |= EPOLLIN | EPOLLRDNORM;
    }
    return mask;
}

Result<usize> Terminal::write(fs::IoContext& io, UserAddress buffer, usize count)
{
    if ((m_line.settings().c_lflag & TOSTOP) != 0) {
        TRY(check_terminal_access(io.kernel, io.caller, *this, SIGTTOU));
    }
    u8 chunk[kChunkSize];
    usize written = 0;
    while (written < count) {
        const usize size = min(count - written, kChunkSize);
        const UserAddress from = TRY(buffer.offset(written));
        if (auto copied = io.memory.copy_from_user(chunk, from, size); copied.is_error()) {
            // iterate_tty_write: "if (written) ret = written".
            if (written == 0) {
                return copied.error();
            }
            break;
        }
        m_line.write(chunk, size);
        written += size;
    }
    return written;
}

} // namespace sirius::tty
