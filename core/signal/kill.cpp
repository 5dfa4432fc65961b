#include "core/signal/kill.h"

#include <asm/signal.h>

#include "core/proc/kernel.h"
#include "core/signal/send_signal.h"

namespace sirius::signal {

namespace {

// Linux kill_ok_by_cred.
bool credentials_allow(const proc::Credentials& sender, const proc::Credentials& target)
{
    return sender.uid.effective == target.uid.saved || sender.uid.effective == target.uid.real || sender.uid.real == target.uid.saved
        || sender.uid.real == target.uid.real || proc::has_capability_in(sender, *target.user_ns, CAP_KILL);
}

// Linux group_send_sig_info and do_send_specific's middle: permission,
// then the signal for `target` or its whole group (nothing for the probe,
// signal 0).
Result<void> checked_send(proc::Kernel& kernel, proc::Thread& sender, proc::Thread& target, SignalScope scope, const SignalInfo& info)
{
    TRY(check_kill_permission(sender, target, info.signo, info));
    if (info.signo == 0) {
        return {};
    }
    return send_signal(kernel, info, target, scope, SignalSender::user(sender));
}

Result<void> send_to_group(proc::Kernel& kernel, proc::Thread& sender, proc::Thread& target, const SignalInfo& info)
{
    return checked_send(kernel, sender, target, SignalScope::Process, info);
}

// The thread a process is signalled through: its leader, which stays
// until the process is reaped (Linux signals a group through any of its
// tasks; the pid names the leader's).
proc::Thread* representative(const proc::Process& process)
{
    return process.leader();
}

// Linux __kill_pgrp_info: every member of the group; success if any
// member took the signal, otherwise the last error.
Result<void> kill_process_group(proc::Kernel& kernel, proc::Thread& sender, const proc::ProcessGroup* group, const SignalInfo& info)
{
    if (group == nullptr) {
        return errno_error(ESRCH);
    }
    bool any_success = false;
    Result<void> last = errno_error(ESRCH);
    for (proc::Process& process : kernel.processes()) {
        proc::Thread* target = representative(process);
        if (&process.process_group() != group || target == nullptr) {
            continue;
        }
        last = send_to_group(kernel, sender, *target, info);
        any_success = any_success || last.has_value();
    }
    if (any_success) {
        return {};
    }
    return last;
}

// kill(-1, sig): "sig is sent to every process for which the calling
// process has permission to send signals, except for process 1 (init)"
// and the caller's own group (kill(2)). As in Linux, targets that refuse
// with EPERM do not make the call fail; any other error of the last
// target that had one does.
Result<void> kill_everyone(proc::Kernel& kernel, proc::Thread& sender, const SignalInfo& info)
{
    const ns::PidNamespace& sender_ns = sender.active_pid_namespace();
    u32 count = 0;
    Result<void> result {};
    for (proc::Process& process : kernel.processes()) {
        proc::Thread* target = representative(process);
        if (target == nullptr || process.pid().nr_in(sender_ns) <= 1 || &process == &sender.process()) {
            continue;
        }
        auto sent = send_to_group(kernel, sender, *target, info);
        ++count;
        if (!sent.is_error() || sent.error().code() != EPERM) {
            result = sent;
        }
    }
    if (count == 0) {
        return errno_error(ESRCH);
    }
    return result;
}

} // namespace

SignalInfo sender_info(const proc::Thread& sender, int signal, i32 code)
{
    SignalInfo info;
    info.signo = signal;
    info.code = code;
    const proc::Credentials& credentials = *sender.credentials;
    info.set_sender(static_cast<i32>(sender.process().pid().nr_in(sender.active_pid_namespace())),
        credentials.user_ns->uid_from_kernel_munged(credentials.uid.real));
    return info;
}

Result<void> check_kill_permission(const proc::Thread& sender, const proc::Thread& target, int signal, const SignalInfo& info)
{
    if (signal < 0 || !is_valid_signal(static_cast<u64>(signal))) {
        return errno_error(EINVAL);
    }
    // si_fromuser: only signals from user space are checked.
    if (info.code > 0) {
        return {};
    }
    if (&sender.process() == &target.process() || credentials_allow(*sender.credentials, *target.credentials)) {
        return {};
    }
    // kill(2): "In the case of SIGCONT, it suffices when the sending and
    // receiving processes belong to the same session."
    if (signal == SIGCONT && &target.process().process_group().session() == &sender.process().process_group().session()) {
        return {};
    }
    return errno_error(EPERM);
}

Result<void> kill_pid(proc::Kernel& kernel, proc::Thread& sender, i32 pid, const SignalInfo& info)
{
    const ns::PidNamespace& sender_ns = sender.active_pid_namespace();
    if (pid > 0) {
        // kill_proc_info: the task with that number, and its whole group.
        proc::Thread* target = kernel.find_thread(sender_ns, static_cast<PidNr>(pid));
        if (target == nullptr) {
            return errno_error(ESRCH);
        }
        return send_to_group(kernel, sender, *target, info);
    }
    // "-INT_MIN is undefined. Exclude this case to avoid a UBSAN warning."
    if (pid == INT32_MIN) {
        return errno_error(ESRCH);
    }
    if (pid == -1) {
        return kill_everyone(kernel, sender, info);
    }
    const proc::ProcessGroup* group = &sender.process().process_group();
    if (pid != 0) {
        proc::Pid* named = sender_ns.find(static_cast<PidNr>(-pid));
        group = named != nullptr ? named->process_group : nullptr;
    }
    return kill_process_group(kernel, sender, group, info);
}

Result<void> kill_thread(proc::Kernel& kernel, proc::Thread& sender, i32 tgid, i32 tid, const SignalInfo& info)
{
    const ns::PidNamespace& sender_ns = sender.active_pid_namespace();
    proc::Thread* target = kernel.find_thread(sender_ns, static_cast<PidNr>(tid));
    if (target == nullptr || (tgid > 0 && target->process().pid().nr_in(sender_ns) != static_cast<PidNr>(tgid))) {
        return errno_error(ESRCH);
    }
    return checked_send(kernel, sender, *target, SignalScope::Thread, info);
}

Result<void> kill_pid_object(proc::Kernel& kernel, proc::Thread& sender, proc::Pid& pid, PidTarget target, const SignalInfo& info)
{
    if (target == PidTarget::ProcessGroup) {
        return kill_process_group(kernel, sender, pid.process_group, info);
    }
    proc::Thread* thread = pid.thread;
    if (thread == nullptr) {
        return errno_error(ESRCH);
    }
    if (target == PidTarget::ThreadGroup) {
        return send_to_group(kernel, sender, *thread, info);
    }
    return checked_send(kernel, sender, *thread, SignalScope::Thread, info);
}

Result<void> check_forged_info(const proc::Thread& sender, i32 tid, const SignalInfo& info)
{
    const bool claims_kernel_or_kill = info.code >= 0 || info.code == kSiTkill;
    if (claims_kernel_or_kill && sender.pid().nr_in(sender.active_pid_namespace()) != static_cast<PidNr>(tid)) {
        return errno_error(EPERM);
    }
    return {};
}

} // namespace sirius::signal
