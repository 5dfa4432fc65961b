#pragma once

// What poll(2), ppoll(2), select(2) and pselect6(2) share (Linux
// fs/select.c): the timeout as an end time, the signal mask of the p*
// variants, the sleep between passes over the files, and the way out -
// the time left written back and the mask restored.
#include "core/base/function_ref.h"
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

// The end of the wait (Linux's struct timespec64 end_time, `to`).
struct PollDeadline {
    bool present { false }; // a timeout was given
    // On the monotonic clock; 0 when the timeout is zero (no wait at all,
    // and no time written back).
    hal::Nanoseconds end { 0 };

    [[nodiscard]] bool is_zero() const { return present && end == 0; }
};

// poll_select_set_timeout for a valid `timeout` in nanoseconds: now plus
// it (saturating), or the zero deadline.
[[nodiscard]] PollDeadline poll_deadline(SyscallContext& context, hal::Nanoseconds timeout);

// set_user_sigmask: with a mask at `address` (0: none), the caller's
// signal mask becomes it until the call returns, or until a handler of a
// signal that interrupted the call has run (TIF_RESTORE_SIGMASK). Errors:
// EINVAL (`size` is not sizeof(sigset_t)), EFAULT.
Result<void> set_poll_signal_mask(SyscallContext& context, u64 address, u64 size);

// How the time left goes back to user memory.
enum class RemainingTimeFormat : u8 {
    Timeval, // select(2)
    Timespec, // ppoll(2), pselect6(2)
};

// poll_select_finish: restores the mask set_poll_signal_mask replaced
// unless the call is to be interrupted (ERESTARTNOHAND), and, when a
// timeout was read from `address`, writes the time left there. A write
// that faults costs the call its restart: ERESTARTNOHAND becomes EINTR;
// the result is otherwise kept ("we don't want the Linux-specific update
// to the timeval to cause a fault after the select has completed").
Result<i64> finish_poll(SyscallContext& context, const PollDeadline& deadline, u64 address, RemainingTimeFormat format, Result<i64> result);

// poll_schedule_timeout: an interruptible sleep until `ready()` (a pass
// over the files without registering finds one ready), a signal, or the
// deadline. Returns true when the deadline passed. The files' wait queues
// were named to a PollTable for the calling thread, whose wakes end the
// sleep's waits so `ready` is asked again.
bool sleep_for_events(SyscallContext& context, const PollDeadline& deadline, FunctionRef<bool()> ready);

} // namespace sirius::syscall
