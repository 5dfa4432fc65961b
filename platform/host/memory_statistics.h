#pragma once

// The host platform's answer to hal::memory_statistics: whatever the test
// set (a 1 GiB machine with half of it free until then).
#include "core/hal/memory_statistics.h"

namespace sirius::host {

void set_memory_statistics(hal::MemoryStatistics statistics);

} // namespace sirius::host
