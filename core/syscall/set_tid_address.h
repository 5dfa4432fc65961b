#pragma once

// set_tid_address(2): where the calling thread's tid is cleared (and, with
// futexes, woken) when it exits.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_set_tid_address(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
