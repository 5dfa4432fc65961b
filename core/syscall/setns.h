#pragma once

// setns(2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_setns(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
