#pragma once

// getrlimit(2), setrlimit(2), prlimit64(2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_getrlimit(SyscallContext&, const SyscallArguments&);
i64 sys_setrlimit(SyscallContext&, const SyscallArguments&);
i64 sys_prlimit64(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
