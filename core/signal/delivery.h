#pragma once

// Signal delivery: what happens to a thread's signals on its way back to
// user space (Linux get_signal, handle_signal, signal_setup_done and the
// syscall restart rules of arch_do_signal_or_restart). Default actions run
// here - terminate, core, stop, continue, ignore - and a caught signal gets
// a handler frame through hal::UserContext.
#include "core/signal/signal_info.h"
#include "core/signal/signal_set.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::signal {

enum class ReturnToUser : u8 {
    Resume, // go back to user space (maybe into a handler)
    Exited, // the thread has exited (a fatal signal): never return to it
};

// The signal work for `current` before it returns to user space. Every
// deliverable signal is taken in turn: ignored ones are dropped, default
// actions run (a stop sleeps until SIGCONT; a fatal one exits the thread
// and takes the group with it), and each caught one pushes a handler frame
// - so several handlers nest, the last one set up running first.
// `syscall_result` is the value a syscall is returning (nullptr when not
// returning from one): the restart codes are resolved against the first
// handler - ERESTARTSYS restarts under SA_RESTART, ERESTARTNOINTR always,
// ERESTARTNOHAND and ERESTART_RESTARTBLOCK only when no handler runs - and
// become EINTR otherwise (signal(7), "Interruption of system calls").
// A frame that cannot be written kills the thread with SIGSEGV.
// Preconditions: `current` is running and has a user context.
ReturnToUser handle_signals(proc::Kernel& kernel, proc::Thread& current, const i64* syscall_result);

// Linux dequeue_signal: the next signal not in `blocked` for `thread` -
// from its own pending set first, then its group's - with its siginfo
// (signo 0: none). Taking the group's SIGALRM rearms a periodic ITIMER_REAL
// (core/time/interval_timers.h).
SignalInfo dequeue_signal(proc::Thread& thread, SignalSet blocked);

// rt_sigreturn: the handler returned; its frame gives back the registers,
// the mask (never blocking SIGKILL or SIGSTOP) and the alternate stack. A
// bad frame forces SIGSEGV. Returns the restored return-value register.
i64 return_from_handler(proc::Kernel& kernel, proc::Thread& current);

} // namespace sirius::signal
