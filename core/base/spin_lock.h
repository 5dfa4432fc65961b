#pragma once

// A spin lock and Guarded<T>, which keeps data and the lock that guards it
// together: the data is reachable only inside with(). Clang's thread-safety
// analysis checks the annotated uses at compile time.
#include "core/base/atomic.h"

#if defined(__clang__)
#    define SIRIUS_CAPABILITY(name) __attribute__((capability(name)))
#    define SIRIUS_SCOPED_CAPABILITY __attribute__((scoped_lockable))
#    define SIRIUS_ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#    define SIRIUS_RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#    define SIRIUS_GUARDED_BY(lock) __attribute__((guarded_by(lock)))
#    define SIRIUS_NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))
#else
#    define SIRIUS_CAPABILITY(name)
#    define SIRIUS_SCOPED_CAPABILITY
#    define SIRIUS_ACQUIRE(...)
#    define SIRIUS_RELEASE(...)
#    define SIRIUS_GUARDED_BY(lock)
#    define SIRIUS_NO_THREAD_SAFETY_ANALYSIS
#endif

namespace sirius {

// Tells the CPU we are spinning (x86 PAUSE); a plain loop elsewhere.
inline void cpu_relax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

class SIRIUS_CAPABILITY("spin lock") SpinLock {
public:
    SpinLock() = default;
    SpinLock(const SpinLock&) = delete;
    SpinLock& operator=(const SpinLock&) = delete;

    void lock() SIRIUS_ACQUIRE()
    {
        while (m_locked.exchange(true, MemoryOrder::Acquire)) {
            while (m_locked.load(MemoryOrder::Relaxed)) {
                cpu_relax();
            }
        }
    }
    void unlock() SIRIUS_RELEASE() { m_locked.store(false, MemoryOrder::Release); }
    [[nodiscard]] bool is_locked() const { return m_locked.load(MemoryOrder::Relaxed); }

private:
    Atomic<bool> m_locked { false };
};

template<typename Lock>
class SIRIUS_SCOPED_CAPABILITY LockGuard {
public:
    explicit LockGuard(Lock& lock) SIRIUS_ACQUIRE(lock)
        : m_lock(lock)
    {
        m_lock.lock();
    }
    ~LockGuard() SIRIUS_RELEASE() { m_lock.unlock(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    Lock& m_lock;
};

template<typename T, typename Lock = SpinLock>
class Guarded {
public:
    template<typename... Args>
    explicit Guarded(Args&&... args)
        : m_value(forward<Args>(args)...)
    {
    }

    template<typename Callback>
    decltype(auto) with(Callback callback) SIRIUS_NO_THREAD_SAFETY_ANALYSIS
    {
        LockGuard<Lock> guard(m_lock);
        return callback(m_value);
    }

private:
    Lock m_lock;
    T m_value SIRIUS_GUARDED_BY(m_lock);
};

} // namespace sirius
