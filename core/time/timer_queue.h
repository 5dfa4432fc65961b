#pragma once

// The kernel's timers on the monotonic clock (Linux hrtimers, as far as
// the core needs them): each armed timer waits in one queue ordered by
// expiry, and the platform asks the queue to run the expired ones from a
// safe point after its timer tick (core/time/tick.h). A timer runs in
// thread context, never inside the interrupt, so it may send signals.
#include "core/base/intrusive_list.h"
#include "core/hal/clock.h"

namespace sirius::proc {
class Kernel;
}

namespace sirius::time {

class TimerQueue;

// One timer; what happens when it expires is the subclass's.
class KernelTimer {
public:
    KernelTimer() = default;
    KernelTimer(const KernelTimer&) = delete;
    KernelTimer& operator=(const KernelTimer&) = delete;

    // Armed: on a queue, waiting (Linux hrtimer_is_queued). A timer that
    // is due stays armed until the queue runs it.
    [[nodiscard]] bool is_armed() const { return m_queue_node.is_linked(); }
    // When it expires (monotonic). Meaningful while armed, and after it ran
    // until it is armed again (hrtimer_get_expires).
    [[nodiscard]] hal::Nanoseconds expiry() const { return m_expiry; }

    IntrusiveListNode m_queue_node; // the queue's, ordered by expiry

protected:
    ~KernelTimer() { m_queue_node.unlink(); }

private:
    friend class TimerQueue;

    // Called once the timer has expired and left the queue; it may arm
    // itself again.
    virtual void expire(proc::Kernel& kernel) = 0;

    hal::Nanoseconds m_expiry { 0 };
};

class TimerQueue {
public:
    explicit TimerQueue(const hal::Clock& clock)
        : m_clock(clock)
    {
    }
    TimerQueue(const TimerQueue&) = delete;
    TimerQueue& operator=(const TimerQueue&) = delete;

    [[nodiscard]] const hal::Clock& clock() const { return m_clock; }

    // Arms `timer` to expire at `expiry` (monotonic; a time already past
    // expires at the next run), after the timers armed for the same time.
    // An armed timer is moved (hrtimer_start).
    void arm(KernelTimer& timer, hal::Nanoseconds expiry);
    // Disarms `timer`; nothing if it is not armed (hrtimer_try_to_cancel).
    static void cancel(KernelTimer& timer) { timer.m_queue_node.unlink(); }

    // Runs every timer whose expiry is at or before `now`, earliest first
    // (__hrtimer_run_queues); a timer armed again by its expire() for a time
    // not after `now` runs again in the same call.
    void run_expired(proc::Kernel& kernel, hal::Nanoseconds now);

private:
    using List = IntrusiveList<KernelTimer, &KernelTimer::m_queue_node>;

    const hal::Clock& m_clock;
    List m_timers;
};

} // namespace sirius::time
