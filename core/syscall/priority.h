#pragma once

// getpriority(2) and setpriority(2) (kernel/sys.c): the nice value of one
// thread, of every thread of a process group, or of every thread of a
// user. The raw getpriority returns 20 - nice (1..40), which libc turns
// back into a nice value. The scheduler does not weigh threads by nice
// yet: the value is kept, inherited by fork, and reported.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_getpriority(SyscallContext&, const SyscallArguments&);
i64 sys_setpriority(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
