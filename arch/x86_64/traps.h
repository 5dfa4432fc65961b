#pragma once

// What happens after trap_entry.S: exceptions, hardware interrupts and the
// routing between them.
#include "arch/x86_64/trap_frame.h"

namespace sirius::x86_64 {

// Vectors 32..47 are the legacy PIC's IRQs 0..15 (pic.cpp remaps them here).
inline constexpr u8 kFirstIrqVector = 32;
inline constexpr u8 kIrqCount = 16;

using InterruptHandler = void (*)(TrapFrame& frame);

// Routes a hardware interrupt vector to `handler` (one per vector).
void set_interrupt_handler(u8 vector, InterruptHandler handler);

// How a user-mode exception is turned into a signal: set by the process
// layer once there are user threads. Until then a user exception panics.
using UserExceptionHandler = void (*)(TrapFrame& frame, u64 fault_address);
void set_user_exception_handler(UserExceptionHandler handler);

// Called after the interrupt handler, before the return to user space: the
// process layer runs pending work there (a reschedule, signal delivery).
// A page fault at a user address inside a kernel user copy, not a
// copy-on-write one: the platform may back the page (demand paging) and
// return true to retry the copy; false takes the copy's fix-up (EFAULT).
using KernelUserFaultHandler = bool (*)(TrapFrame& frame, u64 fault_address);
void set_kernel_user_fault_handler(KernelUserFaultHandler handler);

using ReturnToUserHook = void (*)(TrapFrame& frame);
void set_return_to_user_hook(ReturnToUserHook hook);

// Prints the frame's registers to the log (panics and fault reports).
void print_trap_frame(const TrapFrame& frame);

} // namespace sirius::x86_64

extern "C" void handle_trap(sirius::x86_64::TrapFrame* frame);
