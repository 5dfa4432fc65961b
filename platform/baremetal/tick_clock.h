#pragma once

// hal::Clock from the timer tick: monotonic time counts ticks since boot
// (a millisecond each), realtime adds the wall-clock time the CMOS clock
// said at boot. Coarse, but it never goes backwards; a TSC-based clock can
// refine it later behind the same interface.
#include "core/base/atomic.h"
#include "core/hal/clock.h"

namespace sirius::baremetal {

class TickClock final : public hal::Clock {
public:
    constexpr explicit TickClock(hal::Nanoseconds period)
        : m_period(period)
    {
    }
    void set_boot_realtime(hal::Nanoseconds value) { m_boot_realtime = value; }
    // One timer interrupt: time moves on by a period.
    void tick() { m_now.fetch_add(m_period, MemoryOrder::Relaxed); }
    [[nodiscard]] hal::Nanoseconds monotonic_now() const override { return m_now.load(MemoryOrder::Relaxed); }
    [[nodiscard]] hal::Nanoseconds realtime_now() const override { return m_boot_realtime + monotonic_now(); }
    [[nodiscard]] hal::Nanoseconds tick_period() const override { return m_period; }

private:
    Atomic<hal::Nanoseconds> m_now { 0 };
    hal::Nanoseconds m_boot_realtime { 0 };
    hal::Nanoseconds m_period;
};

// Reads the CMOS real-time clock (UTC, as QEMU keeps it): nanoseconds since
// the Unix epoch.
hal::Nanoseconds read_cmos_realtime();

} // namespace sirius::baremetal
