#pragma once

// arch_prctl(2): the x86_64 thread state a libc sets up at startup (the FS
// base its TLS lives at, the GS base) and the CPUID-faulting control, as
// Linux's do_arch_prctl_64 and do_arch_prctl_common have them.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_arch_prctl(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
