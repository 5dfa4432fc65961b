#pragma once

// The kernel's own function symbols, for backtraces. The build links the
// kernel twice: the first image's symbols (llvm-nm) become a table that the
// second image carries at the end of .rodata, where adding it moves no code
// (cmake/kernel_symbols.cmake).
#include "core/base/types.h"

namespace sirius::baremetal {

struct SymbolLocation {
    const char* name { nullptr }; // nullptr: not inside a known function
    u64 offset { 0 };
};

SymbolLocation find_kernel_symbol(u64 address);

} // namespace sirius::baremetal
