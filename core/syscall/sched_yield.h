#pragma once

// sched_yield(2) (kernel/sched/core.c): give the CPU to another runnable
// thread, if there is one.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_sched_yield(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
