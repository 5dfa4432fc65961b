#include "core/signal/group_stop.h"

#include "core/proc/kernel.h"
#include "core/signal/child_notification.h"
#include "core/signal/send_signal.h"

namespace sirius::signal {

bool participate_in_group_stop(proc::Thread& thread)
{
    if (!thread.group_stop_pending) {
        return false;
    }
    thread.group_stop_pending = false;
    GroupSignalState& group = thread.process().group_signals();
    if (group.threads_to_stop > 0) {
        --group.threads_to_stop;
    }
    // "Tell the caller to notify completion iff we are entering into a
    // fresh group stop."
    if (group.threads_to_stop == 0 && !group.stopped) {
        group.stopped = true;
        group.continued = false;
        return true;
    }
    return false;
}

bool stop_current_thread(proc::Kernel& kernel, proc::Thread& thread, int stop_signal)
{
    proc::Process& process = thread.process();
    GroupSignalState& group = process.group_signals();
    if (!thread.group_stop_pending) {
        if (stop_signal == 0 || group.exiting) {
            return false;
        }
        // A new group stop: every live thread has to take part. ("If
        // there are no other threads in the group, or if there is a group
        // stop in progress and we are the last to participate, this
        // thread completes the stop" - do_signal_stop.)
        group.stop_signal = stop_signal;
        group.threads_to_stop = 0;
        process.for_each_thread([&](proc::Thread& member) {
            if (member.exiting || (&member != &thread && member.group_stopped)) {
                return;
            }
            member.group_stop_pending = true;
            ++group.threads_to_stop;
            if (&member != &thread) {
                wake_for_signal(kernel, member, false);
            }
        });
    }
    if (participate_in_group_stop(thread)) {
        notify_parent_of_stop(kernel, process, ParentNotice::Stopped);
    }
    // TASK_STOPPED: woken by SIGCONT (which clears group_stopped) or by a
    // fatal signal.
    thread.group_stopped = true;
    kernel.scheduler().wait_until(group.stopped_threads, hal::BlockMode::Killable,
        [&] { return !thread.group_stopped || thread.has_fatal_signal(); });
    thread.group_stopped = false;
    return true;
}

void exit_signals(proc::Kernel& kernel, proc::Thread& thread)
{
    thread.exiting = true;
    proc::Process& process = thread.process();
    if (process.live_thread_count() <= 1 || process.group_signals().exiting) {
        return;
    }
    // retarget_shared_pending: the group's signals this thread did not
    // block go to the threads that do not block them.
    u64 retarget = process.shared_pending().set().bits() & ~thread.blocked.bits();
    process.for_each_thread([&](proc::Thread& other) {
        if (retarget == 0 || other.exiting || (retarget & ~other.blocked.bits()) == 0) {
            return;
        }
        retarget &= other.blocked.bits();
        wake_for_signal(kernel, other, false);
    });
    if (participate_in_group_stop(thread)) {
        notify_parent_of_stop(kernel, process, ParentNotice::Stopped);
    }
}

} // namespace sirius::signal
