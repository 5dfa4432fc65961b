#include "platform/baremetal/frame_memory_object.h"

#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/physical_memory.h"

namespace sirius::baremetal {

namespace {

constexpr u64 kEntries = kPageSize / sizeof(u64);
constexpr int kBitsPerLevel = 9;
// A table entry: the frame's physical address, with this bit so that a
// frame at physical address 0 is still "there".
constexpr u64 kPresent = 1;

u64* entries_of(u64 table) { return physical_to_virtual<u64>(table); }

// Releases the frames under `table` (data frames at level 1) and the table.
void release_tree(u64 table, int level)
{
    u64* entries = entries_of(table);
    for (u64 i = 0; i < kEntries; ++i) {
        if ((entries[i] & kPresent) == 0) {
            continue;
        }
        const u64 frame = entries[i] & ~kPresent;
        if (level > 1) {
            release_tree(frame, level - 1);
        } else {
            frame_allocator().release(frame);
        }
    }
    frame_allocator().release(table);
}

} // namespace

Result<RefPtr<hal::MemoryObject>> FrameMemoryObject::create(u64 pages)
{
    int levels = 1;
    while (levels * kBitsPerLevel < 64 && (pages - 1) >> (levels * kBitsPerLevel) != 0) {
        ++levels;
    }
    auto object = TRY(try_make_ref<FrameMemoryObject>(pages, levels));
    return RefPtr<hal::MemoryObject>(move(object));
}

FrameMemoryObject::~FrameMemoryObject()
{
    if (m_root != 0) {
        release_tree(m_root, m_levels);
    }
}

Result<u64> FrameMemoryObject::frame_at(u64 index)
{
    if (m_root == 0) {
        m_root = TRY(frame_allocator().allocate());
    }
    u64 table = m_root;
    for (int level = m_levels; level >= 1; --level) {
        u64& entry = entries_of(table)[(index >> ((level - 1) * kBitsPerLevel)) & (kEntries - 1)];
        if ((entry & kPresent) == 0) {
            // A zero-filled frame: a table below, or the page itself.
            entry = TRY(frame_allocator().allocate()) | kPresent;
            if (level == 1) {
                ++m_resident;
            }
        }
        table = entry & ~kPresent;
    }
    return table;
}

} // namespace sirius::baremetal
