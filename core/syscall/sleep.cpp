#include "core/syscall/sleep.h"

#include <linux/time.h>

#include "core/syscall/time.h"
#include "core/time/cpu_clock.h"

namespace sirius::syscall {

namespace {

hal::Nanoseconds saturating_sub(hal::Nanoseconds a, hal::Nanoseconds b)
{
    hal::Nanoseconds difference = 0;
    if (__builtin_sub_overflow(a, b, &difference)) {
        return b < 0 ? kTimeMax : -kTimeMax;
    }
    return difference;
}

enum class SleepMode : u8 {
    Relative, // HRTIMER_MODE_REL
    Absolute, // HRTIMER_MODE_ABS (TIMER_ABSTIME)
};

// timens_ktime_to_host: an absolute time of the caller's namespace, less
// its offset. "User can specify @tim *absolute* value - if it's lesser than
// the time namespace's offset - it's already expired"; past KTIME_MAX it is
// KTIME_MAX.
hal::Nanoseconds to_host_time(hal::Nanoseconds time, hal::Nanoseconds offset)
{
    if (time < offset) {
        return 0;
    }
    return saturating_sub(time, offset);
}

// The scheduler's deadline (the machine's monotonic clock) for a valid
// request of `time` on `clock` (common_nsleep, common_nsleep_timens).
hal::Nanoseconds deadline_for(SyscallContext& context, PosixClock clock, SleepMode mode, hal::Nanoseconds time)
{
    const hal::Clock& source = context.kernel.clock();
    if (mode == SleepMode::Relative) {
        // ktime_add_safe(now, time); a relative CLOCK_REALTIME or CLOCK_TAI
        // timer runs on CLOCK_MONOTONIC (__hrtimer_init), and boot time
        // runs as monotonic time while nothing suspends.
        return saturating_add(source.monotonic_now(), time);
    }
    switch (clock) {
    case PosixClock::Monotonic:
        return to_host_time(time, time_offsets_of(context.current).monotonic_ns);
    case PosixClock::Boottime:
        // The host's boot time is its monotonic time (no suspend).
        return to_host_time(time, time_offsets_of(context.current).boottime_ns);
    default: {
        // CLOCK_REALTIME and CLOCK_TAI (whose offset is 0). Linux arms a
        // realtime timer, which follows clock_settime(2) and NTP steps; the
        // scheduler sleeps on the monotonic clock only, so the wall-clock
        // time becomes a monotonic one through the two clocks' difference
        // now (as futex_deadline does). Nothing in Sirius steps the wall
        // clock, so the two agree.
        const hal::Nanoseconds remaining = saturating_sub(time, source.realtime_now());
        const hal::Nanoseconds deadline = saturating_add(source.monotonic_now(), remaining);
        return deadline < 0 ? 0 : deadline;
    }
    }
}

// do_nanosleep and the rest of hrtimer_nanosleep: an interruptible sleep
// until `deadline` on a queue nothing wakes. `remaining_address` is where
// an interrupted relative sleep writes the time left (0: nowhere).
// Returns 0 once the deadline passed; ERESTARTNOHAND when a signal ended
// the sleep first; EFAULT if the time left could not be written.
Result<i64> sleep_until(SyscallContext& context, hal::Nanoseconds deadline, SleepMode mode, u64 remaining_address)
{
    proc::Thread& current = context.current;
    const hal::Clock& clock = context.kernel.clock();
    hal::WaitQueue queue;
    // A signal already pending ends the sleep at once: schedule() does not
    // sleep in TASK_INTERRUPTIBLE with one pending.
    auto ready = [&] { return current.has_deliverable_signal(); };
    hal::Nanoseconds now = 0;
    for (;;) {
        const hal::WakeReason reason = context.kernel.scheduler().wait_until_deadline(queue, hal::BlockMode::Interruptible, ready, deadline);
        // The timer has fired: "if (!t->task) return 0;". A signal that
        // came with the deadline past changes nothing ("if (rem <= 0)
        // return 0;"); it is delivered on the way out.
        now = clock.monotonic_now();
        if (reason == hal::WakeReason::TimedOut || now >= deadline) {
            return 0;
        }
        // "while (t->task && !signal_pending(current))": a wake-up without
        // a signal (one taken by another thread meanwhile) sleeps on.
        if (current.has_deliverable_signal()) {
            break;
        }
    }
    // hrtimer_nanosleep: "Absolute timers do not update the rmtp value and
    // restart" (ERESTARTNOHAND: EINTR to a handler, otherwise the same call
    // again, to the same time).
    if (mode == SleepMode::Absolute) {
        return errno_error(ERESTARTNOHAND);
    }
    // nanosleep_copyout: the time left goes to rem whether or not a handler
    // will run, and a rem that cannot be written makes the call EFAULT,
    // restarted by nothing (the host's 6.18 does both). Linux's time left
    // includes the timer slack; Sirius's deadlines have none.
    if (remaining_address != 0) {
        TRY(write_user_timespec(context, remaining_address, deadline - now));
    }
    // Linux: ERESTART_RESTARTBLOCK, whose restart_syscall(2) sleeps on to
    // the same expiry. Without a restart_block (see sleep.h) the call
    // restarts from the start when no handler runs.
    return errno_error(ERESTARTNOHAND);
}

// posix_cpu_nsleep and do_cpu_nanosleep: an interruptible sleep until the
// CPU clock `id` reaches `time` (absolute) or has counted `time` more
// (relative). The clock moves only as ticks charge CPU time to what it
// measures, so run_timer_work (core/time/tick.h) wakes these sleeps to look
// again. `remaining_address` as for sleep_until.
Result<i64> cpu_clock_sleep(SyscallContext& context, i32 id, SleepMode mode, hal::Nanoseconds time, u64 remaining_address)
{
    proc::Thread& current = context.current;
    // "Diagnose required errors first": a thread cannot wait for its own
    // CPU time, which does not move while it sleeps.
    const PidNr nr = time::cpu_clock_pid(id);
    if (time::is_thread_cpu_clock(id) && (nr == 0 || nr == current.pid().nr_in(current.active_pid_namespace()))) {
        return errno_error(EINVAL);
    }
    // posix_cpu_timer_create: pid_for_clock(clock, false).
    const time::CpuClock clock = TRY(time::find_cpu_clock(current, id, time::CpuClockLookup::Other));
    // The thread or process measured stays while the sleep looks at it (the
    // timer holds a reference to its pid).
    const RefPtr<proc::Thread> measured_thread(clock.thread);
    const RefPtr<proc::Process> measured_process(clock.process);
    // posix_cpu_timer_set: a time of 0 leaves the timer disarmed, and one
    // already reached fires at once; either way the sleep is over ("It
    // actually did fire already"), signal or not.
    if (time == 0) {
        return 0;
    }
    const hal::Nanoseconds expiry = mode == SleepMode::Relative ? saturating_add(time::read_cpu_clock(clock), time) : time;
    auto reached = [&] { return time::read_cpu_clock(clock) >= expiry; };
    while (!reached()) {
        const hal::WakeReason reason = context.kernel.scheduler().wait_until(context.kernel.cpu_clock_sleepers(), hal::BlockMode::Interruptible,
            [&] { return reached() || current.has_deliverable_signal(); });
        if (reached()) {
            break;
        }
        if (reason != hal::WakeReason::Woken || current.has_deliverable_signal()) {
            if (mode == SleepMode::Absolute) {
                return errno_error(ERESTARTNOHAND);
            }
            // posix_cpu_timer_set's old value: the time still to go.
            if (remaining_address != 0) {
                TRY(write_user_timespec(context, remaining_address, expiry - time::read_cpu_clock(clock)));
            }
            // Linux: ERESTART_RESTARTBLOCK (posix_cpu_nsleep_restart); see
            // sleep_until.
            return errno_error(ERESTARTNOHAND);
        }
    }
    return 0;
}

Result<i64> nanosleep(SyscallContext& context, const SyscallArguments& args)
{
    // sys_nanosleep: the request is read and checked (EFAULT, then EINVAL);
    // rem is looked at only if the sleep is interrupted.
    const hal::Nanoseconds time = TRY(read_user_timespec(context, args[0]));
    // nanosleep(2): "measures the time using the CLOCK_MONOTONIC clock".
    const hal::Nanoseconds deadline = deadline_for(context, PosixClock::Monotonic, SleepMode::Relative, time);
    return sleep_until(context, deadline, SleepMode::Relative, args[1]);
}

Result<i64> clock_nanosleep(SyscallContext& context, const SyscallArguments& args)
{
    const PosixClock clock = decode_clock(args[0]);
    // `flags` is an int; every bit but TIMER_ABSTIME is ignored (the host
    // takes any).
    const SleepMode mode = (static_cast<i32>(args[1]) & TIMER_ABSTIME) != 0 ? SleepMode::Absolute : SleepMode::Relative;
    // sys_clock_nanosleep: "if (!kc) return -EINVAL; if (!kc->nsleep)
    // return -EOPNOTSUPP;", both before the request is read. The k_clocks
    // without nsleep: CLOCK_THREAD_CPUTIME_ID (EOPNOTSUPP on the host,
    // whatever the man page's EINVAL says), CLOCK_MONOTONIC_RAW, the coarse
    // clocks and the dynamic clocks.
    switch (clock) {
    case PosixClock::Invalid:
        return errno_error(EINVAL);
    case PosixClock::ThreadCputime:
    case PosixClock::MonotonicRaw:
    case PosixClock::RealtimeCoarse:
    case PosixClock::MonotonicCoarse:
    case PosixClock::Dynamic:
        return errno_error(EOPNOTSUPP);
    default:
        break;
    }
    const hal::Nanoseconds time = TRY(read_user_timespec(context, args[2]));
    switch (clock) {
    case PosixClock::Alarm:
        // alarm_timer_nsleep: "if (!alarmtimer_get_rtcdev()) return
        // -EOPNOTSUPP;" - no RTC wake-up device.
        return errno_error(EOPNOTSUPP);
    default:
        break;
    }
    // "if (flags & TIMER_ABSTIME) rmtp = NULL;"
    const u64 remaining_address = mode == SleepMode::Absolute ? 0 : args[3];
    switch (clock) {
    case PosixClock::ProcessCputime:
        // process_cpu_nsleep: "posix_cpu_nsleep(PROCESS_CLOCK, ...)".
        return cpu_clock_sleep(context, time::kProcessClock, mode, time, remaining_address);
    case PosixClock::TaskCputime:
        return cpu_clock_sleep(context, static_cast<i32>(args[0]), mode, time, remaining_address);
    default:
        break;
    }
    const hal::Nanoseconds deadline = deadline_for(context, clock, mode, time);
    return sleep_until(context, deadline, mode, remaining_address);
}

} // namespace

i64 sys_nanosleep(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(nanosleep(context, args));
}

i64 sys_clock_nanosleep(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(clock_nanosleep(context, args));
}

} // namespace sirius::syscall
