// What the compiler expects of a C++ runtime in a freestanding kernel: the
// four memory functions it may emit calls to, the pure-virtual trap, and
// the registration of static destructors (global constructors: kernel_main).
#include "core/base/types.h"
#include "platform/baremetal/panic.h"

using sirius::u64;
using sirius::u8;
using sirius::usize;

extern "C" {

// Eight bytes per iteration, then the tail: under QEMU's TCG every
// iteration of a rep string instruction is a pass through a translated
// block, so rep movsb made the two 176-byte register-frame copies of each
// syscall cost about a quarter of a null syscall (docs/bench.md).
void* memcpy(void* destination, const void* source, usize count)
{
    void* start = destination;
    usize quads = count / 8;
    usize tail = count % 8;
    asm volatile("rep movsq" : "+D"(destination), "+S"(source), "+c"(quads) : : "memory");
    asm volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(tail) : : "memory");
    return start;
}

void* memset(void* destination, int value, usize count)
{
    void* start = destination;
    usize quads = count / 8;
    usize tail = count % 8;
    u64 pattern = static_cast<u8>(value) * 0x0101010101010101ULL;
    asm volatile("rep stosq" : "+D"(destination), "+c"(quads) : "a"(pattern) : "memory");
    asm volatile("rep stosb" : "+D"(destination), "+c"(tail) : "a"(pattern) : "memory");
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
