#pragma once

// CloneRequest: one clone, whichever syscall asked for it (Linux struct
// kernel_clone_args). clone(2), clone3(2), fork(2) and vfork(2) each fill one
// in; kernel_clone() carries it out.
#include "core/base/user_memory.h"
#include "core/ns/pid_namespace.h"

namespace sirius::proc {

struct CloneRequest {
    u64 flags { 0 };          // CLONE_* without the exit signal
    int exit_signal { 0 };    // sent to the parent when the child exits
    UserAddress pidfd;        // CLONE_PIDFD: where the pidfd is stored
    UserAddress child_tid;    // CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID
    UserAddress parent_tid;   // CLONE_PARENT_SETTID
    u64 stack { 0 };          // the child's stack pointer (0: the parent's)
    u64 stack_size { 0 };
    u64 tls { 0 };            // CLONE_SETTLS
    PidNr set_tid[ns::kMaxPidNamespaceLevel] {};
    usize set_tid_size { 0 };
    u64 cgroup { 0 };         // CLONE_INTO_CGROUP: an fd of a cgroup2 directory
};

} // namespace sirius::proc
