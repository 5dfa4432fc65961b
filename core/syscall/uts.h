#pragma once

// uname(2), sethostname(2), setdomainname(2): the names of the caller's UTS
// namespace (uts_namespaces(7)).
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_uname(SyscallContext&, const SyscallArguments&);
i64 sys_sethostname(SyscallContext&, const SyscallArguments&);
i64 sys_setdomainname(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
