#pragma once

// stat(2), fstat(2), lstat(2), newfstatat(2), statx(2) (Linux fs/stat.c):
// vfs_statx's walk and flags, and the inode's attributes as cp_new_stat and
// cp_statx copy them.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_stat(SyscallContext&, const SyscallArguments&);
i64 sys_fstat(SyscallContext&, const SyscallArguments&);
i64 sys_lstat(SyscallContext&, const SyscallArguments&);
i64 sys_newfstatat(SyscallContext&, const SyscallArguments&);
i64 sys_statx(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
