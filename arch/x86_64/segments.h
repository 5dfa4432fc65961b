#pragma once

// The GDT and TSS. The selectors are Linux's (arch/x86/include/asm/segment.h),
// because user space sees them: in the signal frame's sigcontext and in
// %cs/%ss. SYSCALL/SYSRET derive them from STAR, which needs this order:
// kernel CS, kernel DS; user CS32, user DS, user CS (each +8).
#include "core/base/types.h"

namespace sirius::x86_64 {

inline constexpr u16 kKernelCode = 0x10;
inline constexpr u16 kKernelData = 0x18;
inline constexpr u16 kUserCode32 = 0x23;
inline constexpr u16 kUserData = 0x2b;
inline constexpr u16 kUserCode = 0x33;
inline constexpr u16 kTaskState = 0x40;

// Interrupt stack table slots for exceptions that must not run on a stack
// that may be bad (a kernel stack overflow faults again on it).
inline constexpr u8 kDoubleFaultStack = 1;

// Loads the GDT and TSS of this CPU and reloads the segment registers.
void initialize_segments();

// The stack the CPU switches to on an interrupt from user space (TSS RSP0);
// the scheduler sets it to the running thread's kernel stack top.
void set_kernel_stack(u64 top);

} // namespace sirius::x86_64
