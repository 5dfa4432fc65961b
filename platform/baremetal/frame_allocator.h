#pragma once

// The physical frame allocator: every 4 KiB frame of RAM the boot memory map
// reports, minus what the kernel image, the initrd and this allocator's own
// tables occupy. A bitmap finds free frames (lowest first, so the frames
// the early page tables need fall inside the boot map); a reference count
// per frame lets copy-on-write share a frame between address spaces and
// free it with its last user (Linux: struct page's _refcount).
#include "core/base/result.h"
#include "core/base/spin_lock.h"
#include "platform/baremetal/boot_info.h"

namespace sirius::baremetal {

class FrameAllocator {
public:
    // Takes the RAM in `info`, less `reserved` ranges. Returns false when no
    // RAM range can hold the allocator's own tables.
    bool initialize(const BootInfo& info, const PhysicalRange* reserved, usize reserved_count);

    // One frame, reference count 1, zero-filled. Errors: ENOMEM.
    Result<u64> allocate();
    // `count` physically contiguous frames, each with reference count 1,
    // not zero-filled. Errors: ENOMEM.
    Result<u64> allocate_contiguous(usize count);
    // Another user of an allocated frame (copy-on-write sharing).
    void add_reference(u64 frame);
    // Drops one reference; the frame is free again after its last.
    void release(u64 frame);
    // Releases `count` contiguous frames from allocate_contiguous.
    void release_contiguous(u64 first, usize count);
    [[nodiscard]] u32 reference_count(u64 frame) const;

    [[nodiscard]] usize free_frames() const { return m_free_frames; }
    [[nodiscard]] usize total_frames() const { return m_total_frames; }
    // One past the highest RAM address: how far the direct map must reach.
    [[nodiscard]] u64 memory_end() const { return m_frame_limit * 4096; }

private:
    bool is_free(usize frame) const;
    void mark_used(usize frame);
    void mark_free(usize frame);
    usize find_free_run(usize count) const;

    mutable SpinLock m_lock;
    u64* m_free_bitmap { nullptr }; // bit set = frame free
    u32* m_references { nullptr };
    usize m_frame_limit { 0 }; // frames numbered [0, m_frame_limit)
    usize m_free_frames { 0 };
    usize m_total_frames { 0 };
    usize m_search_start { 0 }; // no free frame below this word
};

// The machine's one allocator.
FrameAllocator& frame_allocator();

} // namespace sirius::baremetal
