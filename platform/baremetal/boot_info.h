#pragma once

// What the boot loader tells the kernel, independent of the boot protocol:
// usable RAM, the command line, the initrd. The architecture's boot code
// fills it in (arch/x86_64/boot/pvh_boot_info.cpp for PVH).
#include "core/base/types.h"

namespace sirius::baremetal {

struct PhysicalRange {
    u64 start { 0 };
    u64 end { 0 }; // exclusive
};

struct BootInfo {
    static constexpr usize kMaxRamRanges = 32;
    PhysicalRange ram[kMaxRamRanges];
    usize ram_count { 0 };
    // NUL-terminated, in the direct map; empty when none was given.
    const char* command_line { "" };
    PhysicalRange initrd; // empty when none was given
};

} // namespace sirius::baremetal
