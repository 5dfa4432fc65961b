#pragma once

// Core objects are created with `new (kFallible) T(...)`: the allocation goes
// through hal::allocate and a failure yields nullptr instead of throwing, which
// try_create() turns into ENOMEM. Deletion sees the dynamic size (sized class
// operator delete), so polymorphic objects are freed correctly too.
#include "core/base/result.h"
#include "core/hal/allocator.h"

namespace sirius {

struct FallibleTag {
    explicit constexpr FallibleTag() = default;
};
inline constexpr FallibleTag kFallible {};

class HeapObject {
public:
    static void* operator new(usize size, FallibleTag) noexcept { return hal::allocate(size); }
    static void operator delete(void* ptr, usize size) noexcept { hal::deallocate(ptr, size); }
    // Only the fallible form exists: an allocation that cannot fail is a bug.
    static void* operator new(usize) = delete;
    static void* operator new[](usize) = delete;
};

// Allocates and constructs a T; ENOMEM when the heap is exhausted.
template<typename T, typename... Args>
[[nodiscard]] Result<T*> try_create(Args&&... args)
{
    static_assert(alignof(T) <= hal::kAllocationAlignment);
    T* object = new (kFallible) T(forward<Args>(args)...);
    if (object == nullptr) {
        return errno_error(ENOMEM);
    }
    return object;
}

} // namespace sirius
