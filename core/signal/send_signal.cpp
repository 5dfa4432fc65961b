#include "core/signal/send_signal.h"

#include <asm/siginfo.h>
#include <asm/signal.h>
#include <linux/resource.h>

#include "core/proc/kernel.h"
#include "core/signal/default_action.h"

namespace sirius::signal {

namespace {

SignalSet set_of(int signal)
{
    SignalSet set;
    set.add(signal);
    return set;
}

SignalSet stop_signals()
{
    SignalSet set;
    set.add(SIGSTOP);
    set.add(SIGTSTP);
    set.add(SIGTTIN);
    set.add(SIGTTOU);
    return set;
}

// Discards `signals` from the group's shared set and every thread's
// (Linux flush_sigqueue_mask over the group).
void discard_from_group(proc::Process& process, SignalSet signals)
{
    process.shared_pending().discard(signals);
    process.for_each_thread([&](proc::Thread& thread) { thread.pending.discard(signals); });
}

// Linux has_si_pid_and_uid: the siginfo layouts that carry a sender
// (SIL_KILL, SIL_CHLD, SIL_RT).
bool carries_sender(const SignalInfo& info)
{
    if (info.code == SI_KERNEL) {
        return true;
    }
    if (info.code > SI_USER) {
        return info.signo == SIGCHLD && info.code <= NSIGCHLD;
    }
    return info.code != SI_TIMER && info.code != SI_SIGIO;
}

// The group's handler for `signal`. Every thread of a group shares one
// table (CLONE_THREAD needs CLONE_SIGHAND); an exited thread has dropped
// its reference, so a live one is asked. Preconditions: one is alive.
u64 handler_of(proc::Process& process, int signal)
{
    proc::Thread* live = process.first_thread();
    return live->signal_actions->action(signal).handler;
}

// Linux sig_task_ignored and sig_ignored: would `signal` be discarded on
// arrival at `target`?
bool is_ignored(const proc::Thread& target, int signal, bool forced)
{
    // "Blocked signals are never ignored, since the signal handler may
    // change by the time it is unblocked."
    if (target.blocked.contains(signal) || target.real_blocked.contains(signal)) {
        return false;
    }
    // "Tracers may want to know about even ignored signal unless it is
    // SIGKILL."
    if (target.ptrace.tracer != nullptr && signal != SIGKILL) {
        return false;
    }
    proc::Process& process = target.process();
    const u64 handler = handler_of(process, signal);
    // "SIGKILL and SIGSTOP may not be sent to the global init."
    if (process.pid().global_nr() == 1 && is_kernel_only(signal)) {
        return true;
    }
    // The init of a pid namespace (SIGNAL_UNKILLABLE) ignores the signals
    // it has no handler for, except SIGKILL and SIGSTOP from an ancestor
    // namespace (pid_namespaces(7)).
    if (process.is_unkillable() && handler == kSigDefault && !(forced && is_kernel_only(signal))) {
        return true;
    }
    return handler == kSigIgnore || (handler == kSigDefault && is_ignored_by_default(signal));
}

// Linux prepare_signal: job control side effects of generating `signal`,
// then whether it is to be queued at all.
bool prepare_signal(proc::Kernel& kernel, proc::Thread& target, int signal, bool forced)
{
    proc::Process& process = target.process();
    GroupSignalState& group = process.group_signals();
    if (group.exiting) {
        // "The process is in the middle of dying, drop the signal."
        return false;
    }
    if (is_stop_signal(signal)) {
        // "This is a stop signal. Remove SIGCONT from all queues."
        discard_from_group(process, set_of(SIGCONT));
    } else if (signal == SIGCONT) {
        // "Remove all stop signals from all queues, wake all threads."
        discard_from_group(process, stop_signals());
        process.for_each_thread([&](proc::Thread& thread) {
            thread.group_stop_pending = false;
            thread.group_stopped = false;
        });
        kernel.scheduler().wake_all(group.stopped_threads);
        // The parent hears CLD_CONTINUED if the group was stopped, or
        // CLD_STOPPED if a stop was under way (the stop did happen, from
        // its point of view) - told by the first thread to run.
        if (group.stopped) {
            group.parent_notice = ParentNotice::Continued;
        } else if (group.threads_to_stop != 0) {
            group.parent_notice = ParentNotice::Stopped;
        }
        if (group.stopped || group.threads_to_stop != 0) {
            group.continued = true;
            group.stopped = false;
            group.threads_to_stop = 0;
            group.stop_signal = 0;
        }
    }
    return !is_ignored(target, signal, forced);
}

// Linux wants_signal: can `thread` take `signal` now?
bool wants_signal(proc::Kernel& kernel, const proc::Thread& thread, int signal)
{
    if (thread.blocked.contains(signal) || thread.exiting) {
        return false;
    }
    if (signal == SIGKILL) {
        return true;
    }
    if (thread.group_stopped) {
        return false;
    }
    // A thread running now, or one with nothing else to deliver, is the
    // cheapest to interrupt (task_curr || !task_sigpending). The signal
    // just added does not count as "something else".
    if (kernel.scheduler().current_thread() == &thread) {
        return true;
    }
    const u64 pending = thread.pending.set().bits() | thread.process().shared_pending().set().bits();
    const u64 others = pending & ~thread.blocked.bits() & ~set_of(signal).bits();
    return others == 0;
}

// Linux sig_fatal: would delivering `signal` kill the group?
bool is_fatal(proc::Process& process, int signal)
{
    const DefaultAction action = default_action(signal);
    if (action == DefaultAction::Ignore || action == DefaultAction::Continue || action == DefaultAction::Stop) {
        return false;
    }
    return handler_of(process, signal) == kSigDefault;
}

// Linux complete_signal: picks the thread to take a newly pending signal
// and wakes it; a fatal signal takes the whole group down at once.
void complete_signal(proc::Kernel& kernel, proc::Thread& target, SignalScope scope, int signal)
{
    proc::Process& process = target.process();
    proc::Thread* chosen = nullptr;
    // "Try the suggested task first (may or may not be the main thread)."
    if (wants_signal(kernel, target, signal)) {
        chosen = &target;
    } else if (scope == SignalScope::Thread || process.live_thread_count() == 0
        || (process.live_thread_count() == 1 && process.first_thread() == &target)) {
        // "There is just one thread and it does not need to be woken. It
        // will dequeue unblocked signals before it runs again." Linux's
        // thread_group_empty: an exited leader still names the group but
        // has left its thread list, so the one thread left is "another".
        return;
    } else {
        proc::Thread* start = process.signal_target() != nullptr ? process.signal_target() : process.first_thread();
        proc::Thread* candidate = start;
        while (!wants_signal(kernel, *candidate, signal)) {
            candidate = process.next_thread_after(candidate->m_group_link);
            if (candidate == start) {
                // "No thread needs to be woken. Any eligible threads will
                // see the signal in the queue soon."
                return;
            }
        }
        chosen = candidate;
        process.set_signal_target(chosen);
    }
    // "Found a killable thread. If the signal will be fatal, then start
    // taking the whole group down immediately." A core-dumping signal goes
    // through delivery instead, where the dump would be written.
    if (is_fatal(process, signal) && !process.group_signals().exiting && !chosen->real_blocked.contains(signal)
        && (signal == SIGKILL || chosen->ptrace.tracer == nullptr) && default_action(signal) != DefaultAction::CoreDump) {
        start_group_exit(kernel, process, signal);
        return;
    }
    wake_for_signal(kernel, *chosen, signal == SIGKILL);
}

} // namespace

void wake_for_signal(proc::Kernel& kernel, proc::Thread& thread, bool fatal)
{
    kernel.scheduler().interrupt(thread, fatal ? hal::InterruptKind::FatalSignal : hal::InterruptKind::Signal);
}

namespace {

void force_signal_info(proc::Kernel& kernel, proc::Thread& thread, const SignalInfo& info, bool reset_handler)
{
    const int signal = info.signo;
    SignalAction& action = thread.signal_actions->action(signal);
    const bool blocked = thread.blocked.contains(signal);
    if (blocked || action.handler == kSigIgnore || reset_handler) {
        action.handler = kSigDefault;
        thread.blocked.remove(signal);
    }
    if (action.handler == kSigDefault && thread.ptrace.tracer == nullptr) {
        thread.process().set_unkillable(false);
    }
    (void)send_signal(kernel, info, thread, SignalScope::Thread, SignalSender::kernel());
}

} // namespace

void force_signal(proc::Kernel& kernel, proc::Thread& thread, int signal, bool reset_handler)
{
    SignalInfo info;
    info.signo = signal;
    info.code = SI_KERNEL;
    force_signal_info(kernel, thread, info, reset_handler);
}

void force_fault_signal(proc::Kernel& kernel, proc::Thread& thread, SignalInfo info)
{
    force_signal_info(kernel, thread, info, false);
}

int start_group_exit(proc::Kernel& kernel, proc::Process& process, int exit_code)
{
    GroupSignalState& group = process.group_signals();
    if (group.exiting) {
        return group.exit_code;
    }
    group.exiting = true;
    group.exit_code = exit_code;
    group.threads_to_stop = 0;
    process.for_each_thread([&](proc::Thread& thread) {
        thread.group_stop_pending = false;
        thread.pending.add(SIGKILL);
        wake_for_signal(kernel, thread, true);
    });
    // Threads in a group stop wake to die.
    kernel.scheduler().wake_all(group.stopped_threads);
    return exit_code;
}

Result<void> send_signal(proc::Kernel& kernel, SignalInfo info, proc::Thread& target, SignalScope scope, SignalSender sender)
{
    const int signal = info.signo;
    // send_signal_locked: whether a pid-namespace init must take SIGKILL or
    // SIGSTOP ("force"), and the sender as the target sees it.
    bool forced = sender.forced;
    if (proc::Thread* from = sender.thread; from != nullptr && carries_sender(info)) {
        const ns::UserNamespace& sender_ns = *from->credentials->user_ns;
        const ns::UserNamespace& target_ns = *target.credentials->user_ns;
        if (&sender_ns != &target_ns) {
            info.set_sender(info.sender_pid(), target_ns.uid_from_kernel_munged(sender_ns.uid_to_kernel(info.sender_uid())));
        }
        // "A kernel generated signal?"
        forced = info.code == SI_KERNEL;
        // "From an ancestor pid namespace?"
        if (from->pid().nr_in(target.active_pid_namespace()) == 0) {
            info.set_sender(0, info.sender_uid());
            forced = true;
        }
    }

    proc::Process& process = target.process();
    // A group whose threads have all exited takes nothing (Linux: its
    // sighand is gone, and kill() of a zombie still succeeds).
    if (process.live_thread_count() == 0 || (target.exiting && scope == SignalScope::Thread)) {
        return {};
    }
    if (!prepare_signal(kernel, target, signal, forced)) {
        return {};
    }
    PendingSignals& pending = scope == SignalScope::Process ? process.shared_pending() : target.pending;
    // legacy_queue: a standard signal already pending is not sent again.
    if (signal < kFirstRealtimeSignal && pending.set().contains(signal)) {
        return {};
    }
    if (signal == SIGKILL) {
        // "Skip useless siginfo allocation for SIGKILL."
        pending.add(signal);
    } else {
        // "Real-time signals must be queued if sent by sigqueue, or some
        // other real-time mechanism"; a standard signal from kill() or the
        // kernel may exceed the limit (override_rlimit).
        QueueCharge charge;
        auto quota = kernel.signal_quota(target.credentials->uid.real);
        if (quota.has_value()) {
            charge.quota = quota.value().get();
        }
        charge.limit = process.limits().get(RLIMIT_SIGPENDING).soft;
        charge.override_limit = signal < kFirstRealtimeSignal && info.code >= 0;
        TRY(pending.enqueue(info, charge));
    }
    complete_signal(kernel, target, scope, signal);
    return {};
}

} // namespace sirius::signal
