#pragma once

// The ChaCha20 block function (RFC 8439 section 2.3), the core of the
// kernel's random generator as of Linux's lib/crypto/chacha.c: sixteen
// 32-bit words - four constants, a 256-bit key, a 32-bit block counter and
// a 96-bit nonce - turned into 64 bytes of key stream.
#include "core/base/types.h"

namespace sirius::random {

inline constexpr usize kChaChaKeySize = 32;
inline constexpr usize kChaChaBlockSize = 64;
inline constexpr usize kChaChaNonceSize = 12;

// The words as RFC 8439 section 2.3 lays them out: 0-3 "expand 32-byte k",
// 4-11 the key, 12 the block counter, 13-15 the nonce.
struct ChaChaState {
    u32 words[16] {};
};

// RFC 8439 section 2.1: the quarter round on words a, b, c, d of `words`.
void chacha_quarter_round(u32* words, usize a, usize b, usize c, usize d);

// Sets the constants, the key (32 bytes, read little-endian word by word),
// the counter and the nonce (12 bytes).
void chacha_init(ChaChaState& state, const u8* key, u32 counter, const u8* nonce);

// RFC 8439 section 2.3: twenty rounds over a copy of `state`, added to it,
// serialized little-endian into `out`; then the block counter (word 12)
// steps on by one, as Linux's chacha20_block does. The caller carries a
// counter that wraps into word 13 if it wants a 64-bit one.
void chacha20_block(ChaChaState& state, u8* out);

// Overwrites `size` bytes the optimizer may not skip (Linux
// memzero_explicit): key material is gone once this returns.
void erase_secret(void* bytes, usize size);

} // namespace sirius::random
