#include "core/signal/child_notification.h"

#include <asm/signal.h>

#include "core/proc/kernel.h"
#include "core/signal/send_signal.h"
#include "core/time/cpu_time.h"

namespace sirius::signal {

namespace {

// The thread of the parent that gets the signal: the one that created the
// child while it lives (Linux tsk->parent), else any live one.
proc::Thread* parent_target(proc::Process& parent, const proc::Process& child)
{
    proc::Thread* thread = child.parent_thread();
    if (thread != nullptr && !thread->exiting && &thread->process() == &parent) {
        return thread;
    }
    return parent.first_thread();
}

// A SIGCHLD-style siginfo: the child's pid in the parent's pid namespace,
// its real uid in the parent's user namespace, and `times` in clock ticks.
SignalInfo child_info(int signal, i32 code, i32 status, const proc::Process& child, const proc::Thread& parent, const time::CpuTimes& times)
{
    SignalInfo info;
    info.signo = signal;
    info.code = code;
    const proc::Thread* leader = child.leader();
    const u32 uid = leader != nullptr ? leader->credentials->uid.real : 0;
    info.set_sender(static_cast<i32>(child.pid().nr_in(parent.active_pid_namespace())), parent.credentials->user_ns->uid_from_kernel_munged(uid));
    info.set_child_status(status);
    info.set_child_times(time::to_clock_ticks(times.user), time::to_clock_ticks(times.system));
    return info;
}

} // namespace

bool notify_parent_of_exit(proc::Kernel& kernel, proc::Process& child)
{
    proc::Process& parent = *child.parent();
    proc::Thread* target = parent_target(parent, child);
    kernel.scheduler().wake_all(parent.child_waiters());
    if (target == nullptr) {
        return false;
    }
    const ChildExit exit = decode_wait_status(child.exit_status());
    int signal = child.exit_signal();
    bool autoreap = false;
    const SignalAction& on_child = target->signal_actions->action(SIGCHLD);
    const bool traced = child.leader() != nullptr && child.leader()->ptrace.tracer != nullptr;
    if (signal == SIGCHLD && !traced && (on_child.handler == kSigIgnore || (on_child.flags & SA_NOCLDWAIT) != 0)) {
        // sigaction(2): "If signum is SIGCHLD, do not transform children
        // into zombies when they terminate"; with SIG_IGN no signal either.
        autoreap = true;
        if (on_child.handler == kSigIgnore) {
            signal = 0;
        }
    }
    if (signal > 0 && signal <= kSignalCount) {
        // do_notify_parent: "info.si_utime = nsec_to_clock_t(utime +
        // tsk->signal->utime)" - every thread of the child, not its
        // children.
        const SignalInfo info = child_info(signal, exit.code, exit.status, child, *target, time::process_times(child));
        (void)send_signal(kernel, info, *target, SignalScope::Process, SignalSender::parent_notification());
    }
    return autoreap;
}

void notify_parent_of_stop(proc::Kernel& kernel, proc::Process& child, ParentNotice why)
{
    proc::Process* parent = child.parent();
    if (parent == nullptr || why == ParentNotice::None) {
        return;
    }
    proc::Thread* target = parent_target(*parent, child);
    if (target != nullptr) {
        const SignalAction& on_child = target->signal_actions->action(SIGCHLD);
        if (on_child.handler != kSigIgnore && (on_child.flags & SA_NOCLDSTOP) == 0) {
            const bool stopped = why == ParentNotice::Stopped;
            const i32 status = stopped ? (child.group_signals().stop_signal & 0x7f) : SIGCONT;
            // do_notify_parent_cldstop: "task_cputime(tsk, &utime,
            // &stime)" of the group leader alone.
            const time::CpuTimes times = child.leader() != nullptr ? child.leader()->cpu_time.sample() : time::CpuTimes {};
            (void)send_signal(kernel, child_info(SIGCHLD, stopped ? kChildStopped : kChildContinued, status, child, *target, times), *target,
                SignalScope::Process, SignalSender::parent_notification());
        }
    }
    // "Even if SIGCHLD is not generated, we must wake up wait4 calls."
    kernel.scheduler().wake_all(parent->child_waiters());
}

} // namespace sirius::signal
