#pragma once

// unshare(2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_unshare(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
