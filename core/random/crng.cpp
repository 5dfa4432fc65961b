#include "core/random/crng.h"

#include "core/base/utility.h"

namespace sirius::random {

namespace {

// crng_fast_key_erasure: block 0 of `key` (counter and nonce zero); its
// first half becomes the key, up to 32 bytes of its second half go to
// `random_data`. `state` is left as chacha20_block leaves it: the old key,
// counter 1.
void fast_key_erasure(u8* key, ChaChaState& state, u8* random_data, usize length)
{
    u8 first_block[kChaChaBlockSize];
    const u8 zero_nonce[kChaChaNonceSize] {};
    chacha_init(state, key, 0, zero_nonce);
    chacha20_block(state, first_block);
    copy_bytes(key, first_block, kChaChaKeySize);
    copy_bytes(random_data, first_block + kChaChaKeySize, length);
    erase_secret(first_block, sizeof(first_block));
}

constexpr hal::Nanoseconds kNanosecondsPerSecond = 1'000'000'000;

} // namespace

Crng::Crng(hal::EntropySource& source, const hal::Clock& clock, hal::Scheduler& scheduler)
    : m_source(source)
    , m_clock(clock)
    , m_scheduler(scheduler)
{
}

Crng::~Crng()
{
    erase_secret(m_key, sizeof(m_key));
}

void Crng::initialize()
{
    const u8 no_seed[kChaChaKeySize] {};
    mix_into_key(no_seed);
    (void)try_to_seed();
}

bool Crng::try_to_seed()
{
    if (m_ready) {
        return true;
    }
    u8 seed[kChaChaKeySize];
    if (!m_source.read_seed(seed, sizeof(seed))) {
        erase_secret(seed, sizeof(seed));
        return false;
    }
    mix_into_key(seed);
    erase_secret(seed, sizeof(seed));
    // crng_reseed on the first credit of POOL_READY_BITS: ready, the next
    // reseed scheduled, and "wake_up_interruptible(&crng_init_wait)".
    m_ready = true;
    m_next_reseed = m_clock.monotonic_now() + reseed_interval();
    m_scheduler.wake_all(m_ready_waiters);
    return true;
}

void Crng::mix_into_key(const u8* seed)
{
    // Linux hashes its pool, fresh seed and timestamps included, with
    // BLAKE2s into the new key (extract_entropy). Here the seed is XORed
    // into the old key and the time goes into the nonce; the first half of
    // that ChaCha20 block is the new key. A seed the attacker does not know
    // makes the key unknown; one they do know leaves it no weaker than it
    // was, since the old key is still unknown to them.
    u8 mixed[kChaChaKeySize];
    for (usize i = 0; i < kChaChaKeySize; ++i) {
        mixed[i] = static_cast<u8>(m_key[i] ^ seed[i]);
    }
    const u64 monotonic = static_cast<u64>(m_clock.monotonic_now());
    const u64 realtime = static_cast<u64>(m_clock.realtime_now());
    u8 nonce[kChaChaNonceSize];
    copy_bytes(nonce, &monotonic, sizeof(monotonic));
    copy_bytes(nonce + sizeof(monotonic), &realtime, kChaChaNonceSize - sizeof(monotonic));
    ChaChaState state;
    chacha_init(state, mixed, 0, nonce);
    u8 block[kChaChaBlockSize];
    chacha20_block(state, block);
    copy_bytes(m_key, block, kChaChaKeySize);
    erase_secret(block, sizeof(block));
    erase_secret(mixed, sizeof(mixed));
    erase_secret(&state, sizeof(state));
}

hal::Nanoseconds Crng::reseed_interval()
{
    // crng_reseed_interval: "if (uptime >= CRNG_RESEED_INTERVAL / HZ * 2)
    // early_boot = false; else return max(CRNG_RESEED_START_INTERVAL,
    // uptime / 2 * HZ)" - half the whole seconds of uptime for the first
    // two minutes, then once a minute.
    if (m_early_boot) {
        const hal::Nanoseconds uptime_seconds = m_clock.monotonic_now() / kNanosecondsPerSecond;
        if (uptime_seconds >= kReseedInterval / kNanosecondsPerSecond * 2) {
            m_early_boot = false;
        } else {
            return max(kReseedStartInterval, uptime_seconds / 2 * kNanosecondsPerSecond);
        }
    }
    return kReseedInterval;
}

void Crng::reseed()
{
    // Linux's reseed work extracts from the pool whether or not anything
    // new came in; with nothing from the platform only the time is new.
    u8 seed[kChaChaKeySize] {};
    if (!m_source.read_seed(seed, sizeof(seed))) {
        fill_bytes(seed, 0, sizeof(seed));
    }
    mix_into_key(seed);
    erase_secret(seed, sizeof(seed));
    m_next_reseed = m_clock.monotonic_now() + reseed_interval();
}

void Crng::make_state(ChaChaState& state, u8* random_data, usize length)
{
    // Linux reseeds from a delayed work every reseed_interval(); with no
    // workers here, the first request after the due time does it.
    if (m_ready && m_clock.monotonic_now() >= m_next_reseed) {
        reseed();
    }
    fast_key_erasure(m_key, state, random_data, length);
}

void Crng::fill(u8* bytes, usize count)
{
    // _get_random_bytes: the first 32 bytes from make_state, then whole
    // blocks of the state it returned.
    if (count == 0) {
        return;
    }
    ChaChaState state;
    const usize first = min(count, kChaChaKeySize);
    make_state(state, bytes, first);
    usize done = first;
    u8 block[kChaChaBlockSize];
    while (done < count) {
        chacha20_block(state, block);
        if (state.words[12] == 0) {
            ++state.words[13];
        }
        const usize chunk = min(count - done, kChaChaBlockSize);
        copy_bytes(bytes + done, block, chunk);
        done += chunk;
    }
    erase_secret(block, sizeof(block));
    erase_secret(&state, sizeof(state));
}

} // namespace sirius::random
