#include "platform/host/memory_statistics.h"

namespace sirius::host {

namespace {

hal::MemoryStatistics g_statistics { u64 { 1 } << 30, u64 { 1 } << 29 };

} // namespace

void set_memory_statistics(hal::MemoryStatistics statistics) { g_statistics = statistics; }

} // namespace sirius::host

namespace sirius::hal {

MemoryStatistics memory_statistics() noexcept { return host::g_statistics; }

} // namespace sirius::hal
