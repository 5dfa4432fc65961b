#pragma once

// wait4(2) and waitid(2): decode the selector and options, store the
// result (core/proc/wait).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_wait4(SyscallContext&, const SyscallArguments&);
i64 sys_waitid(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
