#pragma once

// sched_setaffinity(2) and sched_getaffinity(2) (kernel/sched/core.c) on a
// machine with one CPU: every thread's mask is CPU 0, the only one, and a
// new mask must contain it.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_sched_setaffinity(SyscallContext&, const SyscallArguments&);
i64 sys_sched_getaffinity(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
