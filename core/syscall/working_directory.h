#pragma once

// chdir(2), fchdir(2), getcwd(2) and chroot(2) (Linux fs/open.c,
// fs/d_path.c): the task's working directory and root in its FsContext.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_chdir(SyscallContext&, const SyscallArguments&);
i64 sys_fchdir(SyscallContext&, const SyscallArguments&);
i64 sys_getcwd(SyscallContext&, const SyscallArguments&);
i64 sys_chroot(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
