#pragma once

// CPU-time accounting (Linux kernel/sched/cputime.c without
// VIRT_CPU_ACCOUNTING: tick-based). Each timer tick charges its whole
// period to the thread it interrupted - as user time if it interrupted
// user mode, else as system time (account_process_tick) - and to that
// thread's process, whose count thus includes its dead threads (Linux
// keeps those in signal->utime/stime, __exit_signal). A process also keeps
// the times of the children it has waited for (signal->cutime/cstime,
// wait_task_zombie).
//
// With ticks as the only measure there is no separate, finer run time
// (sum_exec_runtime): cputime_adjust, which scales utime and stime to it,
// is the identity here, and CPUCLOCK_SCHED reads user + system time.
#include "core/base/atomic.h"
#include "core/hal/clock.h"

namespace sirius::proc {
class Process;
class Thread;
} // namespace sirius::proc

namespace sirius::time {

// Linux task_cputime's utime and stime, in nanoseconds.
struct CpuTimes {
    u64 user { 0 };
    u64 system { 0 };

    [[nodiscard]] u64 total() const { return user + system; }
    CpuTimes& operator+=(const CpuTimes& other)
    {
        user += other.user;
        system += other.system;
        return *this;
    }
    bool operator==(const CpuTimes&) const = default;
};

// Whether a tick interrupted user mode (Linux user_mode(regs)).
enum class TickMode : u8 {
    User,
    System,
};

// A running CPU-time count. The timer interrupt charges it while any
// thread may read it, so both halves are atomics (a reader may see one
// half a tick newer than the other, which no rule can tell apart).
class CpuTimeCounter {
public:
    void charge(TickMode mode, hal::Nanoseconds period)
    {
        Atomic<u64>& counter = mode == TickMode::User ? m_user : m_system;
        counter.fetch_add(static_cast<u64>(period), MemoryOrder::Relaxed);
    }
    [[nodiscard]] CpuTimes sample() const { return CpuTimes { m_user.load(MemoryOrder::Relaxed), m_system.load(MemoryOrder::Relaxed) }; }

private:
    Atomic<u64> m_user { 0 };
    Atomic<u64> m_system { 0 };
};

// account_process_tick for one tick of `period` that interrupted `thread`
// in `mode`: the thread and its process are charged. Safe in interrupt
// context: it touches only the two counters.
void charge_tick(proc::Thread& thread, TickMode mode, hal::Nanoseconds period);

// thread_group_cputime: every thread of the process, dead ones included.
[[nodiscard]] CpuTimes process_times(const proc::Process& process);

// getrusage(RUSAGE_BOTH) of a child as wait4(2) and waitid(2) report it:
// its own threads and the children it has waited for.
[[nodiscard]] CpuTimes process_and_children_times(const proc::Process& process);

// wait_task_zombie: `parent` collects `child`, whose times - its own and
// those of the children it waited for - join the parent's children times
// (getrusage(2) RUSAGE_CHILDREN: "all children of the calling process that
// have terminated and been waited for", and their descendants that were
// waited for).
void collect_child_times(proc::Process& parent, const proc::Process& child);

// USER_HZ: the unit of clock_t (times(2), si_utime), sysconf(_SC_CLK_TCK).
inline constexpr i64 kUserHz = 100;

// nsec_to_clock_t: nanoseconds in clock ticks, rounded down.
[[nodiscard]] constexpr i64 to_clock_ticks(u64 nanoseconds) { return static_cast<i64>(nanoseconds / (1'000'000'000 / kUserHz)); }

} // namespace sirius::time
