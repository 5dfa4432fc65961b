#pragma once

// poll(2) and ppoll(2) (Linux fs/select.c do_sys_poll, do_poll,
// do_pollfd): wait until one of a set of descriptors is ready for what
// its events ask, a signal comes, or the timeout passes.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_poll(SyscallContext&, const SyscallArguments&);
i64 sys_ppoll(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
