#pragma once

// Resource limits (getrlimit(2)), one set per process, inherited by fork. The
// indices are Linux's RLIMIT_*; <linux/resource.h> cannot be included in a
// header (it clashes with libc's <sys/resource.h> in hosted code), so the
// count is pinned against it in resource_limits.cpp.
#include "core/base/types.h"

namespace sirius::proc {

inline constexpr int kResourceLimitCount = 16; // RLIM_NLIMITS
inline constexpr u64 kUnlimited = ~u64 { 0 };  // RLIM64_INFINITY

struct ResourceLimit {
    u64 soft { kUnlimited };
    u64 hard { kUnlimited };
};

class ResourceLimits {
public:
    // Linux's INIT_RLIMITS for the first process.
    static ResourceLimits initial();

    // Preconditions: 0 <= resource < kResourceLimitCount.
    [[nodiscard]] const ResourceLimit& get(int resource) const { return m_limits[resource]; }
    ResourceLimit& get(int resource) { return m_limits[resource]; }

private:
    ResourceLimit m_limits[kResourceLimitCount] {};
};

} // namespace sirius::proc
