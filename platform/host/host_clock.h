#pragma once

#include "core/hal/clock.h"

namespace sirius::host {

// The host's CLOCK_MONOTONIC and CLOCK_REALTIME.
class HostClock final : public hal::Clock {
public:
    [[nodiscard]] hal::Nanoseconds monotonic_now() const override;
    [[nodiscard]] hal::Nanoseconds realtime_now() const override;
};

} // namespace sirius::host
