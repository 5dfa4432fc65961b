#pragma once

// hal::MemoryObject on physical frames: a radix tree of frame-sized tables
// (512 entries, as the page tables), one level per 9 bits of page index,
// deep enough for the object's size. Only the paths to pages that were
// made exist, so a segment of a terabyte that nobody touched costs nothing
// but this object.
#include "core/base/ref_ptr.h"
#include "core/hal/memory_object.h"

namespace sirius::baremetal {

class FrameMemoryObject final : public hal::MemoryObject {
public:
    static Result<RefPtr<hal::MemoryObject>> create(u64 pages);
    ~FrameMemoryObject() override;

    [[nodiscard]] u64 page_count() const override { return m_pages; }
    [[nodiscard]] u64 resident_pages() const override { return m_resident; }

    // The frame of page `index` (< page_count()), made zero-filled if it
    // was not yet. The object keeps its own reference to it: a mapping
    // adds one. Errors: ENOMEM.
    Result<u64> frame_at(u64 index);

    FrameMemoryObject(u64 pages, int levels)
        : m_pages(pages)
        , m_levels(levels)
    {
    }

private:
    u64 m_pages;
    int m_levels; // tables from the root down to the one holding frames
    u64 m_root { 0 }; // made with the first page
    u64 m_resident { 0 };
};

} // namespace sirius::baremetal
