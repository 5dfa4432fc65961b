#pragma once

// A minimal atomic over the compiler's __atomic builtins (no <atomic> in the
// freestanding kernel). Sequentially consistent unless a call names an order.
#include "core/base/types.h"

namespace sirius {

enum class MemoryOrder : int {
    Relaxed = __ATOMIC_RELAXED,
    Acquire = __ATOMIC_ACQUIRE,
    Release = __ATOMIC_RELEASE,
    AcqRel = __ATOMIC_ACQ_REL,
    SeqCst = __ATOMIC_SEQ_CST,
};

template<typename T>
class Atomic {
public:
    constexpr Atomic() = default;
    constexpr explicit Atomic(T value)
        : m_value(value)
    {
    }
    Atomic(const Atomic&) = delete;
    Atomic& operator=(const Atomic&) = delete;

    T load(MemoryOrder order = MemoryOrder::SeqCst) const { return __atomic_load_n(&m_value, static_cast<int>(order)); }
    void store(T value, MemoryOrder order = MemoryOrder::SeqCst) { __atomic_store_n(&m_value, value, static_cast<int>(order)); }
    T exchange(T value, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_exchange_n(&m_value, value, static_cast<int>(order)); }
    T fetch_add(T delta, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_fetch_add(&m_value, delta, static_cast<int>(order)); }
    T fetch_sub(T delta, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_fetch_sub(&m_value, delta, static_cast<int>(order)); }
    bool compare_exchange(T& expected, T desired, MemoryOrder order = MemoryOrder::SeqCst)
    {
        return __atomic_compare_exchange_n(&m_value, &expected, desired, false, static_cast<int>(order), __ATOMIC_RELAXED);
    }

private:
    T m_value {};
};

} // namespace sirius
