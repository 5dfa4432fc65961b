// The terminal's ioctl(2) commands (ioctl_tty(2) and ioctl_console(2)): Linux
// tty_ioctl, tty_jobctrl_ioctl, n_tty_ioctl and tty_mode_ioctl, in the order
// Linux tries them, each with its errnos.
#include <asm/ioctls.h>
#include <asm/signal.h>
#include <linux/fcntl.h>

#include "core/base/user_ptr.h"
#include "core/fs/io_context.h"
#include "core/proc/kernel.h"
#include "core/tty/controlling_terminal.h"
#include "core/tty/terminal_file.h"

namespace sirius::tty {

namespace {

// tty_check_change: the calls that change the terminal stop a background
// caller with SIGTTOU (or go on when it ignores or blocks it).
Result<void> check_change(fs::IoContext& io, Terminal& terminal)
{
    return check_terminal_access(io.kernel, io.caller, terminal, SIGTTOU);
}

enum class SetMode : u8 {
    Now, // TCSETS: at once
    Wait, // TCSETSW: after the output is sent
    Flush, // TCSETSF: after the output is sent, discarding pending input
};

// set_termios: tty_check_change, the new settings from user memory (the
// old struct termios for TCSETS*, termios2 for TCSETS2*), the speeds made
// consistent with the Bnnn codes, then the flush. Output is sent
// synchronously, so there is never anything to wait for.
Result<i64> set_settings(fs::IoContext& io, Terminal& terminal, u64 argument, SetMode mode, bool is_termios2)
{
    TRY(check_change(io, terminal));
    Termios settings = terminal.line_discipline().settings();
    if (is_termios2) {
        settings = TRY(UserPtr<termios2>(argument).read(io.memory));
    } else {
        const termios old = TRY(UserPtr<termios>(argument).read(io.memory));
        __builtin_memcpy(&settings, &old, sizeof(old));
    }
    update_speeds_from_cflag(settings);
    if (mode == SetMode::Flush) {
        terminal.line_discipline().flush_input();
    }
    terminal.line_discipline().set_settings(settings);
    return 0;
}

Result<i64> get_settings(fs::IoContext& io, const Terminal& terminal, u64 argument, bool is_termios2)
{
    const Termios& settings = terminal.line_discipline().settings();
    if (is_termios2) {
        TRY(UserPtr<termios2>(argument).write(io.memory, settings));
        return 0;
    }
    termios old;
    __builtin_memcpy(&old, &settings, sizeof(old));
    TRY(UserPtr<termios>(argument).write(io.memory, old));
    return 0;
}

// The caller's pid namespace number of `pid` (pid_vnr; 0 for none).
i32 number_for(const proc::Thread& caller, const proc::Pid* pid)
{
    return pid == nullptr ? 0 : static_cast<i32>(pid->nr_in(caller.active_pid_namespace()));
}

// tiocgpgrp: "if (tty == real_tty && current->signal->tty != real_tty)
// return -ENOTTY"; a terminal without a foreground group reads as 0.
Result<i64> get_foreground_group(fs::IoContext& io, Terminal& terminal, u64 argument)
{
    if (!is_controlling_terminal_of(terminal, io.caller)) {
        return errno_error(ENOTTY);
    }
    TRY(UserPtr<i32>(argument).write(io.memory, number_for(io.caller, terminal.foreground_group())));
    return 0;
}

// session_of_pgrp: the session of the group's members, or, when no process
// group has that number, of the process that has it.
proc::Session* session_of_group(proc::Kernel& kernel, const proc::Pid& pid)
{
    for (proc::Process& process : kernel.processes()) {
        if (&process.process_group().pid() == &pid) {
            return &process.process_group().session();
        }
    }
    if (pid.thread_group != nullptr) {
        return &pid.thread_group->process_group().session();
    }
    return nullptr;
}

// tiocspgrp, in Linux's order: tty_check_change (its EIO reads as ENOTTY),
// the number (EFAULT), "if (pgrp_nr < 0) return -EINVAL", ENOTTY unless the
// terminal is the caller's controlling terminal, ESRCH for a number nothing
// has, EPERM for a group of another session.
Result<i64> set_foreground_group(fs::IoContext& io, Terminal& terminal, u64 argument)
{
    if (auto changed = check_change(io, terminal); changed.is_error()) {
        return changed.error().code() == EIO ? errno_error(ENOTTY) : changed.error();
    }
    const i32 number = TRY(UserPtr<i32>(argument).read(io.memory));
    if (number < 0) {
        return errno_error(EINVAL);
    }
    proc::Session& session = io.caller.process().process_group().session();
    if (!is_controlling_terminal_of(terminal, io.caller) || terminal.session() != &session.pid()) {
        return errno_error(ENOTTY);
    }
    proc::Pid* pid = io.caller.active_pid_namespace().find(static_cast<PidNr>(number));
    if (pid == nullptr) {
        return errno_error(ESRCH);
    }
    if (session_of_group(io.kernel, *pid) != &session) {
        return errno_error(EPERM);
    }
    terminal.set_foreground_group(RefPtr<proc::Pid>(pid));
    return 0;
}

// tiocgsid: ENOTTY unless it is the caller's controlling terminal (and so
// has a session).
Result<i64> get_session(fs::IoContext& io, Terminal& terminal, u64 argument)
{
    if (!is_controlling_terminal_of(terminal, io.caller) || terminal.session() == nullptr) {
        return errno_error(ENOTTY);
    }
    TRY(UserPtr<i32>(argument).write(io.memory, number_for(io.caller, terminal.session())));
    return 0;
}

// TIOCNOTTY: "if (current->signal->tty != tty) return -ENOTTY"; the session
// leader gives the terminal up for the whole session (no_tty ->
// disassociate_ctty(0)).
Result<i64> give_up_terminal(fs::IoContext& io, Terminal& terminal)
{
    if (!is_controlling_terminal_of(terminal, io.caller)) {
        return errno_error(ENOTTY);
    }
    proc::Session& session = io.caller.process().process_group().session();
    if (&session.pid() != &io.caller.process().pid()) {
        // Linux detaches only the caller (its signal->tty); Sirius keeps
        // the controlling terminal per session, so a member cannot leave it
        // alone. Refused rather than pretended (see docs/tty.md).
        return errno_error(EPERM);
    }
    disassociate_controlling_terminal(io.kernel, session, false);
    return 0;
}

// tiocswinsz: the new size (EFAULT), SIGWINCH on a change.
Result<i64> set_window_size(fs::IoContext& io, Terminal& terminal, u64 argument)
{
    const winsize size = TRY(UserPtr<winsize>(argument).read(io.memory));
    terminal.resize(size);
    return 0;
}

// TCFLSH: tty_check_change, then TCIFLUSH / TCOFLUSH / TCIOFLUSH, EINVAL
// for anything else. Output is never queued: only input has anything to
// discard.
Result<i64> flush(fs::IoContext& io, Terminal& terminal, u64 argument)
{
    TRY(check_change(io, terminal));
    switch (argument) {
    case TCIFLUSH:
    case TCIOFLUSH:
        terminal.line_discipline().flush_input();
        return 0;
    case TCOFLUSH:
        return 0;
    default:
        return errno_error(EINVAL);
    }
}

// TCXONC: tty_check_change, then TCOOFF / TCOON / TCIOFF / TCION (EINVAL
// otherwise). Sirius's output is synchronous and its input has no flow
// control, so all four are accepted without effect.
Result<i64> flow_control(fs::IoContext& io, Terminal& terminal, u64 argument)
{
    TRY(check_change(io, terminal));
    switch (argument) {
    case TCOOFF:
    case TCOON:
    case TCIOFF:
    case TCION:
        return 0;
    default:
        return errno_error(EINVAL);
    }
}

} // namespace

Result<i64> TerminalFile::ioctl(fs::IoContext& io, u32 command, u64 argument)
{
    Terminal& terminal = *m_terminal;
    switch (command) {
    // tty_ioctl
    case TIOCGWINSZ:
        TRY(UserPtr<winsize>(argument).write(io.memory, terminal.window_size()));
        return 0;
    case TIOCSWINSZ:
        return set_window_size(io, terminal, argument);
    case TIOCGETD:
        // The line discipline: N_TTY (0), the only one.
        TRY(UserPtr<i32>(argument).write(io.memory, 0));
        return 0;
    case TCSBRK:
    case TCSBRKP:
        // tty_check_change, wait until sent (nothing waits), and the break
        // itself, which a console without break_ctl skips.
        TRY(check_change(io, terminal));
        return 0;
    // tty_jobctrl_ioctl
    case TIOCNOTTY:
        return give_up_terminal(io, terminal);
    case TIOCSCTTY:
        TRY(acquire_controlling_terminal(io.kernel, io.caller, terminal, is_readable(), static_cast<i64>(static_cast<i32>(argument))));
        return 0;
    case TIOCGPGRP:
        return get_foreground_group(io, terminal, argument);
    case TIOCSPGRP:
        return set_foreground_group(io, terminal, argument);
    case TIOCGSID:
        return get_session(io, terminal, argument);
    // n_tty_ioctl
    case TIOCOUTQ:
        // tty_chars_in_buffer: output is sent as it is written.
        TRY(UserPtr<i32>(argument).write(io.memory, 0));
        return 0;
    case FIONREAD:
        TRY(UserPtr<i32>(argument).write(io.memory, static_cast<i32>(terminal.line_discipline().readable_count())));
        return 0;
    // n_tty_ioctl_helper
    case TCXONC:
        return flow_control(io, terminal, argument);
    case TCFLSH:
        return flush(io, terminal, argument);
    // tty_mode_ioctl
    case TCGETS:
        return get_settings(io, terminal, argument, false);
    case TCGETS2:
        return get_settings(io, terminal, argument, true);
    case TCSETS:
        return set_settings(io, terminal, argument, SetMode::Now, false);
    case TCSETSW:
        return set_settings(io, terminal, argument, SetMode::Wait, false);
    case TCSETSF:
        return set_settings(io, terminal, argument, SetMode::Flush, false);
    case TCSETS2:
        return set_settings(io, terminal, argument, SetMode::Now, true);
    case TCSETSW2:
        return set_settings(io, terminal, argument, SetMode::Wait, true);
    case TCSETSF2:
        return set_settings(io, terminal, argument, SetMode::Flush, true);
    default:
        return errno_error(ENOTTY);
    }
}

} // namespace sirius::tty
