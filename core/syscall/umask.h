#pragma once

// umask(2): the caller's file mode creation mask (shared by CLONE_FS).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_umask(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
