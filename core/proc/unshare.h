#pragma once

// unshare(2) (Linux kernel/fork.c ksys_unshare): the calling thread stops
// sharing its fd table, fs context or namespaces, and may enter a new user
// namespace. The new pid and time namespaces are for its children only.
#include "core/base/result.h"

namespace sirius::proc {

class Kernel;
class Thread;

// Errors: EINVAL (unknown flags; CLONE_THREAD, CLONE_SIGHAND or CLONE_VM -
// also implied by CLONE_NEWUSER - in a thread group or with shared signal
// actions or memory; CLONE_NEWPID twice), EPERM (a new namespace other than
// a user one without CAP_SYS_ADMIN; CLONE_NEWUSER chrooted or with unmapped
// ids), ENOSPC (nesting), ENOMEM. Nothing changes on error.
Result<void> unshare(Kernel& kernel, Thread& current, u64 flags);

} // namespace sirius::proc
