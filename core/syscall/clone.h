#pragma once

// clone(2), clone3(2), fork(2), vfork(2): decode the user arguments and call
// proc::kernel_clone.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_clone(SyscallContext&, const SyscallArguments&);
i64 sys_clone3(SyscallContext&, const SyscallArguments&);
i64 sys_fork(SyscallContext&, const SyscallArguments&);
i64 sys_vfork(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
