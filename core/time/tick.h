#pragma once

// What the platform's periodic timer tick owes the core, in two halves
// (Linux update_process_times in the interrupt, then what it defers: the
// hrtimer softirq and, since 5.10, posix CPU timers as task work on the
// way back to user space).
//
// 1. In the timer interrupt, for the thread it interrupted (none when the
//    CPU was idle): account_tick. It only counts; it touches no list, so
//    it is safe whatever core code the interrupt came in on.
// 2. At a safe point - a thread about to return to user space, or the idle
//    loop - where no core code is half done on this CPU:
//    run_timer_work. It runs the kernel timers that are due (ITIMER_REAL's
//    SIGALRM), the CPU-time itimers of the returning thread's process
//    (SIGVTALRM, SIGPROF), and wakes the sleeps on CPU-time clocks.
// A host test drives both by hand over a clock it advances.
#include "core/time/cpu_time.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::time {

// account_process_tick: one tick (Clock::tick_period) of CPU time for
// `thread`, as user time if the interrupt came from user mode, else as
// system time.
void account_tick(const proc::Kernel& kernel, proc::Thread& thread, TickMode mode);

// The deferred half. `returning` is the thread about to return to user
// space, or nullptr in the idle loop.
void run_timer_work(proc::Kernel& kernel, proc::Thread* returning);

} // namespace sirius::time
