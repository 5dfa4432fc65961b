#pragma once

// Typed bit flags: a set of bits that cannot be mixed up with another kind of
// flags or with a plain integer by accident. `Tag` only names the kind.
#include "core/base/types.h"

namespace sirius {

template<typename Tag, typename Bits = u64>
class BitFlags {
public:
    constexpr BitFlags() = default;
    constexpr explicit BitFlags(Bits bits)
        : m_bits(bits)
    {
    }

    [[nodiscard]] constexpr Bits bits() const { return m_bits; }
    // True when every bit of `mask` is set.
    [[nodiscard]] constexpr bool has_all(Bits mask) const { return (m_bits & mask) == mask; }
    // True when at least one bit of `mask` is set.
    [[nodiscard]] constexpr bool has_any(Bits mask) const { return (m_bits & mask) != 0; }
    [[nodiscard]] constexpr bool has(Bits mask) const { return has_all(mask); }
    [[nodiscard]] constexpr BitFlags with(Bits mask) const { return BitFlags(m_bits | mask); }
    [[nodiscard]] constexpr BitFlags without(Bits mask) const { return BitFlags(m_bits & ~mask); }
    [[nodiscard]] constexpr bool is_empty() const { return m_bits == 0; }
    constexpr bool operator==(const BitFlags&) const = default;

private:
    Bits m_bits { 0 };
};

} // namespace sirius
