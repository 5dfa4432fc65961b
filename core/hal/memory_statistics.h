#pragma once

// How much memory the machine has and how much is free, as sysinfo(2) and
// /proc/meminfo report it (Linux totalram_pages, nr_free_pages). Every
// platform provides it: the kernel from its frame allocator, the host
// platform from values a test sets.
#include "core/base/types.h"

namespace sirius::hal {

struct MemoryStatistics {
    u64 total_bytes { 0 }; // RAM the kernel manages (not what firmware keeps)
    u64 free_bytes { 0 };
};

[[nodiscard]] MemoryStatistics memory_statistics() noexcept;

} // namespace sirius::hal
