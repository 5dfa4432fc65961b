#include "core/tty/controlling_terminal.h"

#include <asm/signal.h>
#include <linux/capability.h>

#include "core/proc/kernel.h"
#include "core/signal/orphaned_group.h"
#include "core/signal/send_signal.h"
#include "core/tty/terminal.h"

namespace sirius::tty {

namespace {

proc::Session& session_of(const proc::Thread& thread)
{
    return thread.process().process_group().session();
}

// is_ignored(sig) in tty_jobctrl.c: blocked, or its handler is SIG_IGN.
bool is_ignored(const proc::Thread& thread, int signal)
{
    return thread.blocked.contains(signal) || thread.signal_actions->action(signal).handler == signal::kSigIgnore;
}

bool has_sys_admin(proc::Kernel& kernel, const proc::Thread& thread)
{
    return proc::has_capability_in(*thread.credentials, *kernel.initial_user_namespace(), CAP_SYS_ADMIN);
}

} // namespace

bool is_controlling_terminal_of(const Terminal& terminal, const proc::Thread& caller)
{
    return session_of(caller).controlling_terminal == &terminal;
}

Result<void> check_terminal_access(proc::Kernel& kernel, proc::Thread& caller, Terminal& terminal, int signal)
{
    if (!is_controlling_terminal_of(terminal, caller)) {
        return {};
    }
    proc::ProcessGroup& group = caller.process().process_group();
    const proc::Pid* foreground = terminal.foreground_group();
    if (foreground == nullptr || foreground == &group.pid()) {
        return {};
    }
    if (is_ignored(caller, signal)) {
        if (signal == SIGTTIN) {
            return errno_error(EIO);
        }
        return {};
    }
    if (signal::is_orphaned_process_group(kernel, group, nullptr)) {
        return errno_error(EIO);
    }
    signal_process_group(kernel, group.pid(), signal);
    return errno_error(ERESTARTSYS);
}

void signal_process_group(proc::Kernel& kernel, const proc::Pid& group, int signal)
{
    for (proc::Process& member : kernel.processes()) {
        if (&member.process_group().pid() != &group || member.leader() == nullptr) {
            continue;
        }
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiKernel;
        (void)signal::send_signal(kernel, info, *member.leader(), signal::SignalScope::Process, signal::SignalSender::kernel());
    }
}

Result<void> acquire_controlling_terminal(proc::Kernel& kernel, proc::Thread& caller, Terminal& terminal, bool readable, i64 steal)
{
    proc::Process& process = caller.process();
    proc::Session& session = session_of(caller);
    const bool is_leader = &session.pid() == &process.pid();
    // "if (current->signal->leader && task_session(current) == tty->ctrl.session) goto unlock;"
    if (is_leader && terminal.session() == &session.pid()) {
        return {};
    }
    // "The process must be a session leader and not have a controlling tty already."
    if (!is_leader || session.controlling_terminal != nullptr) {
        return errno_error(EPERM);
    }
    if (terminal.session() != nullptr) {
        // "This tty is already the controlling tty for another session group!"
        if (steal != 1 || !has_sys_admin(kernel, caller)) {
            return errno_error(EPERM);
        }
        if (proc::Session* owner = terminal.session()->session; owner != nullptr) {
            owner->controlling_terminal = nullptr;
        }
    }
    // tty_open_proc_set_tty: "the tty must be opened for reading" to become
    // one, unless CAP_SYS_ADMIN.
    if (!readable && !has_sys_admin(kernel, caller)) {
        return errno_error(EPERM);
    }
    session.controlling_terminal = &terminal;
    terminal.set_controlling_session(RefPtr<proc::Pid>(&session.pid()), RefPtr<proc::Pid>(&process.process_group().pid()));
    return {};
}

void disassociate_controlling_terminal(proc::Kernel& kernel, proc::Session& session, bool on_exit)
{
    Terminal* terminal = session.controlling_terminal;
    if (terminal == nullptr) {
        return;
    }
    if (proc::Pid* foreground = terminal->foreground_group(); foreground != nullptr) {
        const RefPtr<proc::Pid> group(foreground);
        signal_process_group(kernel, *group, SIGHUP);
        if (!on_exit) {
            signal_process_group(kernel, *group, SIGCONT);
        }
    }
    session.controlling_terminal = nullptr;
    if (terminal->session() == &session.pid()) {
        terminal->set_controlling_session(nullptr, nullptr);
    }
}

} // namespace sirius::tty
