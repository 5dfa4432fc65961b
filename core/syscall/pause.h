#pragma once

// pause(2) (kernel/signal.c): sleep until a signal is delivered.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_pause(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
