#pragma once

// EntropySource: where the kernel's random generator (core/random/crng.h)
// gets its seeds. Linux feeds its input pool from many sources (interrupt
// timing, RDSEED/RDRAND, a hardware RNG, the boot loader's seed) and
// credits what it trusts; the core asks the platform for seed bytes that
// the platform vouches for, and nothing else.
#include "core/base/types.h"

namespace sirius::hal {

class EntropySource {
public:
    // The most one read_seed call is asked for: one ChaCha20 key.
    static constexpr usize kMaxSeedBytes = 32;

    // Fills `bytes` with `count` unpredictable bytes (a hardware generator's
    // output, or what the platform makes of its best source) and returns
    // true; returns false when the platform has nothing to give now, and
    // `bytes` is then unspecified. It may be asked again later (Linux's
    // wait_for_random_bytes tries to make entropy once a second).
    // Preconditions: count <= kMaxSeedBytes. Never blocks.
    [[nodiscard]] virtual bool read_seed(u8* bytes, usize count) = 0;

protected:
    ~EntropySource() = default;
};

} // namespace sirius::hal
