// Copies between kernel and user memory that may fault: each faulting
// instruction has an entry in the exception table (.fixup_table, see
// exception_fixup.h), whose fixup returns the bytes left uncopied. With
// SMAP on, user pages are reachable only between stac and clac; the
// alternatives patching Linux does is replaced by a flag check.
//
// u64 user_copy(void* destination, const void* source, u64 count)
//   returns 0 on success, else how many bytes were not copied.
    .text
    .global user_copy
user_copy:
    movq %rdx, %rcx
    testb $1, smap_active(%rip)
    jz 1f
    stac
1:
user_copy_instruction:
    rep movsb
    xorl %eax, %eax
    jmp 3f
user_copy_fixup:
    movq %rcx, %rax                  // bytes left
3:  testb $1, smap_active(%rip)
    jz 4f
    clac
4:  ret

    .section .fixup_table, "a"
    .balign 8
    .quad user_copy_instruction, user_copy_fixup

    .data
    .global smap_active
smap_active:
    .byte 0
