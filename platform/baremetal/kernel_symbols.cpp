#include "platform/baremetal/kernel_symbols.h"

namespace {
struct KernelSymbol {
    sirius::u64 address;
    const char* name;
};
} // namespace

// Generated in the second link (sorted by address); the first link has none.
extern "C" {
[[gnu::weak]] extern const KernelSymbol kernel_symbol_table[];
[[gnu::weak]] extern const sirius::u64 kernel_symbol_count;
}

namespace sirius::baremetal {

SymbolLocation find_kernel_symbol(u64 address)
{
    if (&kernel_symbol_count == nullptr || kernel_symbol_count == 0) {
        return {};
    }
    // The last symbol at or below `address`.
    usize low = 0;
    usize high = kernel_symbol_count;
    while (high - low > 1) {
        usize middle = low + (high - low) / 2;
        if (kernel_symbol_table[middle].address <= address) {
            low = middle;
        } else {
            high = middle;
        }
    }
    const KernelSymbol& symbol = kernel_symbol_table[low];
    if (symbol.address > address) {
        return {};
    }
    return { symbol.name, address - symbol.address };
}

} // namespace sirius::baremetal
