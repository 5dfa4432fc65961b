#pragma once

// pidfd_open(2), pidfd_send_signal(2) and pidfd_getfd(2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_pidfd_open(SyscallContext&, const SyscallArguments&);
i64 sys_pidfd_send_signal(SyscallContext&, const SyscallArguments&);
i64 sys_pidfd_getfd(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
