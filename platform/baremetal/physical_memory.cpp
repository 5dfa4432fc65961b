#include "platform/baremetal/physical_memory.h"

namespace sirius::baremetal {

namespace {
u64 g_direct_map_end = kDirectMapBase + SIRIUS_BOOT_MAPPED_BYTES;
} // namespace

u64 direct_map_end() { return g_direct_map_end; }
void set_direct_map_end(u64 end) { g_direct_map_end = end; }

} // namespace sirius::baremetal
