#pragma once

// getitimer(2), setitimer(2) and alarm(2) (Linux kernel/time/itimer.c): the
// process's three interval timers of core/time/interval_timers.h, read and
// set through struct __kernel_old_itimerval (microseconds).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_getitimer(SyscallContext&, const SyscallArguments&);
i64 sys_setitimer(SyscallContext&, const SyscallArguments&);
i64 sys_alarm(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
