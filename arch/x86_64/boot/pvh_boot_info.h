#pragma once

#include "platform/baremetal/boot_info.h"

namespace sirius::x86_64 {

// Reads the PVH start_info at `physical` (through the boot direct map).
// Returns false when it is not a PVH start_info this kernel can use (bad
// magic, or version 0 without a memory map).
bool read_pvh_boot_info(u64 physical, baremetal::BootInfo& info);

} // namespace sirius::x86_64
