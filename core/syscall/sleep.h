#pragma once

// nanosleep(2) and clock_nanosleep(2) (Linux kernel/time/hrtimer.c
// hrtimer_nanosleep and do_nanosleep, kernel/time/posix-timers.c
// sys_clock_nanosleep): the caller sleeps, interruptibly, until a time on
// one of the clocks of core/syscall/time.h. On a CPU-time clock
// (posix_cpu_nsleep) it sleeps until that clock, which moves as other
// threads run, reaches the time; a thread's own clock, which would never
// move, is EINVAL, and CLOCK_THREAD_CPUTIME_ID has no sleep (EOPNOTSUPP).
//
// One difference from Linux, for lack of a restart_block in proc::Thread:
// an interrupted relative sleep returns ERESTARTNOHAND where Linux returns
// ERESTART_RESTARTBLOCK. To a handler both are EINTR, with the time left
// written to `rem` first. Without a handler (a stop and SIGCONT, for one)
// Linux's restart_syscall(2) sleeps on to the first expiry; Sirius restarts
// the call itself, which reads the request again and sleeps all of it
// again. Absolute sleeps restart as Linux's do (ERESTARTNOHAND, same time).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_nanosleep(SyscallContext&, const SyscallArguments&);
i64 sys_clock_nanosleep(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
