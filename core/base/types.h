#pragma once

// Fixed-width integer names used throughout the core. Only the compiler's own
// freestanding headers are included: <stddef.h> and <stdint.h> come from the
// compiler's resource directory in the kernel build, never from a libc.
#include <stddef.h>
#include <stdint.h>

namespace sirius {

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;
using i8 = int8_t;
using i16 = int16_t;
using i32 = int32_t;
using i64 = int64_t;
using usize = size_t;
using isize = ptrdiff_t;
using uptr = uintptr_t;

// A pid number (Linux pid_t) as one pid namespace sees it.
using PidNr = i32;

} // namespace sirius
