#pragma once

// setns(2) (Linux kernel/nsproxy.c: the setns syscall, prepare_nsset,
// validate_ns / validate_nsset, commit_nsset, and each namespace type's
// ->install): the calling thread joins existing namespaces, named by a
// namespace file or by a pidfd's process.
#include "core/base/result.h"
#include "core/ns/namespace_handle.h"

namespace sirius::proc {

class Kernel;
class Pid;
class Thread;

// Joins `target` (a namespace file's). `nstype` 0 takes any type; another
// value must be the namespace's CLONE_NEW* flag (EINVAL).
// Errors: EINVAL (the wrong type; the user namespace already the caller's,
// or the caller multithreaded or sharing its fs; a pid namespace neither the
// caller's own nor below it; mnt with a shared fs), EPERM (missing
// capabilities), EUSERS (time: the caller shares its memory or thread group),
// ENOMEM. Nothing changes on error.
Result<void> setns_to_namespace(Kernel& kernel, Thread& current, const ns::NamespaceHandle& target, u32 nstype);

// Joins the namespaces of the process `target` (a pidfd's) that `flags`, a
// non-empty set of CLONE_NEW* flags, name: all of them or, on any error,
// none. Errors: EINVAL (other flags, none), ESRCH (the process has exited),
// EPERM (no PTRACE_MODE_READ_REALCREDS access to it; capabilities), and
// each type's as above.
Result<void> setns_to_process(Kernel& kernel, Thread& current, const Pid& target, u64 flags);

} // namespace sirius::proc
