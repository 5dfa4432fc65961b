#include "platform/host/host_clock.h"

#include <chrono>

namespace sirius::host {

hal::Nanoseconds HostClock::monotonic_now() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

hal::Nanoseconds HostClock::realtime_now() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace sirius::host
