#pragma once

// The interrupt descriptor table: every vector goes to its stub in
// trap_entry.S and from there to handle_trap (traps.cpp).
#include "core/base/types.h"

namespace sirius::x86_64 {

void initialize_idt();

} // namespace sirius::x86_64
