#pragma once

#include "core/base/types.h"

namespace sirius::baremetal {

// Prints the call chain from (rip, rbp) by following saved frame pointers
// (the kernel is built with -fno-omit-frame-pointer), each address with the
// kernel symbol it falls in. Stops at a null frame pointer, one outside the
// kernel's memory, or after a bounded depth, so a corrupt stack cannot make
// the report fault.
void print_backtrace(u64 rip, u64 rbp);

} // namespace sirius::baremetal
