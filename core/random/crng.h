#pragma once

// The kernel's random generator (Linux drivers/char/random.c, "fast key
// erasure" over ChaCha20, https://blog.cr.yp.to/20170723-random.html): a
// 256-bit key seeded from the platform's entropy source and reseeded on
// Linux's schedule; every request takes one ChaCha20 block of the key, whose
// first half replaces the key at once, so what was handed out before cannot
// be recomputed from the key after (forward secrecy).
//
// Linux keeps an input pool hashed with BLAKE2s and a per-CPU key refreshed
// from the base key; Sirius's core runs on one CPU and has one source, so it
// keeps one key and mixes each fresh seed into it with ChaCha20 itself (see
// crng.cpp). No lock: one CPU, and the kernel is not preempted.
#include "core/hal/clock.h"
#include "core/hal/entropy_source.h"
#include "core/hal/scheduler.h"
#include "core/random/chacha20.h"

namespace sirius::random {

// Linux CRNG_RESEED_START_INTERVAL (HZ) and CRNG_RESEED_INTERVAL (60 * HZ).
inline constexpr hal::Nanoseconds kReseedStartInterval = 1'000'000'000;
inline constexpr hal::Nanoseconds kReseedInterval = 60 * kReseedStartInterval;

class Crng {
public:
    Crng(hal::EntropySource& source, const hal::Clock& clock, hal::Scheduler& scheduler);
    ~Crng();
    Crng(const Crng&) = delete;
    Crng& operator=(const Crng&) = delete;

    // random_init: the time is mixed in (as Linux's boot-time
    // add_device_randomness, uncredited), then the platform is asked for a
    // seed; with one the generator is ready (crng_init == CRNG_READY).
    void initialize();

    // crng_ready(): seeded from the platform at least once.
    [[nodiscard]] bool is_ready() const { return m_ready; }

    // While not ready, asks the platform again (where Linux's
    // try_to_generate_entropy makes jitter entropy); a seed makes the
    // generator ready and wakes ready_waiters(). Returns is_ready().
    bool try_to_seed();

    // crng_make_state: a ChaCha20 state for the caller to draw blocks from
    // (counter and nonce zero) and up to 32 bytes of output, both from one
    // block of the key, which that block's first half then replaces. A
    // ready generator whose seed is due for renewal reseeds first. Before
    // it is ready the output comes from the unseeded key (GRND_INSECURE's
    // "insecure" bytes).
    // Preconditions: length <= kChaChaKeySize.
    void make_state(ChaChaState& state, u8* random_data, usize length);

    // get_random_bytes: `count` bytes for the kernel's own use.
    void fill(u8* bytes, usize count);

    // Linux crng_init_wait: getrandom(2) callers waiting for the seed.
    [[nodiscard]] hal::WaitQueue& ready_waiters() { return m_ready_waiters; }

private:
    // crng_reseed: a fresh seed (if the platform has one) and the time are
    // mixed into the key; the next reseed is scheduled.
    void reseed();
    // Mixes `seed` (kChaChaKeySize bytes) and the clock into the key.
    void mix_into_key(const u8* seed);
    // crng_reseed_interval: every minute, more often in early boot.
    [[nodiscard]] hal::Nanoseconds reseed_interval();

    hal::EntropySource& m_source;
    const hal::Clock& m_clock;
    hal::Scheduler& m_scheduler;
    hal::WaitQueue m_ready_waiters;
    u8 m_key[kChaChaKeySize] {};
    hal::Nanoseconds m_next_reseed { 0 };
    bool m_ready { false };
    bool m_early_boot { true };
};

} // namespace sirius::random
