#include "arch/x86_64/page_table.h"

#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/physical_memory.h"

namespace sirius::x86_64 {

u64* table_at(u64 table) { return baremetal::physical_to_virtual<u64>(table); }

namespace {

// The next level's table under `entry`, made if missing.
Result<u64*> ensure_next_table(u64& entry, u64 table_flags)
{
    if ((entry & kPtePresent) == 0) {
        u64 table = TRY(baremetal::frame_allocator().allocate());
        entry = table | table_flags | kPtePresent;
    }
    return table_at(entry & kPteAddressMask);
}

} // namespace

Result<u64*> ensure_entry(u64 root, u64 address, u64 table_flags)
{
    u64* table = table_at(root);
    for (int level = 4; level > 1; --level) {
        table = TRY(ensure_next_table(table[table_index(address, level)], table_flags));
    }
    return &table[table_index(address, 1)];
}

u64* find_entry(u64 root, u64 address)
{
    u64* table = table_at(root);
    for (int level = 4; level > 1; --level) {
        u64 entry = table[table_index(address, level)];
        if ((entry & kPtePresent) == 0 || (entry & kPteLarge) != 0) {
            return nullptr;
        }
        table = table_at(entry & kPteAddressMask);
    }
    return &table[table_index(address, 1)];
}

static u64 level_span(int level) { return baremetal::kPageSize << (9 * (level - 1)); }

u64* find_entry_or_gap(u64 root, u64 address, u64& gap_end)
{
    u64* table = table_at(root);
    for (int level = 4; level > 1; --level) {
        u64 entry = table[table_index(address, level)];
        if ((entry & kPtePresent) == 0 || (entry & kPteLarge) != 0) {
            // Nothing below this entry: the whole span it covers is empty.
            u64 span = level_span(level);
            gap_end = (address & ~(span - 1)) + span;
            return nullptr;
        }
        table = table_at(entry & kPteAddressMask);
    }
    return &table[table_index(address, 1)];
}

Result<void> map_large_pages(u64 root, u64 address, u64 physical, u64 length, u64 flags)
{
    for (u64 offset = 0; offset < length; offset += kLargePageSize) {
        u64 virtual_address = address + offset;
        u64* table = table_at(root);
        for (int level = 4; level > 2; --level) {
            table = TRY(ensure_next_table(table[table_index(virtual_address, level)], kPteWritable));
        }
        table[table_index(virtual_address, 2)] = (physical + offset) | flags | kPteLarge | kPtePresent;
    }
    return {};
}

} // namespace sirius::x86_64
