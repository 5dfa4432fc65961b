#include "core/time/cpu_clock.h"

#include "core/proc/thread.h"
#include "core/time/ktime.h"

namespace sirius::time {

namespace {

constexpr i32 kClockMask = 3; // CPUCLOCK_CLOCK_MASK
constexpr i32 kClockCount = 3; // CPUCLOCK_MAX

} // namespace

Result<CpuClock> find_cpu_clock(proc::Thread& current, i32 id, CpuClockLookup lookup)
{
    const i32 which = id & kClockMask;
    // "if (CPUCLOCK_WHICH(clock) >= CPUCLOCK_MAX) return NULL;"
    if (which >= kClockCount) {
        return errno_error(EINVAL);
    }
    CpuClock clock;
    clock.sample = which == 0 ? CpuClockSample::Prof : (which == 1 ? CpuClockSample::Virt : CpuClockSample::Sched);
    const bool per_thread = is_thread_cpu_clock(id);
    const PidNr nr = cpu_clock_pid(id);
    // "If the encoded PID is 0, then the timer is targeted at current or
    // the process to which current belongs."
    if (nr == 0) {
        if (per_thread) {
            clock.thread = &current;
        } else {
            clock.process = &current.process();
        }
        return clock;
    }
    proc::Pid* pid = current.active_pid_namespace().find(nr);
    if (pid == nullptr) {
        return errno_error(EINVAL);
    }
    if (per_thread) {
        // "return (tsk && same_thread_group(tsk, current)) ? pid : NULL;"
        proc::Thread* thread = pid->thread;
        if (thread == nullptr || &thread->process() != &current.process()) {
            return errno_error(EINVAL);
        }
        clock.thread = thread;
        return clock;
    }
    // "For clock_gettime(PROCESS) allow finding the process by with the
    // pid of the current task."
    if (lookup == CpuClockLookup::Gettime && pid == &current.pid()) {
        clock.process = &current.process();
        return clock;
    }
    // "For processes require that pid identifies a process": a thread-group
    // id, attached until the process is reaped.
    proc::Process* process = pid->thread_group;
    if (process == nullptr || process->state() == proc::ProcessState::Reaped) {
        return errno_error(EINVAL);
    }
    clock.process = process;
    return clock;
}

hal::Nanoseconds read_cpu_clock(const CpuClock& clock)
{
    const CpuTimes times = clock.thread != nullptr ? clock.thread->cpu_time.sample() : clock.process->cpu_time().sample();
    const u64 value = clock.sample == CpuClockSample::Virt ? times.user : times.total();
    return value > static_cast<u64>(kTimeMax) ? kTimeMax : static_cast<hal::Nanoseconds>(value);
}

hal::Nanoseconds cpu_clock_resolution(const CpuClock& clock, const hal::Clock& source)
{
    if (clock.sample == CpuClockSample::Sched) {
        return 1;
    }
    // "((NSEC_PER_SEC + HZ - 1) / HZ)"
    const hal::Nanoseconds hz = kNanosecondsPerSecond / source.tick_period();
    return (kNanosecondsPerSecond + hz - 1) / hz;
}

} // namespace sirius::time
