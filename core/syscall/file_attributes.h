#pragma once

// The calls that change or test a file's attributes (Linux fs/open.c,
// fs/utimes.c): chmod(2), fchmod(2), fchmodat(2), chown(2), fchown(2),
// lchown(2), fchownat(2), utimensat(2), truncate(2), ftruncate(2),
// access(2), faccessat(2), faccessat2(2).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_chmod(SyscallContext&, const SyscallArguments&);
i64 sys_fchmod(SyscallContext&, const SyscallArguments&);
i64 sys_fchmodat(SyscallContext&, const SyscallArguments&);
i64 sys_chown(SyscallContext&, const SyscallArguments&);
i64 sys_fchown(SyscallContext&, const SyscallArguments&);
i64 sys_lchown(SyscallContext&, const SyscallArguments&);
i64 sys_fchownat(SyscallContext&, const SyscallArguments&);
i64 sys_utimensat(SyscallContext&, const SyscallArguments&);
i64 sys_truncate(SyscallContext&, const SyscallArguments&);
i64 sys_ftruncate(SyscallContext&, const SyscallArguments&);
i64 sys_access(SyscallContext&, const SyscallArguments&);
i64 sys_faccessat(SyscallContext&, const SyscallArguments&);
i64 sys_faccessat2(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
