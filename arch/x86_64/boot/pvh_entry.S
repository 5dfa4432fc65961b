// The kernel's first instructions: the PVH boot entry (Xen's x86/HVM direct
// boot ABI, which QEMU's -kernel implements for ELF images that carry the
// XEN_ELFNOTE_PHYS32_ENTRY note). PVH rather than multiboot because QEMU
// loads a 64-bit ELF directly only this way, and because start_info hands
// over the memory map, the command line and the initrd in one structure.
//
// Entry state (xen/include/public/arch-x86/hvm/start_info.h): 32-bit
// protected mode, paging off, flat segments, interrupts off, %ebx = physical
// address of struct hvm_start_info. From here: load the boot page tables,
// enter long mode, jump to the higher half, call kernel_main(start_info).

#include "arch/x86_64/boot/memory_layout.h"

#define PHYS(symbol) ((symbol) - SIRIUS_KERNEL_VIRTUAL_BASE)

#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define CR0_PG (1 << 31)
#define CR0_WP (1 << 16)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define PAGE_PRESENT 0x1
#define PAGE_WRITABLE 0x2
#define PAGE_LARGE 0x80

    .section .note.Xen, "a", @note
    .balign 4
    .long 4                          // name size ("Xen\0")
    .long 4                          // descriptor size
    .long XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .long PHYS(pvh_start32)

    .section .boot.text, "ax", @progbits
    .code32
    .global pvh_start32
pvh_start32:
    cld
    mov %ebx, %esi                   // keep start_info across the switch

    // Clear .bss: the ELF loader is not required to.
    mov $PHYS(kernel_bss_start), %edi
    mov $PHYS(kernel_bss_end), %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb

    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov $MSR_EFER, %ecx
    rdmsr
    or $(EFER_LME | EFER_NXE), %eax
    wrmsr
    mov %cr0, %eax
    or $(CR0_PG | CR0_WP), %eax
    mov %eax, %cr0

    lgdt PHYS(boot_gdt_pointer)
    ljmp $0x08, $PHYS(long_mode_start)

    .code64
long_mode_start:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    movabs $higher_half_start, %rax
    jmp *%rax

    .text
higher_half_start:
    movabs $(boot_stack + SIRIUS_BOOT_STACK_SIZE), %rsp
    xor %ebp, %ebp                   // the end of every backtrace
    mov %esi, %edi                   // kernel_main(start_info physical address)
    call kernel_main
1:  cli
    hlt
    jmp 1b

    // A minimal GDT for the switch; C++ installs the real one (with user
    // segments and the TSS) in arch/x86_64/gdt.cpp.
    .section .rodata
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff         // 0x08: 64-bit code, DPL 0
    .quad 0x00cf92000000ffff         // 0x10: data, DPL 0
boot_gdt_end:
boot_gdt_pointer:
    .word boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)

    // Boot page tables: the first SIRIUS_BOOT_MAPPED_BYTES of physical memory,
    // identity-mapped (for the instructions right after paging turns on), at
    // the kernel base, and in the direct map.
    .data
    .balign 4096
    .global boot_pml4
boot_pml4:
    .quad PHYS(boot_pdpt_low) + PAGE_PRESENT + PAGE_WRITABLE
    .fill 255, 8, 0
    .quad PHYS(boot_pdpt_direct) + PAGE_PRESENT + PAGE_WRITABLE   // 0xffff800000000000
    .fill 254, 8, 0
    .quad PHYS(boot_pdpt_kernel) + PAGE_PRESENT + PAGE_WRITABLE   // 0xffffff8000000000
boot_pdpt_low:
    .quad PHYS(boot_pd) + PAGE_PRESENT + PAGE_WRITABLE
    .fill 511, 8, 0
boot_pdpt_direct:
    .quad PHYS(boot_pd) + PAGE_PRESENT + PAGE_WRITABLE
    .fill 511, 8, 0
boot_pdpt_kernel:
    .fill 510, 8, 0
    .quad PHYS(boot_pd) + PAGE_PRESENT + PAGE_WRITABLE            // 0xffffffff80000000
    .quad 0
boot_pd:
    .set page, 0
    .rept 512
    .quad (page << 21) + PAGE_PRESENT + PAGE_WRITABLE + PAGE_LARGE
    .set page, page + 1
    .endr

    .bss
    .balign 16
    .global boot_stack
boot_stack:
    .skip SIRIUS_BOOT_STACK_SIZE
