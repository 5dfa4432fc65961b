#pragma once

// The calls that add, remove and read names (Linux fs/namei.c): mkdir(2),
// mkdirat(2), mknod(2), mknodat(2), unlink(2), unlinkat(2), rmdir(2),
// rename(2), renameat(2), renameat2(2), link(2), linkat(2), symlink(2),
// symlinkat(2), readlink(2), readlinkat(2). The rules are core/fs/vfs.h's;
// here the arguments are decoded.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_mkdir(SyscallContext&, const SyscallArguments&);
i64 sys_mkdirat(SyscallContext&, const SyscallArguments&);
i64 sys_mknod(SyscallContext&, const SyscallArguments&);
i64 sys_mknodat(SyscallContext&, const SyscallArguments&);
i64 sys_unlink(SyscallContext&, const SyscallArguments&);
i64 sys_unlinkat(SyscallContext&, const SyscallArguments&);
i64 sys_rmdir(SyscallContext&, const SyscallArguments&);
i64 sys_rename(SyscallContext&, const SyscallArguments&);
i64 sys_renameat(SyscallContext&, const SyscallArguments&);
i64 sys_renameat2(SyscallContext&, const SyscallArguments&);
i64 sys_link(SyscallContext&, const SyscallArguments&);
i64 sys_linkat(SyscallContext&, const SyscallArguments&);
i64 sys_symlink(SyscallContext&, const SyscallArguments&);
i64 sys_symlinkat(SyscallContext&, const SyscallArguments&);
i64 sys_readlink(SyscallContext&, const SyscallArguments&);
i64 sys_readlinkat(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
