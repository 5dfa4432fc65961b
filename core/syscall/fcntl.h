#pragma once

// fcntl(2) (Linux fs/fcntl.c do_fcntl): the descriptor commands (F_DUPFD,
// F_DUPFD_CLOEXEC, F_GETFD, F_SETFD), the status flags (F_GETFL, F_SETFL)
// and a pipe's capacity (F_GETPIPE_SZ, F_SETPIPE_SZ). Locks, leases,
// owners and signals for O_ASYNC, directory notification and seals are not
// built: EINVAL, which is Linux's answer when they are configured out
// (CONFIG_FILE_LOCKING, CONFIG_DNOTIFY) or, for seals, on a file that is
// not a memfd.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_fcntl(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
