#include "platform/baremetal/kernel_heap.h"

#include "core/base/spin_lock.h"
#include "core/hal/allocator.h"
#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/panic.h"
#include "platform/baremetal/physical_memory.h"

namespace sirius::baremetal {

namespace {

constexpr usize kSmallestClassShift = 4; // 16 bytes: kAllocationAlignment
constexpr usize kLargestClassShift = 11; // 2048 bytes; larger: whole frames
constexpr usize kClassCount = kLargestClassShift - kSmallestClassShift + 1;

struct FreeObject {
    FreeObject* next;
};

// At the start of each slab frame; the objects follow, from the first
// multiple of the object size past the header.
struct SlabHeader {
    SlabHeader* next_partial;
    SlabHeader* previous_partial;
    FreeObject* free_list;
    u32 in_use;
    u32 capacity;
    u32 size_class;
    bool on_partial_list;
};
static_assert(sizeof(SlabHeader) <= 64);

struct SizeClass {
    SlabHeader* partial { nullptr }; // slabs with at least one free object
};

SpinLock g_lock;
SizeClass g_classes[kClassCount];
HeapStatistics g_statistics;

usize size_class_of(usize size)
{
    usize shift = kSmallestClassShift;
    while ((usize { 1 } << shift) < size) {
        ++shift;
    }
    return shift - kSmallestClassShift;
}

usize object_size(usize size_class) { return usize { 1 } << (size_class + kSmallestClassShift); }

// Objects need only hal::kAllocationAlignment, not their size's alignment.
constexpr usize kFirstObjectOffset = (sizeof(SlabHeader) + hal::kAllocationAlignment - 1) & ~(hal::kAllocationAlignment - 1);

SlabHeader* slab_of(void* object) { return reinterpret_cast<SlabHeader*>(reinterpret_cast<u64>(object) & ~(kPageSize - 1)); }

void link_partial(SizeClass& cls, SlabHeader* slab)
{
    slab->previous_partial = nullptr;
    slab->next_partial = cls.partial;
    if (cls.partial != nullptr) {
        cls.partial->previous_partial = slab;
    }
    cls.partial = slab;
    slab->on_partial_list = true;
}

void unlink_partial(SizeClass& cls, SlabHeader* slab)
{
    if (slab->previous_partial != nullptr) {
        slab->previous_partial->next_partial = slab->next_partial;
    } else {
        cls.partial = slab->next_partial;
    }
    if (slab->next_partial != nullptr) {
        slab->next_partial->previous_partial = slab->previous_partial;
    }
    slab->on_partial_list = false;
}

SlabHeader* new_slab(usize size_class)
{
    auto frame = frame_allocator().allocate_contiguous(1);
    if (frame.is_error()) {
        return nullptr;
    }
    auto* slab = physical_to_virtual<SlabHeader>(frame.value());
    usize size = object_size(size_class);
    usize offset = kFirstObjectOffset;
    *slab = SlabHeader { nullptr, nullptr, nullptr, 0, static_cast<u32>((kPageSize - offset) / size), static_cast<u32>(size_class), false };
    // Thread the free list so the lowest object is handed out first.
    for (usize i = slab->capacity; i > 0; --i) {
        auto* object = reinterpret_cast<FreeObject*>(reinterpret_cast<u8*>(slab) + offset + (i - 1) * size);
        object->next = slab->free_list;
        slab->free_list = object;
    }
    ++g_statistics.slab_frames;
    return slab;
}

void* allocate_small(usize size)
{
    usize size_class = size_class_of(size);
    SizeClass& cls = g_classes[size_class];
    LockGuard guard(g_lock);
    SlabHeader* slab = cls.partial;
    if (slab == nullptr) {
        slab = new_slab(size_class);
        if (slab == nullptr) {
            return nullptr;
        }
        link_partial(cls, slab);
    }
    FreeObject* object = slab->free_list;
    slab->free_list = object->next;
    if (++slab->in_use == slab->capacity) {
        unlink_partial(cls, slab);
    }
    ++g_statistics.live_allocations;
    return object;
}

void deallocate_small(void* pointer, usize size)
{
    SlabHeader* slab = slab_of(pointer);
    usize size_class = size_class_of(size);
    SizeClass& cls = g_classes[size_class];
    LockGuard guard(g_lock);
    if (slab->size_class != size_class || slab->in_use == 0) {
        panic("kernel heap: free with a wrong size or a double free");
    }
    auto* object = static_cast<FreeObject*>(pointer);
    object->next = slab->free_list;
    slab->free_list = object;
    --g_statistics.live_allocations;
    if (--slab->in_use == 0) {
        if (slab->on_partial_list) {
            unlink_partial(cls, slab);
        }
        --g_statistics.slab_frames;
        frame_allocator().release(virtual_to_physical(slab));
        return;
    }
    if (!slab->on_partial_list) {
        link_partial(cls, slab);
    }
}

usize frames_for(usize size) { return (size + kPageSize - 1) / kPageSize; }

} // namespace

HeapStatistics heap_statistics()
{
    LockGuard guard(g_lock);
    return g_statistics;
}

} // namespace sirius::baremetal

namespace sirius::hal {

void* allocate(usize size) noexcept
{
    using namespace baremetal;
    if (size == 0) {
        panic("hal::allocate(0)");
    }
    if (size <= (usize { 1 } << kLargestClassShift)) {
        return allocate_small(size);
    }
    auto first = frame_allocator().allocate_contiguous(frames_for(size));
    if (first.is_error()) {
        return nullptr;
    }
    LockGuard guard(g_lock);
    g_statistics.large_frames += frames_for(size);
    ++g_statistics.live_allocations;
    return physical_to_virtual<void>(first.value());
}

void deallocate(void* pointer, usize size) noexcept
{
    using namespace baremetal;
    if (pointer == nullptr) {
        return;
    }
    if (size <= (usize { 1 } << kLargestClassShift)) {
        deallocate_small(pointer, size);
        return;
    }
    frame_allocator().release_contiguous(virtual_to_physical(pointer), frames_for(size));
    LockGuard guard(g_lock);
    g_statistics.large_frames -= frames_for(size);
    --g_statistics.live_allocations;
}

} // namespace sirius::hal
