#include "platform/host/host_clock.h"

#include <chrono>

namespace sirius::host {

namespace {

hal::Nanoseconds host_monotonic()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

hal::Nanoseconds host_realtime()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

hal::Nanoseconds HostClock::monotonic_now() const
{
    return (m_frozen ? m_frozen_monotonic : host_monotonic()) + m_offset;
}

hal::Nanoseconds HostClock::realtime_now() const
{
    return (m_frozen ? m_frozen_realtime : host_realtime()) + m_offset;
}

void HostClock::freeze()
{
    if (m_frozen) {
        return;
    }
    m_frozen_monotonic = host_monotonic();
    m_frozen_realtime = host_realtime();
    m_frozen = true;
}

} // namespace sirius::host
