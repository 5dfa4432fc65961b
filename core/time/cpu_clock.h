#pragma once

// The CPU-time clocks (Linux kernel/time/posix-cpu-timers.c):
// CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, and the clock ids
// clock_getcpuclockid(3) and pthread_getcpuclockid(3) make of a pid or a
// tid - negative numbers, MAKE_PROCESS_CPUCLOCK(pid, which) =
// ~pid << 3 | which and MAKE_THREAD_CPUCLOCK(tid, which) = the same with
// CPUCLOCK_PERTHREAD_MASK (4), where pid 0 is the caller. `which` says what
// the clock counts: CPUCLOCK_PROF (0) user and system time, CPUCLOCK_VIRT
// (1) user time, CPUCLOCK_SCHED (2) the run time, which tick-based
// accounting knows only as user and system time (core/time/cpu_time.h).
// The encodings are in include/linux/posix-timers_types.h, not in the
// UAPI headers.
#include "core/base/result.h"
#include "core/hal/clock.h"

namespace sirius::proc {
class Process;
class Thread;
} // namespace sirius::proc

namespace sirius::time {

enum class CpuClockSample : u8 {
    Prof, // CPUCLOCK_PROF
    Virt, // CPUCLOCK_VIRT
    Sched, // CPUCLOCK_SCHED
};

// A clock found: one thread's (thread set) or one process's (process set).
struct CpuClock {
    proc::Thread* thread { nullptr };
    proc::Process* process { nullptr };
    CpuClockSample sample { CpuClockSample::Sched };
};

// Who looks: clock_gettime(2) also takes the caller's own tid for its
// process's clock (pid_for_clock's "gettime"); getres and nanosleep do not.
enum class CpuClockLookup : u8 {
    Gettime,
    Other,
};

// PROCESS_CLOCK and THREAD_CLOCK: what CLOCK_PROCESS_CPUTIME_ID and
// CLOCK_THREAD_CPUTIME_ID stand for (pid 0, CPUCLOCK_SCHED).
inline constexpr i32 kCpuClockPerThread = 4; // CPUCLOCK_PERTHREAD_MASK
inline constexpr i32 make_process_cpu_clock(i32 pid, i32 which) { return static_cast<i32>(~static_cast<u32>(pid) << 3) | which; }
inline constexpr i32 make_thread_cpu_clock(i32 tid, i32 which) { return make_process_cpu_clock(tid, which | kCpuClockPerThread); }
inline constexpr i32 kProcessClock = make_process_cpu_clock(0, 2);
inline constexpr i32 kThreadClock = make_thread_cpu_clock(0, 2);

// The pid or tid a CPU clock id names (CPUCLOCK_PID), and whether it is a
// thread's clock (CPUCLOCK_PERTHREAD).
[[nodiscard]] constexpr PidNr cpu_clock_pid(i32 id) { return ~(id >> 3); }
[[nodiscard]] constexpr bool is_thread_cpu_clock(i32 id) { return (id & kCpuClockPerThread) != 0; }

// pid_for_clock and pid_task: the clock `id` names for `current`. A
// thread's clock must be of a thread in the caller's process; a process's
// must name a process (its thread-group id), not yet reaped. Errors:
// EINVAL (CPUCLOCK_WHICH 3, no such thread or process in the caller's pid
// namespace, a thread of another process).
Result<CpuClock> find_cpu_clock(proc::Thread& current, i32 id, CpuClockLookup lookup);

// cpu_clock_sample / cpu_clock_sample_group: the clock's time now.
[[nodiscard]] hal::Nanoseconds read_cpu_clock(const CpuClock& clock);

// posix_cpu_clock_getres: 1 ns for CPUCLOCK_SCHED ("much more than
// 1s/HZ"), a tick for the others.
[[nodiscard]] hal::Nanoseconds cpu_clock_resolution(const CpuClock& clock, const hal::Clock& source);

} // namespace sirius::time
