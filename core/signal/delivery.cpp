#include "core/signal/delivery.h"

#include <asm/signal.h>
#include <asm/unistd_64.h>
#include <linux/signal.h>

#include "core/proc/exit.h"
#include "core/proc/kernel.h"
#include "core/signal/child_notification.h"
#include "core/signal/default_action.h"
#include "core/signal/group_stop.h"
#include "core/signal/orphaned_group.h"
#include "core/signal/send_signal.h"

namespace sirius::signal {

namespace {

// What get_signal decided.
struct Delivery {
    enum class Kind : u8 {
        Nothing, // no deliverable signal left
        Handler, // run `action` for `info`
        Exited,  // the thread has exited
    };
    Kind kind { Kind::Nothing };
    SignalInfo info;
    SignalAction action;
};

// do_group_exit followed by do_exit: a group already exiting keeps its code.
Delivery exit_group(proc::Kernel& kernel, proc::Thread& current, int exit_code)
{
    proc::exit_thread_group(kernel, current, exit_code);
    Delivery delivery;
    delivery.kind = Delivery::Kind::Exited;
    return delivery;
}

// Linux get_signal: the next signal with something to do in user space.
Delivery get_signal(proc::Kernel& kernel, proc::Thread& current)
{
    proc::Process& process = current.process();
    GroupSignalState& group = process.group_signals();
    for (;;) {
        // A continued (or interrupted-stop) group tells its parent through
        // the first thread that runs.
        if (group.parent_notice != ParentNotice::None) {
            const ParentNotice notice = group.parent_notice;
            group.parent_notice = ParentNotice::None;
            notify_parent_of_stop(kernel, process, notice);
            continue;
        }
        // "Has this task already been marked for death?"
        if (group.exiting || current.pending.set().contains(SIGKILL)) {
            current.pending.remove(SIGKILL);
            return exit_group(kernel, current, SIGKILL);
        }
        if (current.group_stop_pending && stop_current_thread(kernel, current, 0)) {
            continue;
        }
        SignalInfo info = dequeue_signal(current, current.blocked);
        const int signal = info.signo;
        if (signal == 0) {
            return {};
        }
        SignalAction& action = current.signal_actions->action(signal);
        if (action.handler == kSigIgnore) {
            continue;
        }
        if (action.handler != kSigDefault) {
            Delivery delivery { Delivery::Kind::Handler, info, action };
            // SA_RESETHAND: "Restore the signal action to the default upon
            // entry to the signal handler."
            if ((action.flags & SA_RESETHAND) != 0) {
                action.handler = kSigDefault;
            }
            return delivery;
        }
        const DefaultAction default_kind = default_action(signal);
        if (default_kind == DefaultAction::Ignore || default_kind == DefaultAction::Continue) {
            continue;
        }
        // "Global init gets no signals it doesn't want. Container-init gets
        // no signals it doesn't want from same container."
        if (process.is_unkillable() && !is_kernel_only(signal)) {
            continue;
        }
        if (default_kind == DefaultAction::Stop) {
            // "The job control signals do nothing in an orphaned pgrp, but
            // SIGSTOP always works."
            if (signal != SIGSTOP && is_orphaned_process_group(kernel, process.process_group(), nullptr)) {
                continue;
            }
            stop_current_thread(kernel, current, signal);
            continue;
        }
        // Terminate, or dump core and terminate. A core dump needs a file
        // system to be written to; until one exists none is written, and
        // the wait status says so (no 0x80), as Linux's does for a dump that
        // was not written.
        return exit_group(kernel, current, signal);
    }
}

// Restart codes when a handler runs (handle_signal).
void resolve_restart_for_handler(hal::UserContext& context, i64 result, const SignalAction& action)
{
    switch (-result) {
    case ERESTART_RESTARTBLOCK:
    case ERESTARTNOHAND:
        context.set_return_value(static_cast<u64>(-static_cast<i64>(EINTR)));
        break;
    case ERESTARTSYS:
        if ((action.flags & SA_RESTART) == 0) {
            context.set_return_value(static_cast<u64>(-static_cast<i64>(EINTR)));
            break;
        }
        context.restart_syscall();
        break;
    case ERESTARTNOINTR:
        context.restart_syscall();
        break;
    default:
        break;
    }
}

// Restart codes when no handler runs: every one restarts.
void resolve_restart_without_handler(hal::UserContext& context, i64 result)
{
    switch (-result) {
    case ERESTARTNOHAND:
    case ERESTARTSYS:
    case ERESTARTNOINTR:
        context.restart_syscall();
        break;
    case ERESTART_RESTARTBLOCK:
        context.restart_syscall_as(__NR_restart_syscall);
        break;
    default:
        break;
    }
}

// handle_signal's frame and signal_setup_done. Returns false if the frame
// could not be written (SIGSEGV is then forced).
bool run_handler(proc::Kernel& kernel, proc::Thread& current, const Delivery& delivery)
{
    hal::UserContext& context = *current.context;
    const SignalAction& action = delivery.action;
    const u64 stack_pointer = context.stack_pointer();
    const AlternateStack described = describe_alternate_stack(current.alternate_stack, stack_pointer);

    hal::SignalFrame frame;
    frame.signal = delivery.info.signo;
    frame.info = &delivery.info;
    frame.handler = action.handler;
    frame.restorer = action.restorer;
    frame.flags = action.flags;
    frame.stack_top = stack_pointer;
    // sigaltstack(2): SA_ONSTACK handlers run on the alternate stack unless
    // the thread is on it already (then they nest there).
    const u32 mode = described.flags & ~static_cast<u32>(SS_FLAG_BITS);
    if ((action.flags & SA_ONSTACK) != 0 && mode == 0) {
        frame.stack_top = current.alternate_stack.base + current.alternate_stack.size;
        frame.on_alternate_stack = true;
    }
    // sigmask_to_save: the mask before rt_sigsuspend replaced it, if so.
    frame.saved_mask = (current.restore_saved_blocked ? current.saved_blocked : current.blocked).bits();
    frame.saved_stack = { described.base, described.size, described.flags };

    if (context.push_signal_frame(current.memory->address_space(), frame).is_error()) {
        // force_sigsegv: a SIGSEGV handler that cannot run is reset.
        force_signal(kernel, current, SIGSEGV, delivery.info.signo == SIGSEGV);
        return false;
    }
    // signal_delivered: the frame holds the mask to restore.
    current.restore_saved_blocked = false;
    u64 blocked = current.blocked.bits() | action.mask.bits();
    if ((action.flags & SA_NODEFER) == 0) {
        blocked |= SignalSet(u64 { 1 } << (delivery.info.signo - 1)).bits();
    }
    current.blocked = without_kernel_only(SignalSet(blocked));
    if ((current.alternate_stack.flags & SS_AUTODISARM) != 0) {
        current.alternate_stack = AlternateStack { 0, 0, SS_DISABLE };
    }
    return true;
}

} // namespace

SignalInfo dequeue_signal(proc::Thread& thread, SignalSet blocked)
{
    // The thread's own signals first, then the group's.
    SignalInfo info = thread.pending.dequeue(blocked);
    if (info.signo == 0) {
        info = thread.process().shared_pending().dequeue(blocked);
        // "itimers are process shared and we restart periodic itimers in
        // the signal delivery path": a process's SIGALRM, whoever sent it.
        if (info.signo == SIGALRM) {
            thread.process().interval_timers().rearm_real_after_delivery();
        }
    }
    return info;
}

ReturnToUser handle_signals(proc::Kernel& kernel, proc::Thread& current, const i64* syscall_result)
{
    // exit_to_user_mode_loop: as long as something is deliverable, one
    // more signal is handled; each handler frame goes on top of the last.
    bool in_syscall = syscall_result != nullptr;
    const i64 result = in_syscall ? *syscall_result : 0;
    for (;;) {
        const Delivery delivery = get_signal(kernel, current);
        if (delivery.kind == Delivery::Kind::Exited) {
            return ReturnToUser::Exited;
        }
        if (delivery.kind == Delivery::Kind::Nothing) {
            break;
        }
        if (in_syscall) {
            resolve_restart_for_handler(*current.context, result, delivery.action);
            in_syscall = false;
        }
        (void)run_handler(kernel, current, delivery);
    }
    if (in_syscall) {
        resolve_restart_without_handler(*current.context, result);
    }
    // restore_saved_sigmask: no handler took the rt_sigsuspend mask.
    if (current.restore_saved_blocked) {
        current.restore_saved_blocked = false;
        current.blocked = current.saved_blocked;
        if (current.has_deliverable_signal()) {
            return handle_signals(kernel, current, nullptr);
        }
    }
    return ReturnToUser::Resume;
}

i64 return_from_handler(proc::Kernel& kernel, proc::Thread& current)
{
    hal::UserContext& context = *current.context;
    auto restored = context.pop_signal_frame(current.memory->address_space());
    if (restored.is_error()) {
        // badframe: signal_fault, "force_sig(SIGSEGV)".
        force_signal(kernel, current, SIGSEGV, false);
        return 0;
    }
    current.blocked = without_kernel_only(SignalSet(restored.value().mask));
    // restore_altstack: a stack the frame cannot restore is left alone.
    const hal::SignalStackState& stack = restored.value().stack;
    (void)change_alternate_stack(current.alternate_stack, AlternateStack { stack.base, stack.size, stack.flags }, context.stack_pointer());
    return static_cast<i64>(context.return_value());
}

} // namespace sirius::signal
