#pragma once

// execve(2) and execveat(2): run a new program in the calling process.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_execve(SyscallContext&, const SyscallArguments&);
i64 sys_execveat(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
