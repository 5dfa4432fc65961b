#pragma once

// hal::MemoryObject for tests and fuzzers: a page is a 4 KiB byte buffer,
// made zero-filled the first time an address space maps it; every
// FakeAddressSpace that maps it shares the buffer, so a write through one
// is read through the others.
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/hal/memory_object.h"

namespace sirius::host {

class FakeMemoryObject final : public hal::MemoryObject {
public:
    explicit FakeMemoryObject(u64 pages)
        : m_pages(pages)
    {
    }

    [[nodiscard]] u64 page_count() const override { return m_pages; }
    [[nodiscard]] u64 resident_pages() const override { return m_frames.size(); }

    // Page `index`'s bytes, made now if they were not yet.
    std::shared_ptr<std::vector<std::uint8_t>> page(u64 index);

private:
    u64 m_pages;
    std::map<u64, std::shared_ptr<std::vector<std::uint8_t>>> m_frames;
};

} // namespace sirius::host
