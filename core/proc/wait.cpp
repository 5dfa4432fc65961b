#include "core/proc/wait.h"

#include <asm/signal.h>
#include <linux/wait.h>

#include "core/proc/kernel.h"
#include "core/signal/signal_info.h"

namespace sirius::proc {

namespace {

// Linux eligible_pid and eligible_child.
bool is_eligible(const Process& child, const Thread& current, const WaitSelector& selector, u32 options)
{
    switch (selector.kind) {
    case WaitSelector::Kind::Any:
        break;
    case WaitSelector::Kind::Process:
        if (&child.pid() != selector.pid) {
            return false;
        }
        break;
    case WaitSelector::Kind::ProcessGroup:
        if (&child.process_group().pid() != selector.pid) {
            return false;
        }
        break;
    }
    // __WNOTHREAD: "Do not wait for children of other threads in the same
    // thread group."
    if ((options & __WNOTHREAD) != 0 && child.parent_thread() != &current) {
        return false;
    }
    if ((options & __WALL) != 0) {
        return true;
    }
    // "Wait for clone children *only* if __WCLONE is set; otherwise, wait
    // for non-clone children *only*."
    const bool clone_child = child.exit_signal() != SIGCHLD;
    return clone_child == ((options & __WCLONE) != 0);
}

WaitReport report_for(const Process& child, const Thread& current)
{
    WaitReport report;
    report.pid = child.pid().nr_in(current.active_pid_namespace());
    const Thread* leader = child.leader();
    const u32 kernel_uid = leader != nullptr ? leader->credentials->uid.real : 0;
    report.uid = current.credentials->user_ns->uid_from_kernel_munged(kernel_uid);
    // wait_task_zombie, wait_task_stopped and wait_task_continued alike:
    // "if (wo->wo_rusage) getrusage(p, RUSAGE_BOTH, wo->wo_rusage);".
    report.usage = time::process_and_children_times(child);
    return report;
}

// wait_task_zombie: the wait status as the child left it.
WaitReport zombie_report(const Process& child, const Thread& current)
{
    WaitReport report = report_for(child, current);
    report.status = child.exit_status();
    const signal::ChildExit exit = signal::decode_wait_status(report.status);
    report.code = exit.code;
    report.child_status = exit.status;
    return report;
}

// One child's reportable change, if any (wait_consider_task); consumes it
// unless WNOWAIT. `reap` is set when the report is a death to collect.
bool consider(Process& child, const Thread& current, u32 options, WaitReport& report, bool& reap)
{
    const bool keep = (options & WNOWAIT) != 0;
    if (child.state() == ProcessState::Zombie) {
        // A dead pid-namespace init waits for its namespace to empty.
        if ((options & WEXITED) == 0 || child.is_awaiting_namespace_exit()) {
            return false;
        }
        report = zombie_report(child, current);
        reap = !keep;
        return true;
    }
    signal::GroupSignalState& group = child.group_signals();
    // wait_task_stopped: "(exit_code << 8) | 0x7f", reported once.
    if ((options & WSTOPPED) != 0 && group.stopped && group.stop_signal != 0) {
        report = report_for(child, current);
        report.status = (group.stop_signal << 8) | 0x7f;
        report.code = signal::kChildStopped;
        report.child_status = group.stop_signal;
        if (!keep) {
            group.stop_signal = 0;
        }
        return true;
    }
    // wait_task_continued: status 0xffff, reported once.
    if ((options & WCONTINUED) != 0 && group.continued) {
        report = report_for(child, current);
        report.status = 0xffff;
        report.code = signal::kChildContinued;
        report.child_status = SIGCONT;
        if (!keep) {
            group.continued = false;
        }
        return true;
    }
    return false;
}

// One pass over the children: a report, "none ready" (false), or ECHILD.
Result<bool> scan_children(Kernel& kernel, Thread& current, const WaitSelector& selector, u32 options, WaitReport& report)
{
    bool any_eligible = false;
    for (Process& child : current.process().children()) {
        if (child.state() == ProcessState::Reaped || !is_eligible(child, current, selector, options)) {
            continue;
        }
        // wait_task_zombie returns before the child counts as something to
        // wait for: a zombie waited for without WEXITED is ECHILD at once.
        if (child.state() == ProcessState::Zombie && !child.is_awaiting_namespace_exit() && (options & WEXITED) == 0) {
            continue;
        }
        any_eligible = true;
        bool reap = false;
        if (consider(child, current, options, report, reap)) {
            if (reap) {
                // wait_task_zombie, "if (state == EXIT_DEAD &&
                // thread_group_leader(p))": only a child waited for counts
                // in RUSAGE_CHILDREN, not one reaped automatically.
                time::collect_child_times(current.process(), child);
                kernel.reap(child);
            }
            return true;
        }
    }
    if (!any_eligible) {
        return errno_error(ECHILD);
    }
    return false;
}

} // namespace

Result<WaitReport> wait_for_child(Kernel& kernel, Thread& current, const WaitSelector& selector, u32 options)
{
    WaitReport report;
    for (;;) {
        if (TRY(scan_children(kernel, current, selector, options, report))) {
            return report;
        }
        if ((options & WNOHANG) != 0) {
            return WaitReport {};
        }
        // Sleep until a child has something to report (every change of a
        // child wakes child_waiters), the children are gone, or a signal
        // comes; then look again.
        const hal::WakeReason reason = kernel.scheduler().wait_until(current.process().child_waiters(), hal::BlockMode::Interruptible, [&] {
            WaitReport peek;
            auto found = scan_children(kernel, current, selector, options | WNOWAIT, peek);
            return current.has_deliverable_signal() || found.is_error() || found.value();
        });
        if (reason != hal::WakeReason::Woken || current.has_deliverable_signal()) {
            return errno_error(ERESTARTSYS);
        }
    }
}

} // namespace sirius::proc
