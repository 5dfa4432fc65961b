// Interrupt and exception entry: one stub per vector pushes an error code
// (0 where the CPU pushes none) and the vector number, then trap_common
// saves the general registers as a TrapFrame (trap_frame.h) and calls
// handle_trap(frame). On the way out the same frame is restored and iretq
// returns to wherever the frame says: that is how a context switch to a
// new thread, a signal frame or an exec reach user space.

#include "arch/x86_64/trap_frame_registers.h"

// Vectors for which the CPU pushes an error code (Intel SDM 6.13).
#define HAS_ERROR_CODE(v) ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || (v) == 14 || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

// Offset of the saved CS from %rsp once vector and error code are pushed.
#define FRAME_CS_BEFORE_REGISTERS 24
#define FRAME_CS_AFTER_REGISTERS (15 * 8 + FRAME_CS_BEFORE_REGISTERS)

    // Stub N starts at trap_stubs + 16 * N (idt.cpp relies on it).
    .text
    .balign 16
    .global trap_stubs
trap_stubs:
    .set vector, 0
    .rept 256
    .balign 16
    .if !HAS_ERROR_CODE(vector)
    pushq $0
    .endif
    pushq $vector
    jmp trap_common
    .set vector, vector + 1
    .endr

trap_common:
    testb $3, FRAME_CS_BEFORE_REGISTERS(%rsp)
    jz 1f
    swapgs
1:  push_general_registers
    cld
    mov %rsp, %rdi
    xor %ebp, %ebp                   // a backtrace stops at the trap
    call handle_trap

    // Returns to the TrapFrame at %rsp. A new thread starts here too, with
    // its first frame built by the scheduler.
    .global return_from_trap
return_from_trap:
    pop_general_registers
    testb $3, FRAME_CS_BEFORE_REGISTERS(%rsp)
    jz 2f
    swapgs
2:  add $16, %rsp                    // vector and error code
    iretq
