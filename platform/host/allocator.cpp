#include "platform/host/allocator.h"

#include <cstdlib>

#include "core/hal/allocator.h"

namespace sirius::host {

namespace {

// The host tests and fuzzers are single-threaded: plain counters suffice.
std::int64_t g_countdown = -1;
bool g_sticky = false;
bool g_failing = false;
std::uint64_t g_allocations = 0;
std::int64_t g_live = 0;

} // namespace

void fail_allocation_after(std::int64_t countdown, bool sticky)
{
    g_countdown = countdown;
    g_sticky = sticky;
    g_failing = false;
}

void stop_failing_allocations()
{
    g_countdown = -1;
    g_sticky = false;
    g_failing = false;
}

std::uint64_t allocation_count() { return g_allocations; }
std::int64_t live_allocations() { return g_live; }

} // namespace sirius::host

namespace sirius::hal {

void* allocate(usize size) noexcept
{
    using namespace sirius::host;
    if (g_failing) {
        return nullptr;
    }
    if (g_countdown == 0) {
        g_countdown = -1;
        g_failing = g_sticky;
        return nullptr;
    }
    if (g_countdown > 0) {
        --g_countdown;
    }
    // glibc's malloc returns 16-byte aligned memory on x86_64.
    void* memory = std::aligned_alloc(kAllocationAlignment, (size + kAllocationAlignment - 1) & ~(kAllocationAlignment - 1));
    if (memory != nullptr) {
        ++g_allocations;
        ++g_live;
    }
    return memory;
}

void deallocate(void* ptr, usize) noexcept
{
    if (ptr == nullptr) {
        return;
    }
    --sirius::host::g_live;
    std::free(ptr);
}

} // namespace sirius::hal
