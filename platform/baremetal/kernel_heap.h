#pragma once

// The kernel heap behind hal::allocate: small sizes from slabs (one frame
// each, per power-of-two size class, a header at the start of the frame),
// larger ones as whole contiguous frames. Everything is reached through
// the direct map. Allocation fails with nullptr, never panics; a slab whose
// objects are all freed goes back to the frame allocator, so memory a
// process used is free again after it is gone.
#include "core/base/types.h"

namespace sirius::baremetal {

struct HeapStatistics {
    usize slab_frames { 0 };
    usize large_frames { 0 };
    usize live_allocations { 0 };
};

HeapStatistics heap_statistics();

} // namespace sirius::baremetal
