#include "core/hal/memory_statistics.h"

#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/physical_memory.h"

namespace sirius::hal {

MemoryStatistics memory_statistics() noexcept
{
    const baremetal::FrameAllocator& frames = baremetal::frame_allocator();
    return MemoryStatistics { frames.total_frames() * baremetal::kPageSize, frames.free_frames() * baremetal::kPageSize };
}

} // namespace sirius::hal
