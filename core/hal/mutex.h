#pragma once

// A sleeping mutex: a contended lock() blocks the thread on the scheduler
// instead of spinning, so it may be held across operations that sleep (user
// copies that fault, allocations). Not for interrupt context: use SpinLock.
#include "core/base/atomic.h"
#include "core/base/spin_lock.h"
#include "core/hal/scheduler.h"

namespace sirius::hal {

class SIRIUS_CAPABILITY("mutex") Mutex {
public:
    explicit Mutex(Scheduler& scheduler)
        : m_scheduler(scheduler)
    {
    }
    Mutex(const Mutex&) = delete;
    Mutex& operator=(const Mutex&) = delete;

    // Preconditions: thread context; the caller does not hold it already.
    void lock() SIRIUS_ACQUIRE()
    {
        while (!try_lock()) {
            // Uninterruptible: a lock wait is not a syscall a signal may end.
            (void)m_scheduler.wait_until(m_waiters, BlockMode::Uninterruptible, [this] { return !m_locked.load(MemoryOrder::Acquire); });
        }
    }

    [[nodiscard]] bool try_lock() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
    {
        bool expected = false;
        return m_locked.compare_exchange(expected, true, MemoryOrder::Acquire);
    }

    // Preconditions: the caller holds the mutex.
    void unlock() SIRIUS_RELEASE()
    {
        m_locked.store(false, MemoryOrder::Release);
        m_scheduler.wake_one(m_waiters);
    }

    [[nodiscard]] bool is_locked() const { return m_locked.load(MemoryOrder::Relaxed); }

private:
    Scheduler& m_scheduler;
    Atomic<bool> m_locked { false };
    WaitQueue m_waiters;
};

} // namespace sirius::hal
