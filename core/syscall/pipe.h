#pragma once

// pipe(2), pipe2(2): a new pipe, its read end and write end on the lowest
// free descriptors (Linux fs/pipe.c do_pipe2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_pipe(SyscallContext&, const SyscallArguments&);
i64 sys_pipe2(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
