#pragma once

// A process's interval timers (setitimer(2), getitimer(2), alarm(2); Linux
// kernel/time/itimer.c and the itimer half of
// kernel/time/posix-cpu-timers.c). Three per process, shared by its
// threads:
// - ITIMER_REAL counts down in real (monotonic) time and sends SIGALRM;
//   a periodic one is armed again when its SIGALRM is dequeued
//   (posixtimer_rearm_itimer), not when it fires, so a blocked or ignored
//   SIGALRM stops it.
// - ITIMER_VIRTUAL counts the process's user time and sends SIGVTALRM;
//   ITIMER_PROF its user and system time and sends SIGPROF. Both are
//   checked as ticks charge CPU time (check_process_timers), and reload at
//   once.
// Each signal goes to the process (any of its threads may take it) from
// the kernel: SI_KERNEL, no sender (SEND_SIG_PRIV).
//
// fork(2): "The child does not inherit timers from its parent" - a new
// process starts with all three disarmed. execve(2) keeps them. When the
// last thread exits they are cancelled (do_exit: hrtimer_cancel).
#include "core/time/cpu_time.h"
#include "core/time/timer_queue.h"

namespace sirius::proc {
class Kernel;
class Process;
} // namespace sirius::proc

namespace sirius::time {

enum class IntervalTimerKind : u8 {
    Real, // ITIMER_REAL
    Virtual, // ITIMER_VIRTUAL
    Prof, // ITIMER_PROF
};

// struct itimerspec64 in nanoseconds: the time to the next expiry (0:
// disarmed) and the period after it (0: a single shot).
struct IntervalTimerValue {
    hal::Nanoseconds value { 0 };
    hal::Nanoseconds interval { 0 };
    bool operator==(const IntervalTimerValue&) const = default;
};

// ITIMER_REAL's timer (signal->real_timer, it_real_fn).
class RealIntervalTimer final : public KernelTimer {
public:
    explicit RealIntervalTimer(proc::Process& process)
        : m_process(process)
    {
    }

    hal::Nanoseconds interval { 0 }; // signal->it_real_incr
    TimerQueue* queue { nullptr }; // where it was last armed

private:
    // kill_pid_info(SIGALRM, SEND_SIG_PRIV, tgid): no reload here.
    void expire(proc::Kernel& kernel) override;

    proc::Process& m_process;
};

// A CPU-time itimer (struct cpu_itimer): the process CPU time at which it
// expires (0: disarmed), and its reload.
struct CpuIntervalTimer {
    u64 expires { 0 };
    u64 increment { 0 };
};

class IntervalTimers {
public:
    explicit IntervalTimers(proc::Process& process)
        : m_process(process)
        , m_real(process)
    {
    }
    IntervalTimers(const IntervalTimers&) = delete;
    IntervalTimers& operator=(const IntervalTimers&) = delete;

    // do_getitimer: the time left and the period. ITIMER_REAL's time left
    // is 1 µs once due but not yet run ("less than zero or 1usec for an
    // pending expired timer"), 0 once it ran; a CPU timer's is a tick
    // once passed (get_cpu_itimer: "about to fire").
    [[nodiscard]] IntervalTimerValue get(IntervalTimerKind kind, const hal::Clock& clock) const;

    // do_setitimer: arms `kind` with `value` (a value of 0 disarms it, and
    // then its period is 0 too), on `queue` for ITIMER_REAL. Returns the
    // old setting as get() reads it, except that a passed CPU timer
    // reads a tick (set_process_cpu_timer: "Just about to fire"). A CPU
    // timer expires a tick later than asked ("nval += TICK_NSEC").
    // Preconditions: value.value >= 0, value.interval >= 0.
    IntervalTimerValue set(TimerQueue& queue, IntervalTimerKind kind, IntervalTimerValue value);

    // check_process_timers' itimers: fires ITIMER_PROF, then
    // ITIMER_VIRTUAL, if the process's CPU time has reached them, and
    // reloads or disarms each.
    void run_cpu_timers(proc::Kernel& kernel);

    // dequeue_signal: the process's SIGALRM was taken; a periodic
    // ITIMER_REAL that has run is armed again, a whole number of periods
    // after its last expiry, the first such time still to come
    // (hrtimer_forward).
    void rearm_real_after_delivery();

    // The process is dead: nothing fires any more.
    void cancel_all();

private:
    CpuIntervalTimer& cpu_timer(IntervalTimerKind kind) { return m_cpu[kind == IntervalTimerKind::Prof ? 0 : 1]; }
    [[nodiscard]] const CpuIntervalTimer& cpu_timer(IntervalTimerKind kind) const { return m_cpu[kind == IntervalTimerKind::Prof ? 0 : 1]; }
    // The CPU clock `kind` counts (CPUCLOCK_PROF or CPUCLOCK_VIRT).
    [[nodiscard]] u64 cpu_clock(IntervalTimerKind kind) const;

    proc::Process& m_process;
    RealIntervalTimer m_real;
    CpuIntervalTimer m_cpu[2]; // signal->it[CPUCLOCK_PROF], it[CPUCLOCK_VIRT]
};

} // namespace sirius::time
