#pragma once

// capget(2) and capset(2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_capget(SyscallContext&, const SyscallArguments&);
i64 sys_capset(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
