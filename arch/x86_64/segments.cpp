#include "arch/x86_64/segments.h"

namespace sirius::x86_64 {

namespace {

struct [[gnu::packed]] TaskStateSegment {
    u32 reserved0;
    u64 rsp[3];
    u64 reserved1;
    u64 ist[7];
    u64 reserved2;
    u16 reserved3;
    u16 io_map_base;
};
static_assert(sizeof(TaskStateSegment) == 104);

struct [[gnu::packed]] DescriptorPointer {
    u16 limit;
    u64 base;
};

// Access and flag bytes of the flat descriptors (Intel SDM 3.4.5).
constexpr u64 kKernelCode64 = 0x00af9a000000ffff;
constexpr u64 kKernelData64 = 0x00cf92000000ffff;
constexpr u64 kUserCode32Descriptor = 0x00cffa000000ffff;
constexpr u64 kUserData64 = 0x00cff2000000ffff;
constexpr u64 kUserCode64 = 0x00affa000000ffff;
constexpr u64 kTssAvailable = 0x89;

constexpr usize kDoubleFaultStackSize = 16384;
alignas(16) u8 g_double_fault_stack[kDoubleFaultStackSize];

TaskStateSegment g_tss;
u64 g_gdt[10];

} // namespace

void initialize_segments()
{
    g_tss.ist[kDoubleFaultStack - 1] = reinterpret_cast<u64>(g_double_fault_stack + kDoubleFaultStackSize);
    g_tss.io_map_base = sizeof(TaskStateSegment); // no I/O permission bitmap

    g_gdt[kKernelCode / 8] = kKernelCode64;
    g_gdt[kKernelData / 8] = kKernelData64;
    g_gdt[kUserCode32 / 8] = kUserCode32Descriptor;
    g_gdt[kUserData / 8] = kUserData64;
    g_gdt[kUserCode / 8] = kUserCode64;
    auto base = reinterpret_cast<u64>(&g_tss);
    u64 limit = sizeof(TaskStateSegment) - 1;
    g_gdt[kTaskState / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (kTssAvailable << 40) | (((limit >> 16) & 0xf) << 48)
        | (((base >> 24) & 0xff) << 56);
    g_gdt[kTaskState / 8 + 1] = base >> 32;

    DescriptorPointer pointer { sizeof(g_gdt) - 1, reinterpret_cast<u64>(g_gdt) };
    asm volatile("lgdt %0\n"
                 "pushq %1\n"
                 "leaq 1f(%%rip), %%rax\n"
                 "pushq %%rax\n"
                 "lretq\n"
                 "1:\n"
                 "movl %2, %%eax\n"
                 "movl %%eax, %%ds\n"
                 "movl %%eax, %%es\n"
                 "movl %%eax, %%ss\n"
                 "ltr %w3\n"
        :
        : "m"(pointer), "i"(static_cast<u64>(kKernelCode)), "i"(static_cast<u32>(kKernelData)), "r"(kTaskState)
        : "rax", "memory");
}

void set_kernel_stack(u64 top) { g_tss.rsp[0] = top; }

} // namespace sirius::x86_64
