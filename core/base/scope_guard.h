#pragma once

// Runs a callback when it goes out of scope unless disarmed: the rollback of a
// multi-step operation (a failed clone leaves nothing behind) without a goto
// ladder.
#include "core/base/utility.h"

namespace sirius {

template<typename Callback>
class [[nodiscard]] ScopeGuard {
public:
    explicit ScopeGuard(Callback callback)
        : m_callback(move(callback))
    {
    }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;
    ~ScopeGuard()
    {
        if (m_armed) {
            m_callback();
        }
    }

    void disarm() { m_armed = false; }

private:
    Callback m_callback;
    bool m_armed { true };
};

} // namespace sirius
