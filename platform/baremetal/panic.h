#pragma once

// The end of the kernel when it finds a bug in itself: a message, a
// backtrace, and the machine stops (under test, QEMU exits with a failure
// status through isa-debug-exit so the run ends at once). Never used for
// anything a user can cause.
#include "core/base/types.h"

namespace sirius::baremetal {

[[noreturn]] void panic(const char* message);
// `rip` and `rbp` are where the backtrace starts (a trap frame's).
[[noreturn]] void panic_with_backtrace(const char* message, u64 rip, u64 rbp);

} // namespace sirius::baremetal

// The core's assertion failures land here in the kernel build.
#define SIRIUS_KERNEL_ASSERT(condition)                                  \
    do {                                                                 \
        if (!(condition)) {                                              \
            ::sirius::baremetal::panic("assertion failed: " #condition); \
        }                                                                \
    } while (0)
