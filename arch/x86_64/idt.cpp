#include "arch/x86_64/idt.h"

#include "arch/x86_64/segments.h"

// trap_entry.S: 256 stubs of 16 bytes each.
extern "C" char trap_stubs[];

namespace sirius::x86_64 {

namespace {

struct [[gnu::packed]] IdtGate {
    u16 offset_low;
    u16 selector;
    u8 ist;
    u8 type_attributes;
    u16 offset_middle;
    u32 offset_high;
    u32 reserved;
};
static_assert(sizeof(IdtGate) == 16);

struct [[gnu::packed]] IdtPointer {
    u16 limit;
    u64 base;
};

constexpr u8 kInterruptGate = 0x8e; // present, DPL 0, 64-bit interrupt gate
constexpr u8 kUserCallable = 0x60; // DPL 3: `int N` from user space allowed

// Exceptions user code may raise with an instruction (Linux idt.c:
// X86_TRAP_BP and X86_TRAP_OF are system gates): int3 and into.
constexpr u8 kBreakpoint = 3;
constexpr u8 kOverflow = 4;
constexpr u8 kDoubleFault = 8;

IdtGate g_idt[256];

} // namespace

void initialize_idt()
{
    for (usize vector = 0; vector < 256; ++vector) {
        u64 handler = reinterpret_cast<u64>(trap_stubs) + 16 * vector;
        IdtGate& gate = g_idt[vector];
        gate.offset_low = static_cast<u16>(handler);
        gate.selector = kKernelCode;
        gate.ist = vector == kDoubleFault ? kDoubleFaultStack : 0;
        gate.type_attributes = kInterruptGate;
        if (vector == kBreakpoint || vector == kOverflow) {
            gate.type_attributes |= kUserCallable;
        }
        gate.offset_middle = static_cast<u16>(handler >> 16);
        gate.offset_high = static_cast<u32>(handler >> 32);
    }
    IdtPointer pointer { sizeof(g_idt) - 1, reinterpret_cast<u64>(g_idt) };
    asm volatile("lidt %0" : : "m"(pointer));
}

} // namespace sirius::x86_64
