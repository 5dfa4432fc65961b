#pragma once

// ptrace access mode checking (ptrace(2) "Ptrace access mode checking",
// Linux kernel/ptrace.c __ptrace_may_access with commoncap's
// cap_ptrace_access_check): whether one task may inspect or act on another.
// /proc/<pid>/ns links, pidfd_getfd(2), setns(2) by pidfd and
// get_robust_list(2) ask it.
namespace sirius::proc {

class Thread;

// PTRACE_MODE_READ or PTRACE_MODE_ATTACH, with PTRACE_MODE_FSCREDS (the
// caller's filesystem ids and effective capabilities) or
// PTRACE_MODE_REALCREDS (its real ids and permitted capabilities).
enum class PtraceMode : unsigned char {
    ReadFsCreds,
    ReadRealCreds,
    AttachFsCreds,
    AttachRealCreds,
};

// Yama is not modelled (Debian's kernel builds without it, and it limits
// attaching only).
[[nodiscard]] bool ptrace_may_access(const Thread& caller, const Thread& target, PtraceMode mode);

} // namespace sirius::proc
