#include "core/random/chacha20.h"

#include "core/base/utility.h"

namespace sirius::random {

namespace {

// "expand 32-byte k", little-endian (RFC 8439 section 2.3).
constexpr u32 kConstants[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
constexpr int kDoubleRounds = 10;

constexpr u32 rotate_left(u32 value, int bits) { return (value << bits) | (value >> (32 - bits)); }

u32 load_le32(const u8* bytes)
{
    return u32 { bytes[0] } | (u32 { bytes[1] } << 8) | (u32 { bytes[2] } << 16) | (u32 { bytes[3] } << 24);
}

void store_le32(u8* bytes, u32 value)
{
    bytes[0] = static_cast<u8>(value);
    bytes[1] = static_cast<u8>(value >> 8);
    bytes[2] = static_cast<u8>(value >> 16);
    bytes[3] = static_cast<u8>(value >> 24);
}

} // namespace

void chacha_quarter_round(u32* words, usize a, usize b, usize c, usize d)
{
    words[a] += words[b];
    words[d] = rotate_left(words[d] ^ words[a], 16);
    words[c] += words[d];
    words[b] = rotate_left(words[b] ^ words[c], 12);
    words[a] += words[b];
    words[d] = rotate_left(words[d] ^ words[a], 8);
    words[c] += words[d];
    words[b] = rotate_left(words[b] ^ words[c], 7);
}

void chacha_init(ChaChaState& state, const u8* key, u32 counter, const u8* nonce)
{
    for (usize i = 0; i < 4; ++i) {
        state.words[i] = kConstants[i];
    }
    for (usize i = 0; i < 8; ++i) {
        state.words[4 + i] = load_le32(key + 4 * i);
    }
    state.words[12] = counter;
    for (usize i = 0; i < 3; ++i) {
        state.words[13 + i] = load_le32(nonce + 4 * i);
    }
}

void chacha20_block(ChaChaState& state, u8* out)
{
    u32 working[16];
    copy_bytes(working, state.words, sizeof(working));
    // RFC 8439 section 2.3: "inner_block" ten times, a column round then a
    // diagonal round each.
    for (int round = 0; round < kDoubleRounds; ++round) {
        chacha_quarter_round(working, 0, 4, 8, 12);
        chacha_quarter_round(working, 1, 5, 9, 13);
        chacha_quarter_round(working, 2, 6, 10, 14);
        chacha_quarter_round(working, 3, 7, 11, 15);
        chacha_quarter_round(working, 0, 5, 10, 15);
        chacha_quarter_round(working, 1, 6, 11, 12);
        chacha_quarter_round(working, 2, 7, 8, 13);
        chacha_quarter_round(working, 3, 4, 9, 14);
    }
    for (usize i = 0; i < 16; ++i) {
        store_le32(out + 4 * i, working[i] + state.words[i]);
    }
    erase_secret(working, sizeof(working));
    ++state.words[12];
}

void erase_secret(void* bytes, usize size)
{
    fill_bytes(bytes, 0, size);
    // The stores must happen even though nothing reads the bytes again.
    asm volatile("" : : "r"(bytes) : "memory");
}

} // namespace sirius::random
