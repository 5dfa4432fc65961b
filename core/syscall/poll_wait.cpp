#include "core/syscall/poll_wait.h"

#include <asm/signal.h>
#include <linux/time_types.h>

#include "core/base/user_ptr.h"
#include "core/signal/signal_set.h"
#include "core/syscall/time.h"

namespace sirius::syscall {

PollDeadline poll_deadline(SyscallContext& context, hal::Nanoseconds timeout)
{
    // "Optimize for the zero timeout value here."
    if (timeout == 0) {
        return PollDeadline { .present = true, .end = 0 };
    }
    return PollDeadline { .present = true, .end = saturating_add(context.kernel.clock().monotonic_now(), timeout) };
}

Result<void> set_poll_signal_mask(SyscallContext& context, u64 address, u64 size)
{
    if (address == 0) {
        return {};
    }
    if (size != sizeof(u64)) {
        return errno_error(EINVAL);
    }
    const u64 mask = TRY(UserPtr<u64>(address).read(memory_of(context)));
    proc::Thread& current = context.current;
    current.saved_blocked = current.blocked;
    current.restore_saved_blocked = true;
    current.blocked = signal::without_kernel_only(signal::SignalSet(mask));
    return {};
}

namespace {

Result<void> write_remaining(SyscallContext& context, u64 address, RemainingTimeFormat format, hal::Nanoseconds left)
{
    if (format == RemainingTimeFormat::Timespec) {
        return write_user_timespec(context, address, left);
    }
    const __kernel_old_timeval value {
        .tv_sec = left / kNanosecondsPerSecond,
        .tv_usec = (left % kNanosecondsPerSecond) / 1000,
    };
    return UserPtr<__kernel_old_timeval>(address).write(memory_of(context), value);
}

} // namespace

Result<i64> finish_poll(SyscallContext& context, const PollDeadline& deadline, u64 address, RemainingTimeFormat format, Result<i64> result)
{
    const bool interrupted = result.is_error() && result.error().code() == ERESTARTNOHAND;
    // restore_saved_sigmask_unless(ret == -ERESTARTNOHAND): a handler to
    // come runs under the call's mask, and its frame restores the old one.
    proc::Thread& current = context.current;
    if (!interrupted && current.restore_saved_blocked) {
        current.restore_saved_blocked = false;
        current.blocked = current.saved_blocked;
    }
    // "No update for zero timeout".
    if (address == 0 || !deadline.present || deadline.end == 0) {
        return result;
    }
    hal::Nanoseconds left = deadline.end - context.kernel.clock().monotonic_now();
    if (left < 0) {
        left = 0;
    }
    if (write_remaining(context, address, format, left).is_error() && interrupted) {
        return errno_error(EINTR);
    }
    return result;
}

bool sleep_for_events(SyscallContext& context, const PollDeadline& deadline, FunctionRef<bool()> ready)
{
    proc::Thread& current = context.current;
    // The thread's own queue is never woken: wakes come through the poll
    // table's entries on the files' queues.
    hal::WaitQueue queue;
    auto done = [&] { return current.has_deliverable_signal() || ready(); };
    hal::Scheduler& scheduler = context.kernel.scheduler();
    if (!deadline.present) {
        (void)scheduler.wait_until(queue, hal::BlockMode::Interruptible, done);
        return false;
    }
    return scheduler.wait_until_deadline(queue, hal::BlockMode::Interruptible, done, deadline.end) == hal::WakeReason::TimedOut;
}

} // namespace sirius::syscall
