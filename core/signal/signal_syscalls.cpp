#include "core/signal/signal_syscalls.h"

#include <asm/signal.h>

#include "core/proc/kernel.h"
#include "core/signal/default_action.h"

namespace sirius::signal {

namespace {

// Linux UAPI_SA_FLAGS on x86_64: the sa_flags bits the kernel knows; others
// are cleared so that user space can detect what is unsupported
// (sigaction(2), "SA_UNSUPPORTED").
constexpr u64 kKnownActionFlags = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER
    | SA_RESETHAND | SA_RESTORER | 0x00000800 /* SA_EXPOSE_TAGBITS, not in Debian 12's UAPI */;

} // namespace

Result<void> change_action(proc::Kernel& kernel, proc::Thread& current, int signal, const SignalAction* new_action, SignalAction* old_action)
{
    // do_sigaction: "if (!valid_signal(sig) || sig < 1 || (act &&
    // sig_kernel_only(sig))) return -EINVAL". sigaction(2): SIGKILL and
    // SIGSTOP "cannot be caught or ignored".
    if (signal < 1 || signal > kSignalCount || (new_action != nullptr && (signal == SIGKILL || signal == SIGSTOP))) {
        return errno_error(EINVAL);
    }
    SignalAction& slot = current.signal_actions->action(signal);
    if (old_action != nullptr) {
        *old_action = slot;
        old_action->flags &= kKnownActionFlags;
    }
    if (new_action == nullptr) {
        return {};
    }
    slot = *new_action;
    slot.flags &= kKnownActionFlags;
    slot.mask = without_kernel_only(slot.mask);
    // POSIX: setting SIG_IGN, or SIG_DFL for a signal whose default is to
    // ignore it, discards that signal where it is pending, "whether or not
    // it is blocked" - in the process-wide set and in every thread's.
    const bool ignored = slot.handler == kSigIgnore || (slot.handler == kSigDefault && is_ignored_by_default(signal));
    if (ignored) {
        proc::Process& process = current.process();
        process.shared_pending().remove(signal);
        for (proc::Thread& thread : kernel.threads()) {
            if (&thread.process() == &process) {
                thread.pending.remove(signal);
            }
        }
    }
    return {};
}

Result<void> change_blocked(proc::Thread& current, int how, SignalSet set)
{
    set = without_kernel_only(set);
    switch (how) {
    case SIG_BLOCK:
        current.blocked = SignalSet(current.blocked.bits() | set.bits());
        return {};
    case SIG_UNBLOCK:
        current.blocked = SignalSet(current.blocked.bits() & ~set.bits());
        return {};
    case SIG_SETMASK:
        current.blocked = set;
        return {};
    default:
        return errno_error(EINVAL);
    }
}

SignalSet pending_and_blocked(const proc::Thread& current)
{
    const u64 pending = current.pending.set().bits() | current.process().shared_pending().set().bits();
    return SignalSet(pending & current.blocked.bits());
}

} // namespace sirius::signal
