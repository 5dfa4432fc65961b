#pragma once

// sigaltstack(2): copy stack_t in and out; the rules are in core/signal.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_sigaltstack(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
