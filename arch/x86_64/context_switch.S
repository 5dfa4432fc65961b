// switch_kernel_stacks(u64* save_rsp, u64 load_rsp): the one place a CPU
// goes from one kernel thread to another. The System V ABI makes rbx, rbp
// and r12-r15 the caller's to keep: they go on the old stack, its rsp into
// *save_rsp; the new stack's are popped, and `ret` continues wherever that
// thread called this (or, for a new thread, at the entry its first frame
// names: scheduler.cpp builds it).
    .text
    .global switch_kernel_stacks
switch_kernel_stacks:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
