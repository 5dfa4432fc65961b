#pragma once

// The data each CPU keeps for itself, reached through GS in the kernel
// (user GS is swapped out by swapgs on entry). syscall_entry.S reads
// kernel_stack_top and user_stack_scratch at fixed offsets.
#include "core/base/types.h"

namespace sirius::x86_64 {

struct PerCpu {
    PerCpu* self; // %gs:0
    u64 kernel_stack_top; // %gs:8: where a syscall's frame goes
    u64 user_stack_scratch; // %gs:16: user rsp while the frame is built
};
static_assert(__builtin_offsetof(PerCpu, kernel_stack_top) == 8);
static_assert(__builtin_offsetof(PerCpu, user_stack_scratch) == 16);

// Points GS at this CPU's PerCpu and enables SYSCALL into syscall_entry.
void initialize_this_cpu();

inline PerCpu& this_cpu()
{
    PerCpu* self;
    asm volatile("mov %%gs:0, %0" : "=r"(self));
    return *self;
}

} // namespace sirius::x86_64
