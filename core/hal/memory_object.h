#pragma once

// MemoryObject: pages that belong to no address space, which any number of
// address spaces map at once (Linux: a shmem file's page cache). A System V
// shared memory segment is one. The pages are zero-filled and made the
// first time an address space maps them, so a large segment costs only what
// is touched; the object keeps them until it is destroyed, and every
// mapping holds its own reference to the frames it maps.
#include "core/base/ref_counted.h"
#include "core/base/types.h"

namespace sirius::hal {

class MemoryObject : public RefCounted<MemoryObject> {
public:
    virtual ~MemoryObject() = default;

    // Its size in pages, fixed at creation.
    [[nodiscard]] virtual u64 page_count() const = 0;
    // The pages made so far (shm_rss: Linux counts the page cache's pages).
    [[nodiscard]] virtual u64 resident_pages() const = 0;

protected:
    MemoryObject() = default;
};

} // namespace sirius::hal
