#pragma once

// exit(2) and exit_group(2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_exit(SyscallContext&, const SyscallArguments&);
i64 sys_exit_group(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
