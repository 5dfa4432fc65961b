#pragma once

// The PVH boot ABI's start_info, as Xen's public header defines it
// (xen/include/public/arch-x86/hvm/start_info.h). Not a Linux UAPI
// structure, so it is written here, with its layout pinned below.
#include "core/base/types.h"

namespace sirius::x86_64 {

inline constexpr u32 kPvhStartInfoMagic = 0x336ec578;

struct PvhStartInfo {
    u32 magic;
    u32 version; // 1 adds the memory map
    u32 flags;
    u32 module_count;
    u64 module_list_physical;
    u64 command_line_physical;
    u64 rsdp_physical;
    u64 memory_map_physical; // version >= 1
    u32 memory_map_entries;
    u32 reserved;
};
static_assert(sizeof(PvhStartInfo) == 56);

struct PvhModule {
    u64 physical;
    u64 size;
    u64 command_line_physical;
    u64 reserved;
};
static_assert(sizeof(PvhModule) == 32);

// The E820 types (XEN_HVM_MEMMAP_TYPE_*).
inline constexpr u32 kPvhMemoryRam = 1;

struct PvhMemoryMapEntry {
    u64 address;
    u64 size;
    u32 type;
    u32 reserved;
};
static_assert(sizeof(PvhMemoryMapEntry) == 24);

} // namespace sirius::x86_64
