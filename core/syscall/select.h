#pragma once

// select(2) and pselect6(2) (Linux fs/select.c kern_select, do_pselect,
// core_sys_select, do_select): poll(2) over three bitmaps of descriptors
// (fd_set) - ready to read, to write, or with an exceptional condition.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_select(SyscallContext&, const SyscallArguments&);
i64 sys_pselect6(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
