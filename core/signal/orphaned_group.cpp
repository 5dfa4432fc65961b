#include "core/signal/orphaned_group.h"

#include <asm/signal.h>

#include "core/proc/kernel.h"
#include "core/signal/send_signal.h"

namespace sirius::signal {

namespace {

bool has_stopped_member(proc::Kernel& kernel, const proc::ProcessGroup& group)
{
    for (proc::Process& member : kernel.processes()) {
        if (&member.process_group() == &group && member.group_signals().stopped) {
            return true;
        }
    }
    return false;
}

// __kill_pgrp_info(signal, SEND_SIG_PRIV, group).
void signal_group_from_kernel(proc::Kernel& kernel, const proc::ProcessGroup& group, int signal)
{
    for (proc::Process& member : kernel.processes()) {
        if (&member.process_group() != &group || member.leader() == nullptr) {
            continue;
        }
        SignalInfo info;
        info.signo = signal;
        info.code = kSiKernel;
        (void)send_signal(kernel, info, *member.leader(), SignalScope::Process, SignalSender::kernel());
    }
}

} // namespace

bool is_orphaned_process_group(proc::Kernel& kernel, const proc::ProcessGroup& group, const proc::Process* ignored)
{
    for (proc::Process& member : kernel.processes()) {
        if (&member.process_group() != &group || &member == ignored || member.live_thread_count() == 0) {
            continue;
        }
        const proc::Process* parent = member.parent();
        if (parent == nullptr || parent->pid().global_nr() == 1) {
            continue;
        }
        if (&parent->process_group() != &group && &parent->process_group().session() == &member.process_group().session()) {
            return false;
        }
    }
    return true;
}

void kill_orphaned_process_group(proc::Kernel& kernel, proc::Process& process, proc::Process* parent)
{
    const proc::Process* ignored = nullptr;
    if (parent == nullptr) {
        // "Our father is in a different pgrp than we are and we were the
        // only connection outside."
        parent = process.parent();
        ignored = &process;
    }
    if (parent == nullptr) {
        return;
    }
    const proc::ProcessGroup& group = process.process_group();
    if (&parent->process_group() != &group && &parent->process_group().session() == &group.session()
        && is_orphaned_process_group(kernel, group, ignored) && has_stopped_member(kernel, group)) {
        signal_group_from_kernel(kernel, group, SIGHUP);
        signal_group_from_kernel(kernel, group, SIGCONT);
    }
}

} // namespace sirius::signal
