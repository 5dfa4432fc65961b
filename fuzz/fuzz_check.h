#pragma once

// Invariant checks inside fuzz targets: a broken one aborts, which libFuzzer
// reports as a crash with the input that caused it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace sirius::fuzz {

inline void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

// A syscall's return value is a success (>= 0) or one of `documented`, the
// errnos its man pages list.
inline bool is_documented(std::int64_t result, std::initializer_list<int> documented)
{
    if (result >= 0) {
        return true;
    }
    for (int error : documented) {
        if (result == -error) {
            return true;
        }
    }
    return false;
}

} // namespace sirius::fuzz
