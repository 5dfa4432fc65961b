#pragma once

// The x87/SSE state of a user thread. The kernel itself is built with
// -mgeneral-regs-only, so this state is only ever user space's: saved when
// a thread is switched out, restored when it is switched in (FXSAVE; the
// XSAVE extensions are left off in CR4, so user code sees no AVX and the
// 512-byte area is the whole state).
#include "core/base/types.h"

namespace sirius::x86_64 {

struct alignas(16) FpuState {
    u8 bytes[512];
};

// Sets CR0/CR4 so user code may use SSE, and records the state a new
// program starts with (FNINIT, MXCSR 0x1f80, as Linux's fpu__init).
void initialize_fpu();
void save_fpu(FpuState& state);
void restore_fpu(const FpuState& state);
const FpuState& initial_fpu_state();

} // namespace sirius::x86_64
