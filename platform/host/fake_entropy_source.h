#pragma once

// hal::EntropySource for tests and fuzzers: deterministic seeds (a
// splitmix64 sequence from a chosen start), so a run can be repeated, and
// a switch a test turns off to play a machine with no entropy yet.
#include "core/hal/entropy_source.h"

namespace sirius::host {

class FakeEntropySource final : public hal::EntropySource {
public:
    static constexpr u64 kDefaultSeed = 0x5eed5eed5eed5eedULL;

    explicit FakeEntropySource(u64 seed = kDefaultSeed)
        : m_state(seed)
    {
    }

    bool read_seed(u8* bytes, usize count) override;

    // false: read_seed answers "nothing now" until it is set again.
    void set_available(bool available) { m_available = available; }
    // Restarts the sequence: the next seeds are those of `seed`.
    void restart(u64 seed) { m_state = seed; }
    // Every read_seed call so far, answered or not.
    [[nodiscard]] u32 reads() const { return m_reads; }

private:
    u64 m_state;
    u32 m_reads { 0 };
    bool m_available { true };
};

} // namespace sirius::host
