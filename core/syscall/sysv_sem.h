#pragma once

// semget(2), semop(2), semtimedop(2), semctl(2): argument decoding and the
// copies of operations, arrays and structures (Linux ipc/sem.c sys_* and
// ksys_*); the rules are core/ipc/sem.cpp's.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_semget(SyscallContext&, const SyscallArguments&);
i64 sys_semop(SyscallContext&, const SyscallArguments&);
i64 sys_semtimedop(SyscallContext&, const SyscallArguments&);
i64 sys_semctl(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
