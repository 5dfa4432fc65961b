#pragma once

// Placement new. Hosted builds take it from <new> (redefining it would clash
// with the library's inline definition); the freestanding kernel declares it.
#include "core/base/types.h"

#if __STDC_HOSTED__
#    include <new>
#else
inline void* operator new(size_t, void* where) noexcept { return where; }
inline void* operator new[](size_t, void* where) noexcept { return where; }
#endif
