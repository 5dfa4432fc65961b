#pragma once

// A set of the 64 Linux signals (kernel sigset_t on x86_64: one 64-bit word,
// bit n-1 for signal n).
#include "core/base/types.h"

namespace sirius::signal {

// Linux _NSIG on x86_64. The UAPI <asm/signal.h> cannot be included from a
// header (it clashes with libc's <signal.h> in hosted code), so the values
// here are pinned against it in signal_set.cpp.
inline constexpr int kSignalCount = 64;

// The signals the core names in headers; each is pinned to <asm/signal.h> in
// signal_set.cpp.
inline constexpr int kSigKill = 9;
inline constexpr int kSigStop = 19;
inline constexpr int kSigChld = 17;

// valid_signal(): 0 is the "no signal" probe, 1.._NSIG are signals.
constexpr bool is_valid_signal(u64 signal) { return signal <= static_cast<u64>(kSignalCount); }

class SignalSet {
public:
    constexpr SignalSet() = default;
    constexpr explicit SignalSet(u64 bits)
        : m_bits(bits)
    {
    }

    // Preconditions for the signal-taking members: 1 <= signal <= 64.
    [[nodiscard]] constexpr bool contains(int signal) const { return (m_bits & bit(signal)) != 0; }
    constexpr void add(int signal) { m_bits |= bit(signal); }
    constexpr void remove(int signal) { m_bits &= ~bit(signal); }
    [[nodiscard]] constexpr bool is_empty() const { return m_bits == 0; }
    [[nodiscard]] constexpr u64 bits() const { return m_bits; }
    constexpr bool operator==(const SignalSet&) const = default;

private:
    static constexpr u64 bit(int signal) { return u64 { 1 } << (signal - 1); }
    u64 m_bits { 0 };
};

// `set` without SIGKILL and SIGSTOP, which can never be blocked or waited
// for (sigprocmask(2): "It is not possible to block SIGKILL or SIGSTOP.
// Attempts to do so are silently ignored.").
constexpr SignalSet without_kernel_only(SignalSet set)
{
    set.remove(kSigKill);
    set.remove(kSigStop);
    return set;
}

} // namespace sirius::signal
