#pragma once

// kill(2), tkill(2), tgkill(2), rt_sigqueueinfo(2), rt_tgsigqueueinfo(2):
// decode the arguments and call core/signal/kill.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_kill(SyscallContext&, const SyscallArguments&);
i64 sys_tkill(SyscallContext&, const SyscallArguments&);
i64 sys_tgkill(SyscallContext&, const SyscallArguments&);
i64 sys_rt_sigqueueinfo(SyscallContext&, const SyscallArguments&);
i64 sys_rt_tgsigqueueinfo(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
