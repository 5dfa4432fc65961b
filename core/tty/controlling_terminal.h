#pragma once

// A terminal as the controlling terminal of a session, and the job-control
// rules that follow from it (Linux drivers/tty/tty_jobctrl.c; credentials(7),
// "Sessions and process groups"; termios(3), "Job control").
#include "core/base/result.h"

namespace sirius::proc {
class Kernel;
class Pid;
class Session;
class Thread;
} // namespace sirius::proc

namespace sirius::tty {

class Terminal;

// `terminal` is the controlling terminal of the caller's session
// (current->signal->tty == tty).
[[nodiscard]] bool is_controlling_terminal_of(const Terminal& terminal, const proc::Thread& caller);

// Linux __tty_check_change, for a read (SIGTTIN), a write under TOSTOP and
// the calls that change the terminal (SIGTTOU): a caller outside the
// foreground process group of its own controlling terminal is stopped - the
// signal goes to its whole group and the call ends with ERESTARTSYS, to be
// restarted once it is continued. Unless the signal is ignored or blocked
// (then EIO for SIGTTIN, and SIGTTOU lets the call go on) or the group is
// orphaned (EIO: "nobody is left to continue it").
Result<void> check_terminal_access(proc::Kernel& kernel, proc::Thread& caller, Terminal& terminal, int signal);

// Linux kill_pgrp(group, signal, 1): the signal from the kernel to every
// process of the group `group` names (none: nothing).
void signal_process_group(proc::Kernel& kernel, const proc::Pid& group, int signal);

// Linux tiocsctty and __proc_set_tty: the caller's session takes `terminal`
// as its controlling terminal, with the caller's group in the foreground.
// Errors (tty_jobctrl.c): EPERM when the caller is not a session leader, its
// session already has one, or `terminal` belongs to another session (unless
// `steal` == 1 with CAP_SYS_ADMIN), or the file was opened without read
// access and the caller lacks CAP_SYS_ADMIN. Already its own: success.
Result<void> acquire_controlling_terminal(proc::Kernel& kernel, proc::Thread& caller, Terminal& terminal, bool readable, i64 steal);

// Linux disassociate_ctty: `session` loses its controlling terminal, whose
// foreground group gets SIGHUP and, unless the session leader is exiting
// (`on_exit`), SIGCONT; the terminal forgets session and group. Nothing
// when the session has none. For TIOCNOTTY by the session leader, and for
// the exit of a session leader (Kernel::exit_thread, when its group dies).
void disassociate_controlling_terminal(proc::Kernel& kernel, proc::Session& session, bool on_exit);

} // namespace sirius::tty
