#include "core/signal/signal_wait.h"

#include <asm/signal.h>

#include "core/proc/kernel.h"
#include "core/signal/delivery.h"

namespace sirius::signal {


void suspend_until_signal(proc::Kernel& kernel, proc::Thread& current, SignalSet mask)
{
    current.saved_blocked = current.blocked;
    current.restore_saved_blocked = true;
    current.blocked = without_kernel_only(mask);
    (void)kernel.scheduler().wait_until(current.signal_wait, hal::BlockMode::Interruptible, [&] { return current.has_deliverable_signal(); });
}

Result<SignalInfo> wait_for_signal(proc::Kernel& kernel, proc::Thread& current, SignalSet wanted, const hal::Nanoseconds* timeout)
{
    // "Invert the set of allowed signals to get those we want to block."
    wanted = without_kernel_only(wanted);
    const SignalSet others(~wanted.bits());
    SignalInfo info = dequeue_signal(current, others);
    if (info.signo != 0) {
        return info;
    }
    if (timeout != nullptr && *timeout == 0) {
        return errno_error(EAGAIN);
    }
    // "None ready, temporarily unblock those we're interested while we are
    // sleeping in so that we'll be awakened when they arrive."
    current.real_blocked = current.blocked;
    current.blocked = SignalSet(current.blocked.bits() & others.bits());
    auto ready = [&] { return current.has_deliverable_signal(); };
    hal::WakeReason reason = hal::WakeReason::Woken;
    if (timeout != nullptr) {
        // Saturating: a timeout of centuries is "never" (KTIME_MAX).
        const hal::Nanoseconds now = kernel.clock().monotonic_now();
        hal::Nanoseconds deadline = 0;
        if (__builtin_add_overflow(now, *timeout, &deadline)) {
            deadline = static_cast<hal::Nanoseconds>(~u64 { 0 } >> 1);
        }
        reason = kernel.scheduler().wait_until_deadline(current.signal_wait, hal::BlockMode::Interruptible, ready, deadline);
    } else {
        reason = kernel.scheduler().wait_until(current.signal_wait, hal::BlockMode::Interruptible, ready);
    }
    current.blocked = current.real_blocked;
    current.real_blocked = SignalSet();
    info = dequeue_signal(current, others);
    if (info.signo != 0) {
        return info;
    }
    return errno_error(reason == hal::WakeReason::TimedOut ? EAGAIN : EINTR);
}

} // namespace sirius::signal
