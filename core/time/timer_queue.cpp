#include "core/time/timer_queue.h"

namespace sirius::time {

void TimerQueue::arm(KernelTimer& timer, hal::Nanoseconds expiry)
{
    timer.m_queue_node.unlink();
    timer.m_expiry = expiry;
    // Ordered by expiry; equal expiries keep the order they were armed in
    // (the timerqueue's rbtree puts an equal key to the right).
    for (KernelTimer& armed : m_timers) {
        if (armed.m_expiry > expiry) {
            List::insert_before(armed, timer);
            return;
        }
    }
    m_timers.append(timer);
}

void TimerQueue::run_expired(proc::Kernel& kernel, hal::Nanoseconds now)
{
    while (KernelTimer* timer = m_timers.first()) {
        if (timer->m_expiry > now) {
            return;
        }
        List::remove(*timer);
        timer->expire(kernel);
    }
}

} // namespace sirius::time
