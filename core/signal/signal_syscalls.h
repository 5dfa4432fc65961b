#pragma once

// The core of sigaction(2), sigprocmask(2) and sigpending(2) (Linux
// kernel/signal.c do_sigaction, sigprocmask, do_sigpending). The syscall
// layer copies the user structures; these functions apply the rules.
#include "core/base/result.h"
#include "core/signal/signal_actions.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::signal {

// Replaces (if `new_action`) and/or reads (if `old_action`) the action for
// `signal` in `current`'s signal action table. Unknown sa_flags bits are
// dropped on the way in and out; SIGKILL and SIGSTOP are never blocked
// during a handler. Setting an action that ignores the signal discards it
// from every pending set of the thread group.
// Errors: EINVAL (signal out of 1..64; a new action for SIGKILL or SIGSTOP).
Result<void> change_action(proc::Kernel& kernel, proc::Thread& current, int signal, const SignalAction* new_action, SignalAction* old_action);

// sigprocmask `how` values (SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK).
// Errors: EINVAL for any other `how`. SIGKILL and SIGSTOP are silently left
// unblocked.
Result<void> change_blocked(proc::Thread& current, int how, SignalSet set);

// Signals pending for `current` (its own and its thread group's) that it
// blocks: what sigpending(2) reports.
[[nodiscard]] SignalSet pending_and_blocked(const proc::Thread& current);

} // namespace sirius::signal
