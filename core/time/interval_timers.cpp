#include "core/time/interval_timers.h"

#include <asm/signal.h>

#include "core/proc/kernel.h"
#include "core/signal/send_signal.h"
#include "core/time/ktime.h"

namespace sirius::time {

namespace {

// __group_send_sig_info(signal, SEND_SIG_PRIV, task): to the process, from
// the kernel, si_code SI_KERNEL with no sender.
void send_to_process(proc::Kernel& kernel, proc::Process& process, int signal)
{
    proc::Thread* target = process.first_thread();
    if (target == nullptr) {
        return;
    }
    signal::SignalInfo info;
    info.signo = signal;
    info.code = signal::kSiKernel;
    // A legacy signal already pending is not queued twice; nothing else
    // can fail for a signal without data.
    (void)signal::send_signal(kernel, info, *target, signal::SignalScope::Process, signal::SignalSender::kernel());
}

} // namespace

void RealIntervalTimer::expire(proc::Kernel& kernel)
{
    // "Interval timers are restarted in the signal delivery path."
    send_to_process(kernel, m_process, SIGALRM);
}

u64 IntervalTimers::cpu_clock(IntervalTimerKind kind) const
{
    const CpuTimes times = process_times(m_process);
    return kind == IntervalTimerKind::Prof ? times.total() : times.user;
}

IntervalTimerValue IntervalTimers::get(IntervalTimerKind kind, const hal::Clock& clock) const
{
    if (kind == IntervalTimerKind::Real) {
        // itimer_get_remtime: "Returns the delta between the expiry time
        // and now, which can be less than zero or 1usec for an pending
        // expired timer".
        hal::Nanoseconds remaining = 0;
        if (m_real.is_armed()) {
            remaining = m_real.expiry() - clock.monotonic_now();
            if (remaining <= 0) {
                remaining = kNanosecondsPerMicrosecond;
            }
        }
        return IntervalTimerValue { remaining, m_real.interval };
    }
    const CpuIntervalTimer& timer = cpu_timer(kind);
    u64 value = timer.expires;
    if (value != 0) {
        const u64 now = cpu_clock(kind);
        // get_cpu_itimer: "if (val < t) /* about to fire */ val = TICK_NSEC;".
        value = value < now ? static_cast<u64>(clock.tick_period()) : value - now;
    }
    return IntervalTimerValue { static_cast<hal::Nanoseconds>(value), static_cast<hal::Nanoseconds>(timer.increment) };
}

IntervalTimerValue IntervalTimers::set(TimerQueue& queue, IntervalTimerKind kind, IntervalTimerValue value)
{
    const hal::Clock& clock = queue.clock();
    if (kind == IntervalTimerKind::Real) {
        const IntervalTimerValue old = get(kind, clock);
        TimerQueue::cancel(m_real);
        if (value.value != 0) {
            // hrtimer_start(timer, expires, HRTIMER_MODE_REL) on
            // CLOCK_MONOTONIC.
            m_real.interval = value.interval;
            m_real.queue = &queue;
            queue.arm(m_real, saturating_add(clock.monotonic_now(), value.value));
        } else {
            m_real.interval = 0;
        }
        return old;
    }
    // set_cpu_itimer and set_process_cpu_timer: the old expiry becomes a
    // time left, the new one an absolute CPU time.
    CpuIntervalTimer& timer = cpu_timer(kind);
    const u64 tick = static_cast<u64>(clock.tick_period());
    u64 old_value = timer.expires;
    const u64 old_interval = timer.increment;
    auto new_value = static_cast<u64>(value.value);
    if (old_value != 0 || new_value != 0) {
        const u64 now = cpu_clock(kind);
        if (new_value > 0) {
            new_value += tick;
        }
        if (old_value != 0) {
            old_value = old_value <= now ? tick : old_value - now;
        }
        if (new_value != 0) {
            new_value += now;
        }
    }
    timer.expires = new_value;
    timer.increment = static_cast<u64>(value.interval);
    return IntervalTimerValue { static_cast<hal::Nanoseconds>(old_value), static_cast<hal::Nanoseconds>(old_interval) };
}

void IntervalTimers::run_cpu_timers(proc::Kernel& kernel)
{
    // check_cpu_itimer, CPUCLOCK_PROF before CPUCLOCK_VIRT.
    const CpuTimes times = process_times(m_process);
    const struct {
        IntervalTimerKind kind;
        u64 now;
        int signal;
    } checks[] = {
        { IntervalTimerKind::Prof, times.total(), SIGPROF },
        { IntervalTimerKind::Virtual, times.user, SIGVTALRM },
    };
    for (const auto& check : checks) {
        CpuIntervalTimer& timer = cpu_timer(check.kind);
        if (timer.expires == 0 || check.now < timer.expires) {
            continue;
        }
        // "if (it->incr) it->expires += it->incr; else it->expires = 0;"
        timer.expires = timer.increment != 0 ? timer.expires + timer.increment : 0;
        send_to_process(kernel, m_process, check.signal);
    }
}

void IntervalTimers::rearm_real_after_delivery()
{
    // posixtimer_rearm_itimer: "if (!hrtimer_is_queued(tmr) &&
    // tsk->signal->it_real_incr != 0)".
    if (m_real.is_armed() || m_real.interval == 0 || m_real.queue == nullptr) {
        return;
    }
    // hrtimer_forward(tmr, now, incr): the expiry moves on by whole
    // periods until it is after now.
    const hal::Nanoseconds now = m_real.queue->clock().monotonic_now();
    hal::Nanoseconds expiry = m_real.expiry();
    const hal::Nanoseconds period = m_real.interval;
    if (now >= expiry) {
        const hal::Nanoseconds periods = (now - expiry) / period + 1;
        hal::Nanoseconds advance = 0;
        expiry = __builtin_mul_overflow(periods, period, &advance) ? kTimeMax : saturating_add(expiry, advance);
    }
    m_real.queue->arm(m_real, expiry);
}

void IntervalTimers::cancel_all()
{
    TimerQueue::cancel(m_real);
    m_real.interval = 0;
    m_cpu[0] = {};
    m_cpu[1] = {};
}

} // namespace sirius::time
