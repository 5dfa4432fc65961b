#include "platform/baremetal/self_test.h"

#include "core/hal/allocator.h"
#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/kernel_heap.h"
#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/power.h"

namespace sirius::baremetal {

namespace {

bool report(const char* name, bool passed)
{
    print(passed ? "PASS " : "FAIL ", name, "\n");
    return passed;
}

// Small and large allocations, all freed, leave the frame count where it was.
bool heap_returns_every_frame()
{
    usize free_before = frame_allocator().free_frames();
    constexpr usize kCount = 200;
    constexpr usize kSizes[] = { 16, 24, 100, 1000, 2048, 5000, 70000 };
    void* blocks[kCount] {};
    for (usize i = 0; i < kCount; ++i) {
        blocks[i] = hal::allocate(kSizes[i % 7]);
        if (blocks[i] == nullptr) {
            return false;
        }
        static_cast<u8*>(blocks[i])[kSizes[i % 7] - 1] = 0xaa;
    }
    bool grew = frame_allocator().free_frames() < free_before;
    for (usize i = 0; i < kCount; ++i) {
        hal::deallocate(blocks[i], kSizes[i % 7]);
    }
    return grew && frame_allocator().free_frames() == free_before && heap_statistics().live_allocations == 0;
}

// Exhausting the heap gives nullptr, not a panic, and everything comes back.
bool heap_exhaustion_is_a_null_return()
{
    usize free_before = frame_allocator().free_frames();
    constexpr usize kChunk = 1024 * 1024;
    void* first = nullptr;
    usize count = 0;
    // Chain the chunks through their first word so they can all be freed.
    for (;;) {
        void* chunk = hal::allocate(kChunk);
        if (chunk == nullptr) {
            break;
        }
        *static_cast<void**>(chunk) = first;
        first = chunk;
        ++count;
    }
    while (first != nullptr) {
        void* next = *static_cast<void**>(first);
        hal::deallocate(first, kChunk);
        first = next;
    }
    return count > 0 && frame_allocator().free_frames() == free_before;
}

// Below the direct map's end on no machine Sirius boots on (it would need
// 60 TiB of RAM), and never mapped otherwise.
constexpr u64 kUnmappedKernelAddress = 0xffff8f0000000000;

[[gnu::noinline]] u64 read_unmapped_kernel_address()
{
    return *reinterpret_cast<volatile u64*>(kUnmappedKernelAddress);
}

} // namespace

void fault_on_purpose()
{
    print("reading ", Hex { kUnmappedKernelAddress }, " on purpose\n");
    u64 value = read_unmapped_kernel_address();
    print("read ", Hex { value }, ": the fault did not happen\n");
    power_off(kExitStatusFailure);
}

bool run_self_tests()
{
    bool passed = true;
    passed &= report("heap_returns_every_frame", heap_returns_every_frame());
    passed &= report("heap_exhaustion_is_a_null_return", heap_exhaustion_is_a_null_return());
    print(passed ? "self-test: all passed\n" : "self-test: FAILED\n");
    return passed;
}

} // namespace sirius::baremetal
