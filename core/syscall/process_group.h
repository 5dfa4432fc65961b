#pragma once

// setpgid(2), getpgid(2), getpgrp(2), setsid(2), getsid(2) (kernel/sys.c):
// process group and session ids, numbered as the caller's pid namespace
// sees them (0 for a group or session outside it).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_setpgid(SyscallContext&, const SyscallArguments&);
i64 sys_getpgid(SyscallContext&, const SyscallArguments&);
i64 sys_getpgrp(SyscallContext&, const SyscallArguments&);
i64 sys_setsid(SyscallContext&, const SyscallArguments&);
i64 sys_getsid(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
