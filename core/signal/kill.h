#pragma once

// Who may signal whom, and how kill(2), tkill(2), tgkill(2),
// rt_sigqueueinfo(2) and rt_tgsigqueueinfo(2) find their targets (Linux
// kernel/signal.c check_kill_permission, kill_something_info,
// do_send_specific, do_rt_sigqueueinfo). Numbers are pids as the sender's
// pid namespace sees them; signal 0 checks existence and permission only.
#include "core/base/result.h"
#include "core/signal/signal_info.h"

namespace sirius::proc {
class Kernel;
class Pid;
class Thread;
} // namespace sirius::proc

namespace sirius::signal {

// The siginfo kill() and tgkill() send (prepare_kill_siginfo): `code`
// (SI_USER or SI_TKILL), the sender's thread-group id in its own pid
// namespace and its real uid in its own user namespace.
[[nodiscard]] SignalInfo sender_info(const proc::Thread& sender, int signal, i32 code);

// Linux check_kill_permission for a signal from user space: EINVAL for a
// signal out of 0..64; EPERM unless the sender is in the target's thread
// group, its real or effective uid is the target's real or saved uid, it
// has CAP_KILL over the target's user namespace, or the signal is SIGCONT
// within one session (kill(2)).
Result<void> check_kill_permission(const proc::Thread& sender, const proc::Thread& target, int signal, const SignalInfo& info);

// kill(2) semantics for `pid`: > 0 the process (or the process of the
// thread) with that number; 0 the sender's process group; -1 every process
// the sender may signal except itself and init; < -1 the process group
// -pid. `info.signo` is the signal (0: probe).
// Errors: EINVAL (bad signal), ESRCH (no such process or group), EPERM
// (not allowed for any target), EAGAIN (real-time queue full).
Result<void> kill_pid(proc::Kernel& kernel, proc::Thread& sender, i32 pid, const SignalInfo& info);

// tkill(2)/tgkill(2) semantics: the thread `tid`, which must belong to
// thread group `tgid` when tgid > 0. The caller has checked the numbers.
// Errors: ESRCH, EINVAL, EPERM, EAGAIN.
Result<void> kill_thread(proc::Kernel& kernel, proc::Thread& sender, i32 tgid, i32 tid, const SignalInfo& info);

// pidfd_send_signal(2)'s targets for a pidfd's Pid: the thread, its thread
// group, or the process group it leads (PIDTYPE_PID, _TGID, _PGID).
enum class PidTarget : u8 {
    Thread,
    ThreadGroup,
    ProcessGroup,
};

// Linux kill_pid_info_type and kill_pgrp_info for a Pid the caller holds.
// Errors: ESRCH (nothing attached any more), EINVAL, EPERM, EAGAIN.
Result<void> kill_pid_object(proc::Kernel& kernel, proc::Thread& sender, proc::Pid& pid, PidTarget target, const SignalInfo& info);

// rt_sigqueueinfo(2)/rt_tgsigqueueinfo(2)'s rule on forged siginfo: "Not
// even root can pretend to send signals from the kernel. Nor can they
// impersonate a kill()/tgkill(), which adds source info." A code >= 0 or
// SI_TKILL is allowed only when signalling oneself (`tid` is the sender's
// own thread id). Errors: EPERM.
Result<void> check_forged_info(const proc::Thread& sender, i32 tid, const SignalInfo& info);

} // namespace sirius::signal
