#pragma once

// mount(2) and umount2(2) (Linux fs/namespace.c: path_mount, do_new_mount,
// do_loopback, do_remount, do_reconfigure_mnt, do_change_type,
// path_umount), and statfs(2) and fstatfs(2) (fs/statfs.c).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_mount(SyscallContext&, const SyscallArguments&);
i64 sys_umount2(SyscallContext&, const SyscallArguments&);
i64 sys_statfs(SyscallContext&, const SyscallArguments&);
i64 sys_fstatfs(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
