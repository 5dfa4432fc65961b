#pragma once

// hal::EntropySource on x86_64: RDRAND, as Linux credits it with
// random.trust_cpu (the default); without RDRAND, the time stamp counter
// (see early_random.h and the comment in cpu_entropy_source.cpp).
#include "core/hal/entropy_source.h"

namespace sirius::baremetal {

class CpuEntropySource final : public hal::EntropySource {
public:
    bool read_seed(u8* bytes, usize count) override;
};

} // namespace sirius::baremetal
