// What the compiler expects of a C++ runtime in a freestanding kernel: the
// four memory functions it may emit calls to, the pure-virtual trap, and
// the registration of static destructors (global constructors: kernel_main).
#include "core/base/types.h"
#include "platform/baremetal/panic.h"

using sirius::u8;
using sirius::usize;

extern "C" {

void* memcpy(void* destination, const void* source, usize count)
{
    void* start = destination;
    asm volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(count) : : "memory");
    return start;
}

void* memset(void* destination, int value, usize count)
{
    void* start = destination;
    asm volatile("rep stosb" : "+D"(destination), "+c"(count) : "a"(value) : "memory");
    return start;
}

void* memmove(void* destination, const void* source, usize count)
{
    auto* to = static_cast<u8*>(destination);
    const auto* from = static_cast<const u8*>(source);
    if (to <= from || to >= from + count) {
        for (usize i = 0; i < count; ++i) {
            to[i] = from[i];
        }
    } else {
        for (usize i = count; i > 0; --i) {
            to[i - 1] = from[i - 1];
        }
    }
    return destination;
}

int memcmp(const void* left, const void* right, usize count)
{
    const auto* a = static_cast<const u8*>(left);
    const auto* b = static_cast<const u8*>(right);
    for (usize i = 0; i < count; ++i) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}

// Static objects register their destructors here; the kernel never exits,
// so they never run.
int atexit(void (*)()) { return 0; }

void __cxa_pure_virtual() { sirius::baremetal::panic("pure virtual function called"); }

} // extern "C"

// Core objects are freed through HeapObject's class operator delete; a
// global one would mean an object allocated some other way.
void operator delete(void*, usize) noexcept { sirius::baremetal::panic("global operator delete"); }
void operator delete(void*) noexcept { sirius::baremetal::panic("global operator delete"); }
