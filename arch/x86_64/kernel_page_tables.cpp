#include "arch/x86_64/kernel_page_tables.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/page_table.h"
#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/physical_memory.h"

extern "C" char kernel_image_start[];
extern "C" char kernel_rodata_start[];
extern "C" char kernel_data_start[];
extern "C" char kernel_image_end[];

// user_copy.S brackets its user accesses with stac/clac when this is set.
extern "C" sirius::u8 smap_active;

namespace sirius::x86_64 {

namespace {

u64 g_kernel_root = 0;

Result<void> map_kernel_range(u64 root, const char* start, const char* end, u64 flags)
{
    for (auto address = reinterpret_cast<u64>(start); address < reinterpret_cast<u64>(end); address += baremetal::kPageSize) {
        u64* entry = TRY(ensure_entry(root, address, kPteWritable));
        *entry = baremetal::kernel_image_to_physical(reinterpret_cast<const void*>(address)) | flags | kPteGlobal | kPtePresent;
    }
    return {};
}

} // namespace

Result<void> install_kernel_page_tables(u64 memory_end)
{
    u64 root = TRY(baremetal::frame_allocator().allocate());
    u64 direct_map_length = (memory_end + kLargePageSize - 1) & ~(kLargePageSize - 1);
    TRY(map_large_pages(root, baremetal::kDirectMapBase, 0, direct_map_length, kPteWritable | kPteGlobal | kPteNoExecute));
    TRY(map_kernel_range(root, kernel_image_start, kernel_rodata_start, 0));
    TRY(map_kernel_range(root, kernel_rodata_start, kernel_data_start, kPteNoExecute));
    TRY(map_kernel_range(root, kernel_data_start, kernel_image_end, kPteWritable | kPteNoExecute));
    // No kernel mapping is made after this (the heap lives in the direct
    // map), so the upper-half PML4 entries user tables copy never change.
    write_cr3(root);
    g_kernel_root = root;
    baremetal::set_direct_map_end(baremetal::kDirectMapBase + direct_map_length);
    return {};
}

u64 kernel_page_table_root() { return g_kernel_root; }

CpuProtections enable_cpu_protections()
{
    // CPUID leaf 7, EBX: bit 7 SMEP, bit 20 SMAP.
    CpuidResult features = cpuid(7, 0);
    CpuProtections on;
    on.smep = (features.ebx & (1U << 7)) != 0;
    on.smap = (features.ebx & (1U << 20)) != 0;
    u64 cr4 = read_cr4();
    if (on.smep) {
        cr4 |= kCr4Smep;
    }
    if (on.smap) {
        cr4 |= kCr4Smap;
    }
    write_cr4(cr4);
    smap_active = on.smap ? 1 : 0;
    return on;
}

} // namespace sirius::x86_64
