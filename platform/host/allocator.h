#pragma once

// Host allocator controls: tests fail the Nth core allocation to prove that
// every failure path rolls back, and count live allocations to prove nothing
// leaks.
#include <cstdint>

namespace sirius::host {

// Fails the allocation `countdown` allocations from now (0: the next one), and
// every later one while `sticky`. A negative countdown disables injection.
void fail_allocation_after(std::int64_t countdown, bool sticky = false);
void stop_failing_allocations();
// Core allocations made since start, and how many are live now.
[[nodiscard]] std::uint64_t allocation_count();
[[nodiscard]] std::int64_t live_allocations();

// Disables injection when it goes out of scope.
class AllocationFailureScope {
public:
    explicit AllocationFailureScope(std::int64_t countdown, bool sticky = false) { fail_allocation_after(countdown, sticky); }
    ~AllocationFailureScope() { stop_failing_allocations(); }
    AllocationFailureScope(const AllocationFailureScope&) = delete;
    AllocationFailureScope& operator=(const AllocationFailureScope&) = delete;
};

} // namespace sirius::host
