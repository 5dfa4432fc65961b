#include "arch/x86_64/boot/pvh_boot_info.h"

#include "arch/x86_64/boot/pvh_start_info.h"
#include "platform/baremetal/physical_memory.h"

namespace sirius::x86_64 {

bool read_pvh_boot_info(u64 physical, baremetal::BootInfo& info)
{
    const auto& start = *baremetal::physical_to_virtual<PvhStartInfo>(physical);
    if (start.magic != kPvhStartInfoMagic || start.version < 1) {
        return false;
    }
    const auto* entries = baremetal::physical_to_virtual<PvhMemoryMapEntry>(start.memory_map_physical);
    for (u32 i = 0; i < start.memory_map_entries && info.ram_count < baremetal::BootInfo::kMaxRamRanges; ++i) {
        if (entries[i].type == kPvhMemoryRam && entries[i].size != 0) {
            info.ram[info.ram_count++] = { entries[i].address, entries[i].address + entries[i].size };
        }
    }
    if (start.command_line_physical != 0) {
        info.command_line = baremetal::physical_to_virtual<const char>(start.command_line_physical);
    }
    if (start.module_count >= 1) {
        const auto& initrd = *baremetal::physical_to_virtual<PvhModule>(start.module_list_physical);
        info.initrd = { initrd.physical, initrd.physical + initrd.size };
    }
    return true;
}

} // namespace sirius::x86_64
