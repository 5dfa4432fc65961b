#pragma once

// The rt_sig* family: rt_sigaction(2), rt_sigprocmask(2), rt_sigpending(2),
// rt_sigsuspend(2), rt_sigtimedwait(2), rt_sigreturn(2). They copy the user
// structures and call core/signal.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_rt_sigaction(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigprocmask(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigpending(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigsuspend(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigtimedwait(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigreturn(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
