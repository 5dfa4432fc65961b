#include "core/time/tick.h"

#include "core/proc/kernel.h"

namespace sirius::time {

void account_tick(const proc::Kernel& kernel, proc::Thread& thread, TickMode mode)
{
    charge_tick(thread, mode, kernel.clock().tick_period());
}

void run_timer_work(proc::Kernel& kernel, proc::Thread* returning)
{
    kernel.timers().run_expired(kernel, kernel.clock().monotonic_now());
    if (returning != nullptr && returning->process().state() == proc::ProcessState::Alive) {
        returning->process().interval_timers().run_cpu_timers(kernel);
    }
    // A sleep on a CPU-time clock looks at the clock again (its time may
    // have come with the ticks just charged).
    if (kernel.cpu_clock_sleepers().has_waiters()) {
        kernel.scheduler().wake_all(kernel.cpu_clock_sleepers());
    }
}

} // namespace sirius::time
