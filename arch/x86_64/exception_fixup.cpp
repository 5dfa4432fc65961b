#include "arch/x86_64/exception_fixup.h"

// The linker script gathers every .fixup_table entry between these.
extern "C" const sirius::x86_64::ExceptionFixup kernel_fixups_start[];
extern "C" const sirius::x86_64::ExceptionFixup kernel_fixups_end[];

namespace sirius::x86_64 {

u64 find_exception_fixup(u64 rip)
{
    // A handful of entries (one per user copy routine): a linear scan.
    for (const ExceptionFixup* entry = kernel_fixups_start; entry != kernel_fixups_end; ++entry) {
        if (entry->instruction == rip) {
            return entry->fixup;
        }
    }
    return 0;
}

} // namespace sirius::x86_64
