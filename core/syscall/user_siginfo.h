#pragma once

// A siginfo_t from user space, as Linux's copy_siginfo_from_user takes it
// (rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal).
#include "core/signal/signal_info.h"
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

// The first 48 bytes are the kernel's (struct kernel_siginfo); the rest must
// be zero unless the signal and code name a layout the kernel knows
// (post_copy_siginfo_from_user), and reads back as zero.
// Errors: EFAULT, E2BIG.
Result<signal::SignalInfo> read_user_siginfo(SyscallContext& context, u64 address);

} // namespace sirius::syscall
