#pragma once

// kernel_clone: create a thread or a process from a CloneRequest, with
// Linux's validation order (kernel/fork.c kernel_clone, copy_process) so the
// same call gets the same errno, and with each resource shared or copied by
// its flag. A failed clone leaves nothing behind: no pid, no reference, no
// thread known to the scheduler.
#include "core/proc/clone_request.h"
#include "core/proc/kernel.h"

namespace sirius::proc {

struct CloneResult {
    // The child's pid as the caller's pid namespace sees it (the syscall's
    // return value).
    PidNr pid { 0 };
    // The PTRACE_EVENT_* the tracer of the caller is to be told of, or 0.
    int ptrace_event { 0 };
};

// Preconditions: `current` is a live thread of `kernel`, running the call.
// Errors: EINVAL, EPERM, EAGAIN, ENOMEM, ENOSPC, EEXIST, EFAULT (pidfd),
// EMFILE (pidfd), EBADF/ENOENT/EACCES/EBUSY/EOPNOTSUPP (CLONE_INTO_CGROUP), EINTR
// (fatal signal), ERESTARTNOINTR (a signal arrived: the call is restarted).
[[nodiscard]] Result<CloneResult> kernel_clone(Kernel& kernel, Thread& current, const CloneRequest& request);

// What a new thread does before it first returns to user space (Linux
// schedule_tail): store its tid at CLONE_CHILD_SETTID's address, in its own
// memory. A bad address is ignored, as in Linux. Preconditions: `child` was
// created by kernel_clone and has not run yet.
void finish_clone_in_child(Thread& child);

} // namespace sirius::proc
