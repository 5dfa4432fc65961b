#pragma once

// The user and group id syscalls (credentials(7)): get*id, set*id,
// getres*id/setres*id, setfs*id, getgroups/setgroups. Ids are those of the
// caller's user namespace; core/proc/set_ids has the rules.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_getuid(SyscallContext&, const SyscallArguments&);
i64 sys_geteuid(SyscallContext&, const SyscallArguments&);
i64 sys_getgid(SyscallContext&, const SyscallArguments&);
i64 sys_getegid(SyscallContext&, const SyscallArguments&);
i64 sys_getresuid(SyscallContext&, const SyscallArguments&);
i64 sys_getresgid(SyscallContext&, const SyscallArguments&);
i64 sys_setuid(SyscallContext&, const SyscallArguments&);
i64 sys_setgid(SyscallContext&, const SyscallArguments&);
i64 sys_setreuid(SyscallContext&, const SyscallArguments&);
i64 sys_setregid(SyscallContext&, const SyscallArguments&);
i64 sys_setresuid(SyscallContext&, const SyscallArguments&);
i64 sys_setresgid(SyscallContext&, const SyscallArguments&);
i64 sys_setfsuid(SyscallContext&, const SyscallArguments&);
i64 sys_setfsgid(SyscallContext&, const SyscallArguments&);
i64 sys_getgroups(SyscallContext&, const SyscallArguments&);
i64 sys_setgroups(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
