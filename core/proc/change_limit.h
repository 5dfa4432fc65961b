#pragma once

// Reading and changing resource limits (getrlimit(2), setrlimit(2),
// prlimit(2); Linux kernel/sys.c do_prlimit and check_prlimit_permission).
#include "core/proc/resource_limits.h"
#include "core/base/result.h"

namespace sirius::proc {

class Credentials;
class Process;

// The most file descriptors a process may have (/proc/sys/fs/nr_open).
inline constexpr u64 kMaxOpenFiles = u64 { 1024 } * 1024;

// Linux do_prlimit on `process`: stores the old limit in `old_limit` (if
// not null) and sets `new_limit` (if not null). Raising the hard limit
// needs CAP_SYS_RESOURCE in the initial user namespace.
// Errors: EINVAL (resource out of range, soft above hard), EPERM (RLIMIT_NOFILE
// above kMaxOpenFiles, or raising the hard limit unprivileged).
Result<void> change_limit(Process& process, const Credentials& caller, int resource, const ResourceLimit* new_limit, ResourceLimit* old_limit);

// check_prlimit_permission: the caller may read or change another's limits
// if its real uid and gid equal all of the target's (real, effective,
// saved), or it has CAP_SYS_RESOURCE over the target's user namespace.
[[nodiscard]] bool may_change_limits_of(const Credentials& caller, const Credentials& target);

} // namespace sirius::proc
