#pragma once

// Random bytes before there is an entropy pool: AT_RANDOM for each new
// program (the stack protector's canary and the pointer guard read it).
// RDRAND where the CPU has it; otherwise the time stamp counter, mixed
// (Linux's early get_random_bytes is no better before the pool is seeded).
#include "core/base/types.h"

namespace sirius::baremetal {

void early_random_bytes(u8* bytes, usize count);

} // namespace sirius::baremetal
