#pragma once

// shmget(2), shmat(2), shmdt(2), shmctl(2): argument decoding and the copies
// of structures (Linux ipc/shm.c sys_* and ksys_*); the rules are
// core/ipc/shm.cpp's.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_shmget(SyscallContext&, const SyscallArguments&);
i64 sys_shmat(SyscallContext&, const SyscallArguments&);
i64 sys_shmdt(SyscallContext&, const SyscallArguments&);
i64 sys_shmctl(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
