#pragma once

// futex(2), set_robust_list(2) and get_robust_list(2) (Linux
// kernel/futex/syscalls.c): decode the operation and its arguments in
// Linux's order, then call the futex table (core/proc/futex).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_futex(SyscallContext&, const SyscallArguments&);
i64 sys_set_robust_list(SyscallContext&, const SyscallArguments&);
i64 sys_get_robust_list(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
