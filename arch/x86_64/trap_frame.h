#pragma once

// The registers saved on the kernel stack when the CPU enters the kernel:
// by an interrupt or exception (trap_entry.S) and, in the same layout, by
// the syscall instruction (syscall_entry.S). For a thread in user space this
// frame at the top of its kernel stack is its user register state.
#include "core/base/types.h"

namespace sirius::x86_64 {

struct TrapFrame {
    u64 r15, r14, r13, r12, r11, r10, r9, r8;
    u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
    u64 vector; // interrupt vector, or kSyscallVector
    u64 error_code; // pushed by the CPU for some exceptions, else 0
    // What the CPU pushes (and iretq pops).
    u64 rip, cs, rflags, rsp, ss;

    [[nodiscard]] bool from_user() const { return (cs & 3) == 3; }
};
static_assert(sizeof(TrapFrame) == 22 * 8);

// The vector number a syscall frame carries: no interrupt uses it.
inline constexpr u64 kSyscallVector = 0x100;

} // namespace sirius::x86_64
