#pragma once

// What a parent hears about its child (Linux do_notify_parent and
// do_notify_parent_cldstop): SIGCHLD - or the child's exit signal - with
// CLD_* codes, and a wake-up of the parent's wait(2) callers.
#include "core/signal/job_control.h"

namespace sirius::proc {
class Kernel;
class Process;
} // namespace sirius::proc

namespace sirius::signal {

// The child's last thread has exited: sends its exit signal (0: none) to
// the parent with CLD_EXITED, CLD_KILLED or CLD_DUMPED from its wait status.
// Returns true when the child is to be reaped at once (sigaction(2): the
// parent's SIGCHLD is SIG_IGN or has SA_NOCLDWAIT, and the exit signal is
// SIGCHLD); under SIG_IGN no signal is sent.
// Preconditions: `child` has a parent and no live thread.
bool notify_parent_of_exit(proc::Kernel& kernel, proc::Process& child);

// The child's group stopped (`why` Stopped) or continued: SIGCHLD with
// CLD_STOPPED or CLD_CONTINUED unless the parent's SIGCHLD is SIG_IGN or has
// SA_NOCLDSTOP; the parent's waiters are woken either way.
void notify_parent_of_stop(proc::Kernel& kernel, proc::Process& child, ParentNotice why);

} // namespace sirius::signal
