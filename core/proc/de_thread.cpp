#include "core/proc/de_thread.h"

#include <asm/signal.h>

#include "core/proc/kernel.h"
#include "core/signal/send_signal.h"

namespace sirius::proc {

Result<void> de_thread(Kernel& kernel, Thread& caller)
{
    Process& process = caller.process();
    if (process.live_thread_count() == 1 && caller.is_group_leader()) {
        return {};
    }
    signal::GroupSignalState& group = process.group_signals();
    // "if (signal_group_exit(sig)) return -EAGAIN;": the group is already
    // exiting, or another thread is exec'ing.
    if (group.exiting || group.exec_thread != nullptr) {
        return errno_error(EAGAIN);
    }
    group.exec_thread = &caller;
    // zap_other_threads: SIGKILL to every other thread, stopped ones woken.
    process.for_each_thread([&](Thread& thread) {
        if (&thread == &caller) {
            return;
        }
        thread.group_stop_pending = false;
        thread.pending.add(SIGKILL);
        signal::wake_for_signal(kernel, thread, true);
    });
    group.threads_to_stop = 0;
    kernel.scheduler().wake_all(group.stopped_threads);
    // "while (sig->notify_count) { __set_current_state(TASK_KILLABLE); ...
    // schedule(); if (__fatal_signal_pending(tsk)) goto killed; }"
    (void)kernel.scheduler().wait_until(group.exec_waiters, hal::BlockMode::Killable, [&process] { return process.live_thread_count() == 1; });
    if (process.live_thread_count() != 1) {
        group.exec_thread = nullptr;
        return errno_error(EAGAIN);
    }
    if (!caller.is_group_leader()) {
        kernel.take_over_leader(caller);
    }
    group.exec_thread = nullptr;
    return {};
}

} // namespace sirius::proc
