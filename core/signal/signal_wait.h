#pragma once

// Waiting for signals: rt_sigsuspend(2) and rt_sigtimedwait(2) (Linux
// kernel/signal.c sigsuspend and do_sigtimedwait).
#include "core/base/result.h"
#include "core/hal/clock.h"
#include "core/signal/signal_info.h"
#include "core/signal/signal_set.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::signal {

// sigsuspend(2): "temporarily replaces the signal mask of the calling
// thread with the mask given by mask and then suspends the thread until
// delivery of a signal whose action is to invoke a signal handler or to
// terminate a process". The old mask is restored on the way out (by the
// handler's rt_sigreturn, or by handle_signals). SIGKILL and SIGSTOP stay
// unblocked. The syscall then returns -ERESTARTNOHAND (EINTR to a handler).
void suspend_until_signal(proc::Kernel& kernel, proc::Thread& current, SignalSet mask);

// sigtimedwait(2): takes one pending signal of `wanted` (SIGKILL and
// SIGSTOP are never waited for), sleeping - with those signals unblocked -
// until one arrives, `timeout` passes (nullptr: no limit; 0: no wait) or
// another signal interrupts.
// Errors: EAGAIN (timeout), EINTR (another signal).
Result<SignalInfo> wait_for_signal(proc::Kernel& kernel, proc::Thread& current, SignalSet wanted, const hal::Nanoseconds* timeout);

} // namespace sirius::signal
