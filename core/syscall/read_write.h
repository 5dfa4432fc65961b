#pragma once

// read(2), write(2), readv(2), writev(2): the checks of Linux's vfs_read,
// vfs_write, vfs_readv and vfs_writev (fs/read_write.c) around the file's
// read and write operations.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_read(SyscallContext&, const SyscallArguments&);
i64 sys_write(SyscallContext&, const SyscallArguments&);
i64 sys_readv(SyscallContext&, const SyscallArguments&);
i64 sys_writev(SyscallContext&, const SyscallArguments&);
// pread64(2), pwrite64(2) and lseek(2): for seekable files only (ESPIPE).
i64 sys_pread64(SyscallContext&, const SyscallArguments&);
i64 sys_pwrite64(SyscallContext&, const SyscallArguments&);
i64 sys_lseek(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
