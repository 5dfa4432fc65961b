#pragma once

// sysinfo(2): uptime, memory and the number of tasks (kernel/sys.c
// do_sysinfo).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_sysinfo(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
