#include "core/time/cpu_time.h"

#include "core/proc/thread.h"

namespace sirius::time {

void charge_tick(proc::Thread& thread, TickMode mode, hal::Nanoseconds period)
{
    // account_user_time / account_system_time: the task's own count, and
    // the group's (Linux's thread_group_cputimer sums the same ticks).
    thread.cpu_time.charge(mode, period);
    thread.process().cpu_time().charge(mode, period);
}

CpuTimes process_times(const proc::Process& process)
{
    return process.cpu_time().sample();
}

CpuTimes process_and_children_times(const proc::Process& process)
{
    CpuTimes times = process_times(process);
    times += process.children_times();
    return times;
}

void collect_child_times(proc::Process& parent, const proc::Process& child)
{
    // "psig->cutime += tgutime + sig->cutime; psig->cstime += tgstime +
    // sig->cstime;"
    parent.children_times() += process_and_children_times(child);
}

} // namespace sirius::time
