#pragma once

// Signal generation (Linux kernel/signal.c send_signal_locked and what it
// calls: prepare_signal, sig_ignored, __send_signal_locked,
// complete_signal). A generated signal is made pending for a thread or for
// its whole thread group, and one thread that can take it is woken. Who may
// send to whom is the caller's question (see kill.h).
#include "core/base/result.h"
#include "core/signal/signal_info.h"

namespace sirius::proc {
class Kernel;
class Process;
class Thread;
} // namespace sirius::proc

namespace sirius::signal {

// Thread-directed (tkill, tgkill, faults: Linux PIDTYPE_PID) or
// process-directed (kill, sigqueue: PIDTYPE_TGID and PIDTYPE_PGID).
enum class SignalScope : u8 {
    Thread,
    Process,
};

// Who sends, as Linux's send paths tell them apart.
struct SignalSender {
    // A user thread (kill, tgkill, sigqueue): for kill-like codes its uid is
    // translated into the target's user namespace, its pid cleared when the
    // target's pid namespace cannot see it, and then a pid-namespace init
    // takes SIGKILL and SIGSTOP from it (Linux send_signal_locked).
    proc::Thread* thread { nullptr };
    // Without a thread: the kernel itself. `forced` is SEND_SIG_PRIV (a
    // pid-namespace init does not ignore it); a parent notification is not
    // forced and its siginfo is already in the parent's terms
    // (__send_signal_locked from do_notify_parent).
    bool forced { false };

    static SignalSender user(proc::Thread& thread) { return SignalSender { &thread, false }; }
    static SignalSender kernel() { return SignalSender { nullptr, true }; }
    static SignalSender parent_notification() { return SignalSender { nullptr, false }; }
};

// Sends `info` to `target` - the thread itself or, for SignalScope::Process,
// its thread group. A signal that would be ignored on arrival, or that
// arrives at a group already exiting or dead, is dropped; that is success,
// as in Linux.
// Errors: EAGAIN (a real-time signal with data and no room to queue it).
// Preconditions: 1 <= info.signo <= 64.
Result<void> send_signal(proc::Kernel& kernel, SignalInfo info, proc::Thread& target, SignalScope scope, SignalSender sender);

// Linux force_sig_info_to_task: a signal the thread caused itself (a bad
// signal frame, a fault) that must not be lost - if it is blocked or
// ignored, its handler becomes SIG_DFL and it is unblocked; with
// `reset_handler` the handler becomes SIG_DFL anyway (force_sigsegv while
// delivering SIGSEGV). A default action then kills even a namespace init.
void force_signal(proc::Kernel& kernel, proc::Thread& thread, int signal, bool reset_handler);

// force_signal with the siginfo of a fault (Linux force_sig_fault: the
// signal, its si_code and si_addr), as the architecture's trap handlers
// raise it for the instruction that faulted.
void force_fault_signal(proc::Kernel& kernel, proc::Thread& thread, SignalInfo info);

// Starts a group exit with wait status `exit_code` (Linux do_group_exit's
// zap_other_threads): SIGKILL is made pending for every thread and each is
// woken; `process` takes no more signals. A group already exiting keeps its
// first exit code. Returns the code the group exits with.
int start_group_exit(proc::Kernel& kernel, proc::Process& process, int exit_code);

// Wakes `thread` to look at its signals (Linux signal_wake_up): a blocked
// interruptible wait ends, and with `fatal` a killable one and a group stop
// too.
void wake_for_signal(proc::Kernel& kernel, proc::Thread& thread, bool fatal);

} // namespace sirius::signal
