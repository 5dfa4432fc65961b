#pragma once

// close(2), close_range(2), dup(2), dup2(2), dup3(2): the descriptor
// table's own calls (Linux fs/open.c close, fs/file.c close_range and
// dup/dup2/dup3).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_close(SyscallContext&, const SyscallArguments&);
i64 sys_close_range(SyscallContext&, const SyscallArguments&);
i64 sys_dup(SyscallContext&, const SyscallArguments&);
i64 sys_dup2(SyscallContext&, const SyscallArguments&);
i64 sys_dup3(SyscallContext&, const SyscallArguments&);

// Installs `file` at the lowest free descriptor >= `minimum` below the
// caller's RLIMIT_NOFILE (Linux alloc_fd + fd_install: dup, F_DUPFD,
// pipe2). Errors: EMFILE, ENOMEM.
Result<int> install_lowest(SyscallContext& context, RefPtr<fs::File> file, int minimum, bool close_on_exec);

// The caller's RLIMIT_NOFILE soft limit (Linux rlimit(RLIMIT_NOFILE)).
u64 open_files_limit(const SyscallContext& context);

} // namespace sirius::syscall
