#pragma once

// Physical addresses and the direct map: every physical byte is reachable at
// kDirectMapBase + its address (arch/x86_64/boot/memory_layout.h).
#include "arch/x86_64/boot/memory_layout.h"
#include "core/base/types.h"

namespace sirius::baremetal {

inline constexpr u64 kPageSize = 4096;
inline constexpr u64 kDirectMapBase = SIRIUS_DIRECT_MAP_BASE;
inline constexpr u64 kKernelVirtualBase = SIRIUS_KERNEL_VIRTUAL_BASE;

template<typename T>
T* physical_to_virtual(u64 physical)
{
    return reinterpret_cast<T*>(kDirectMapBase + physical);
}

inline u64 virtual_to_physical(const void* direct_mapped)
{
    return reinterpret_cast<u64>(direct_mapped) - kDirectMapBase;
}

// A symbol of the kernel image (linked at kKernelVirtualBase + physical).
inline u64 kernel_image_to_physical(const void* symbol)
{
    return reinterpret_cast<u64>(symbol) - kKernelVirtualBase;
}

constexpr u64 round_down_to_page(u64 value) { return value & ~(kPageSize - 1); }
constexpr u64 round_up_to_page(u64 value) { return (value + kPageSize - 1) & ~(kPageSize - 1); }

// The end of the direct map (kDirectMapBase + the highest mapped physical
// address): the boot map's until the kernel's own page tables take over.
u64 direct_map_end();
void set_direct_map_end(u64 end);

} // namespace sirius::baremetal
