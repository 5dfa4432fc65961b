#pragma once

// rt_sigaction(2), rt_sigprocmask(2), rt_sigpending(2): copy the user
// structures and call core/signal.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_rt_sigaction(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigprocmask(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigpending(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
