#pragma once

// Linux's ktime_t arithmetic (include/linux/ktime.h): signed nanoseconds
// that saturate at KTIME_MAX, the time that never comes.
#include "core/hal/clock.h"

namespace sirius::time {

inline constexpr hal::Nanoseconds kTimeMax = static_cast<hal::Nanoseconds>(~u64 { 0 } >> 1); // KTIME_MAX
inline constexpr hal::Nanoseconds kNanosecondsPerSecond = 1'000'000'000;
inline constexpr hal::Nanoseconds kNanosecondsPerMicrosecond = 1'000;

// ktime_add_safe: a sum past KTIME_MAX is KTIME_MAX (and one below
// -KTIME_MAX is -KTIME_MAX).
[[nodiscard]] constexpr hal::Nanoseconds saturating_add(hal::Nanoseconds a, hal::Nanoseconds b)
{
    hal::Nanoseconds sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        return b > 0 ? kTimeMax : -kTimeMax;
    }
    return sum;
}

// timespec64_to_ns for a valid time (tv_sec >= 0, 0 <= tv_nsec < 1e9):
// KTIME_MAX from KTIME_SEC_MAX seconds on.
[[nodiscard]] constexpr hal::Nanoseconds seconds_to_nanoseconds(i64 seconds, i64 nanoseconds)
{
    constexpr i64 kMaxSeconds = kTimeMax / kNanosecondsPerSecond; // KTIME_SEC_MAX
    if (seconds >= kMaxSeconds) {
        return kTimeMax;
    }
    return seconds * kNanosecondsPerSecond + nanoseconds;
}

} // namespace sirius::time
