#pragma once

// The exception table (Linux's extable): kernel instructions allowed to fault
// on a user address, each with the address to resume at. User copies are
// the only such instructions; their fixup makes the copy return EFAULT.
#include "core/base/types.h"

namespace sirius::x86_64 {

struct ExceptionFixup {
    u64 instruction;
    u64 fixup;
};

// The fixup for a faulting kernel instruction at `rip`, or 0 if it has none.
u64 find_exception_fixup(u64 rip);

} // namespace sirius::x86_64
