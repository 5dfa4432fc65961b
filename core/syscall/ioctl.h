#pragma once

// ioctl(2): the generic commands of Linux's do_vfs_ioctl (fs/ioctl.c) that
// need no filesystem, then the file's own.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_ioctl(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
