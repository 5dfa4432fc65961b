#pragma once

// Where the kernel lives, in physical and virtual memory. Shared by the boot
// assembly (which includes this file too: plain #defines only) and C++.
//
//   0xffffffff80000000 + phys   the kernel image (-mcmodel=kernel: top 2 GiB),
//                               loaded at physical SIRIUS_KERNEL_PHYSICAL
//   0xffff800000000000 + phys   the direct map of all physical memory
//   0x0000000000000000 ...      user space, below 0x00007ffffffff000
//
// The kernel loads at 2 MiB so that it sits in one large page of the boot
// map and clear of the low memory where firmware and QEMU's PVH option ROM
// put their tables (start_info, the memory map, the command line).

#define SIRIUS_KERNEL_VIRTUAL_BASE 0xffffffff80000000
#define SIRIUS_KERNEL_PHYSICAL 0x200000
#define SIRIUS_DIRECT_MAP_BASE 0xffff800000000000
// The boot page tables map this much physical memory, in 2 MiB pages, both
// at the kernel base and in the direct map: enough to hold the kernel and
// the tables C++ builds before it switches to the full map.
#define SIRIUS_BOOT_MAPPED_BYTES 0x40000000
#define SIRIUS_BOOT_STACK_SIZE 0x8000
