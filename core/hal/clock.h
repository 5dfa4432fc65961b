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

protected:
    ~Clock() = default;
};

} // namespace sirius::hal
