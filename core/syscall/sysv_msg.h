#pragma once

// msgget(2), msgsnd(2), msgrcv(2), msgctl(2): argument decoding and the
// copies of messages and structures (Linux ipc/msg.c sys_* and ksys_*);
// the rules are core/ipc/msg.cpp's.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_msgget(SyscallContext&, const SyscallArguments&);
i64 sys_msgsnd(SyscallContext&, const SyscallArguments&);
i64 sys_msgrcv(SyscallContext&, const SyscallArguments&);
i64 sys_msgctl(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
