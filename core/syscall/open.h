#pragma once

// open(2), openat(2), creat(2) (Linux fs/open.c do_sys_open): the flags
// build_open_flags keeps, the walk and checks of do_filp_open (core/fs/vfs.h),
// then a descriptor (get_unused_fd_flags: EMFILE at RLIMIT_NOFILE).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_open(SyscallContext&, const SyscallArguments&);
i64 sys_openat(SyscallContext&, const SyscallArguments&);
i64 sys_creat(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
