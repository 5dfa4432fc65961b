#pragma once

#include "core/hal/clock.h"

namespace sirius::host {

// The host's CLOCK_MONOTONIC and CLOCK_REALTIME, which a test may also
// drive: freeze() stops both where they are, advance() moves both forward
// (a timer test's fake time), frozen or not.
class HostClock final : public hal::Clock {
public:
    // The tick Sirius's bare-metal kernel has (1 kHz), for the CPU-time
    // accounting a test drives with time::account_tick.
    static constexpr hal::Nanoseconds kTickPeriod = 1'000'000;

    [[nodiscard]] hal::Nanoseconds monotonic_now() const override;
    [[nodiscard]] hal::Nanoseconds realtime_now() const override;
    [[nodiscard]] hal::Nanoseconds tick_period() const override { return kTickPeriod; }

    // From now on the clocks move only by advance().
    void freeze();
    // Both clocks jump forward by `delta` (>= 0).
    void advance(hal::Nanoseconds delta) { m_offset += delta; }

private:
    bool m_frozen { false };
    hal::Nanoseconds m_frozen_monotonic { 0 };
    hal::Nanoseconds m_frozen_realtime { 0 };
    hal::Nanoseconds m_offset { 0 };
};

} // namespace sirius::host
