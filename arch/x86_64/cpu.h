#pragma once

// The x86_64 instructions the kernel needs, one inline function each: port
// I/O, model-specific registers, control registers, CPUID, interrupts.
#include "core/base/types.h"

namespace sirius::x86_64 {

inline void out8(u16 port, u8 value) { asm volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
inline void out16(u16 port, u16 value) { asm volatile("outw %0, %1" : : "a"(value), "Nd"(port)); }
inline void out32(u16 port, u32 value) { asm volatile("outl %0, %1" : : "a"(value), "Nd"(port)); }
inline u8 in8(u16 port)
{
    u8 value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

inline u64 read_msr(u32 msr)
{
    u32 low, high;
    asm volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
    return (static_cast<u64>(high) << 32) | low;
}
inline void write_msr(u32 msr, u64 value)
{
    asm volatile("wrmsr" : : "c"(msr), "a"(static_cast<u32>(value)), "d"(static_cast<u32>(value >> 32)));
}

// Architectural MSR numbers (Intel SDM vol. 4).
inline constexpr u32 kMsrEfer = 0xc0000080;
inline constexpr u32 kMsrStar = 0xc0000081;
inline constexpr u32 kMsrLstar = 0xc0000082;
inline constexpr u32 kMsrSyscallMask = 0xc0000084;
inline constexpr u32 kMsrFsBase = 0xc0000100;
inline constexpr u32 kMsrGsBase = 0xc0000101;
inline constexpr u32 kMsrKernelGsBase = 0xc0000102;

inline constexpr u64 kEferSyscall = 1U << 0;
inline constexpr u64 kEferNoExecute = 1U << 11;

inline u64 read_cr0()
{
    u64 value;
    asm volatile("mov %%cr0, %0" : "=r"(value));
    return value;
}
inline u64 read_cr2()
{
    u64 value;
    asm volatile("mov %%cr2, %0" : "=r"(value));
    return value;
}
inline u64 read_cr3()
{
    u64 value;
    asm volatile("mov %%cr3, %0" : "=r"(value));
    return value;
}
inline void write_cr3(u64 value) { asm volatile("mov %0, %%cr3" : : "r"(value) : "memory"); }
inline u64 read_cr4()
{
    u64 value;
    asm volatile("mov %%cr4, %0" : "=r"(value));
    return value;
}
inline void write_cr4(u64 value) { asm volatile("mov %0, %%cr4" : : "r"(value) : "memory"); }

inline constexpr u64 kCr4Smep = 1U << 20;
inline constexpr u64 kCr4Smap = 1U << 21;
inline constexpr u64 kCr4OsFxsr = 1U << 9;
inline constexpr u64 kCr4OsXmmExcpt = 1U << 10;

struct CpuidResult {
    u32 eax, ebx, ecx, edx;
};
inline CpuidResult cpuid(u32 leaf, u32 subleaf = 0)
{
    CpuidResult result {};
    asm volatile("cpuid" : "=a"(result.eax), "=b"(result.ebx), "=c"(result.ecx), "=d"(result.edx) : "a"(leaf), "c"(subleaf));
    return result;
}

inline void invalidate_page(u64 address) { asm volatile("invlpg (%0)" : : "r"(address) : "memory"); }

inline void enable_interrupts() { asm volatile("sti" ::: "memory"); }
inline void disable_interrupts() { asm volatile("cli" ::: "memory"); }
inline bool interrupts_enabled()
{
    u64 flags;
    asm volatile("pushfq; popq %0" : "=r"(flags));
    return (flags & (1U << 9)) != 0;
}
// Waits for the next interrupt with interrupts enabled (sti; hlt is atomic:
// no interrupt is lost between the two).
inline void wait_for_interrupt() { asm volatile("sti; hlt" ::: "memory"); }
[[noreturn]] inline void halt_forever()
{
    for (;;) {
        asm volatile("cli; hlt");
    }
}

} // namespace sirius::x86_64
