// The SYSCALL instruction's entry (MSR LSTAR). The CPU has put the user rip
// in rcx and rflags in r11, masked rflags (no interrupts) and loaded the
// kernel CS, nothing else: the stack is still the user's. Build a TrapFrame
// (trap_frame.h) on this thread's kernel stack, exactly as an interrupt
// would, call handle_syscall(frame), and leave through return_from_trap.
// Returning with iretq rather than sysret costs a little but never faces
// sysret's non-canonical rip hazard.
#include "arch/x86_64/trap_frame_registers.h"

    .text
    .global syscall_entry
syscall_entry:
    swapgs
    movq %rsp, %gs:16                // PerCpu::user_stack_scratch
    movq %gs:8, %rsp                 // PerCpu::kernel_stack_top
    pushq $0x2b                      // ss: kUserData
    pushq %gs:16                     // rsp
    pushq %r11                       // rflags
    pushq $0x33                      // cs: kUserCode
    pushq %rcx                       // rip
    pushq $0                         // error code
    pushq $0x100                     // vector: kSyscallVector
    push_general_registers
    movq %rsp, %rdi
    xorl %ebp, %ebp
    call handle_syscall
    jmp return_from_trap

    // A new thread's first return address (scheduler.cpp): its TrapFrame is
    // right above, at %rsp.
    .global new_thread_start
new_thread_start:
    movq %rsp, %rdi
    call start_new_thread
    jmp return_from_trap
