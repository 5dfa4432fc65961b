#pragma once

// The x87/SSE state of a user thread. The kernel itself is built with
// -mgeneral-regs-only, so this state is only ever user space's (FXSAVE; the
// XSAVE extensions are left off in CR4, so user code sees no AVX and the
// 512-byte area is the whole state).
//
// An exception or interrupt from user space saves it on entry and restores
// it on the way out. A syscall does not: its registers stay live in the
// CPU, and the state whose they are is "live" (set_live_fpu), until
// something needs it in memory - a switch to another thread
// (save_live_fpu), or the context itself for a signal frame, a clone or an
// exec (sync_fpu) - and on the way out the registers are left as they are
// if the state is still live (claim_live_fpu). FXSAVE and FXRSTOR were 40%
// of a null syscall under TCG (docs/bench.md). This is Linux's
// TIF_NEED_FPU_LOAD idea turned round: Linux restores lazily, Sirius saves
// lazily. Sirius runs on one CPU, so one variable names the live state.
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

// The CPU's FPU registers are `state`'s and newer than it (syscall entry).
void set_live_fpu(FpuState& state);
[[nodiscard]] bool is_live_fpu(const FpuState& state);
// If `state` is live, saves the registers into it; it is not live after.
// Call before reading or replacing a context's state.
void sync_fpu(FpuState& state);
// Saves whichever state is live (before a switch to another thread).
void save_live_fpu();
// On the way out to user space: true if `state` was live - the registers
// hold it already - and it is not live after.
bool claim_live_fpu(const FpuState& state);
// `state` is going away: if it is live, it is not any more (not saved).
void forget_live_fpu(const FpuState& state);

} // namespace sirius::x86_64
