#pragma once

// getrandom(2) (drivers/char/random.c): bytes of the kernel's random
// generator (core/random/crng.h), waiting for its first seed unless told
// not to.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_getrandom(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
