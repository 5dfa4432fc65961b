#pragma once

// getpid(2), getppid(2), gettid(2): numbers as the caller's pid namespace
// sees them.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_getpid(SyscallContext&, const SyscallArguments&);
i64 sys_getppid(SyscallContext&, const SyscallArguments&);
i64 sys_gettid(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
