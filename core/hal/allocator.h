#pragma once

// The core's only way to get memory. Every platform provides these two
// functions: the kernel from its heap, the host from malloc with optional
// fault injection (tests fail the Nth allocation to prove rollback paths).
#include "core/base/types.h"

namespace sirius::hal {

// Memory returned is aligned to kAllocationAlignment.
inline constexpr usize kAllocationAlignment = 16;

// Preconditions: size > 0. Returns nullptr when memory is exhausted (the caller
// turns that into ENOMEM); never panics, never blocks.
[[nodiscard]] void* allocate(usize size) noexcept;

// Preconditions: ptr came from allocate(size) with the same size, or is nullptr.
void deallocate(void* ptr, usize size) noexcept;

} // namespace sirius::hal
