#pragma once

#include "core/base/types.h"

namespace sirius::hal {

// Nanoseconds since the clock's epoch.
using Nanoseconds = i64;

class Clock {
public:
    // Time since boot, never going backwards (CLOCK_MONOTONIC).
    [[nodiscard]] virtual Nanoseconds monotonic_now() const = 0;
    // Wall-clock time since the Unix epoch (CLOCK_REALTIME); may jump.
    [[nodiscard]] virtual Nanoseconds realtime_now() const = 0;
    // The period of the platform's timer tick (Linux TICK_NSEC): each tick
    // charges this much CPU time to the thread it interrupts
    // (core/time/tick.h), so it is the grain of CPU-time accounting and of
    // the CPU-time itimers. Constant; greater than 0.
    [[nodiscard]] virtual Nanoseconds tick_period() const = 0;

protected:
    ~Clock() = default;
};

} // namespace sirius::hal
