#include "platform/baremetal/frame_allocator.h"

#include "platform/baremetal/panic.h"
#include "platform/baremetal/physical_memory.h"


namespace sirius::baremetal {

namespace {

constexpr usize kBitsPerWord = 64;

bool overlaps(const PhysicalRange& range, u64 start, u64 end) { return start < range.end && range.start < end; }

} // namespace

bool FrameAllocator::initialize(const BootInfo& info, const PhysicalRange* reserved, usize reserved_count)
{
    u64 memory_end = 0;
    for (usize i = 0; i < info.ram_count; ++i) {
        memory_end = info.ram[i].end > memory_end ? info.ram[i].end : memory_end;
    }
    m_frame_limit = memory_end / kPageSize;
    usize words = (m_frame_limit + kBitsPerWord - 1) / kBitsPerWord;
    u64 table_bytes = round_up_to_page(words * sizeof(u64) + m_frame_limit * sizeof(u32));

    // The tables go in the first RAM that is free, inside the boot map.
    u64 table_start = 0;
    for (usize i = 0; i < info.ram_count && table_start == 0; ++i) {
        u64 candidate = round_up_to_page(info.ram[i].start);
        while (candidate + table_bytes <= info.ram[i].end && candidate + table_bytes <= SIRIUS_BOOT_MAPPED_BYTES) {
            bool clear = candidate != 0;
            for (usize r = 0; r < reserved_count && clear; ++r) {
                if (overlaps(reserved[r], candidate, candidate + table_bytes)) {
                    clear = false;
                    candidate = round_up_to_page(reserved[r].end);
                }
            }
            if (clear) {
                table_start = candidate;
                break;
            }
            if (candidate == 0) {
                candidate = kPageSize;
            }
        }
    }
    if (table_start == 0) {
        return false;
    }
    m_free_bitmap = physical_to_virtual<u64>(table_start);
    m_references = reinterpret_cast<u32*>(m_free_bitmap + words);
    __builtin_memset(m_free_bitmap, 0, table_bytes);

    for (usize i = 0; i < info.ram_count; ++i) {
        for (u64 frame = round_up_to_page(info.ram[i].start) / kPageSize; frame < info.ram[i].end / kPageSize; ++frame) {
            u64 address = frame * kPageSize;
            // Frame 0 stays out: a zero physical address is "none" to the
            // page-table code, and the real-mode area is the firmware's.
            bool usable = frame != 0 && !overlaps({ table_start, table_start + table_bytes }, address, address + kPageSize);
            for (usize r = 0; r < reserved_count && usable; ++r) {
                usable = !overlaps(reserved[r], address, address + kPageSize);
            }
            if (usable && !is_free(frame)) {
                mark_free(frame);
                ++m_free_frames;
            }
        }
    }
    m_total_frames = m_free_frames;
    return true;
}

bool FrameAllocator::is_free(usize frame) const { return (m_free_bitmap[frame / kBitsPerWord] >> (frame % kBitsPerWord) & 1) != 0; }
void FrameAllocator::mark_used(usize frame) { m_free_bitmap[frame / kBitsPerWord] &= ~(u64 { 1 } << (frame % kBitsPerWord)); }
void FrameAllocator::mark_free(usize frame) { m_free_bitmap[frame / kBitsPerWord] |= u64 { 1 } << (frame % kBitsPerWord); }

usize FrameAllocator::find_free_run(usize count) const
{
    usize run = 0;
    for (usize frame = m_search_start * kBitsPerWord; frame < m_frame_limit; ++frame) {
        if (run == 0 && count == 1) {
            // Skip whole used words quickly when looking for one frame.
            u64 word = m_free_bitmap[frame / kBitsPerWord] >> (frame % kBitsPerWord);
            if (word == 0) {
                frame = (frame / kBitsPerWord + 1) * kBitsPerWord - 1;
                continue;
            }
            frame += static_cast<usize>(__builtin_ctzll(word));
            if (frame >= m_frame_limit) {
                break;
            }
        }
        run = is_free(frame) ? run + 1 : 0;
        if (run == count) {
            return frame + 1 - count;
        }
    }
    return m_frame_limit;
}

Result<u64> FrameAllocator::allocate()
{
    u64 address = TRY(allocate_contiguous(1));
    __builtin_memset(physical_to_virtual<void>(address), 0, kPageSize);
    return address;
}

Result<u64> FrameAllocator::allocate_contiguous(usize count)
{
    LockGuard guard(m_lock);
    if (count == 0 || count > m_free_frames) {
        return errno_error(ENOMEM);
    }
    usize first = find_free_run(count);
    if (first == m_frame_limit) {
        return errno_error(ENOMEM);
    }
    for (usize frame = first; frame < first + count; ++frame) {
        mark_used(frame);
        m_references[frame] = 1;
    }
    m_free_frames -= count;
    if (count == 1 && first / kBitsPerWord == m_search_start && m_free_bitmap[m_search_start] == 0) {
        ++m_search_start;
    }
    return u64 { first } * kPageSize;
}

void FrameAllocator::add_reference(u64 address)
{
    LockGuard guard(m_lock);
    usize frame = address / kPageSize;
    if (frame >= m_frame_limit || is_free(frame) || m_references[frame] == 0) {
        panic("add_reference on a free frame");
    }
    ++m_references[frame];
}

void FrameAllocator::release(u64 address)
{
    LockGuard guard(m_lock);
    usize frame = address / kPageSize;
    if (frame >= m_frame_limit || is_free(frame) || m_references[frame] == 0) {
        panic("release of a free frame");
    }
    if (--m_references[frame] != 0) {
        return;
    }
    mark_free(frame);
    ++m_free_frames;
    if (frame / kBitsPerWord < m_search_start) {
        m_search_start = frame / kBitsPerWord;
    }
}

void FrameAllocator::release_contiguous(u64 first, usize count)
{
    for (usize i = 0; i < count; ++i) {
        release(first + i * kPageSize);
    }
}

u32 FrameAllocator::reference_count(u64 address) const
{
    LockGuard guard(m_lock);
    usize frame = address / kPageSize;
    return frame < m_frame_limit ? m_references[frame] : 0;
}

FrameAllocator& frame_allocator()
{
    static FrameAllocator allocator;
    return allocator;
}

} // namespace sirius::baremetal
