#pragma once

// prctl(2): the per-process and per-thread settings the core keeps.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_prctl(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
