#pragma once

// pivot_root(2) (Linux fs/namespace.c: SYSCALL_DEFINE2(pivot_root) and
// chroot_fs_refs).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_pivot_root(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
