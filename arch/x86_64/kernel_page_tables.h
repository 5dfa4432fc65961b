#pragma once

// The kernel half of every address space: the direct map of all RAM and the
// kernel image with per-section permissions (text read-only and executable,
// rodata read-only, data and bss writable, neither executable). Built once;
// each user address space shares these top-level entries.
#include "core/base/result.h"

namespace sirius::x86_64 {

// Builds the tables for RAM up to `memory_end` and switches to them (the
// boot identity map is gone afterwards). Errors: ENOMEM.
Result<void> install_kernel_page_tables(u64 memory_end);

// The kernel's PML4 (physical), whose upper half user tables copy.
u64 kernel_page_table_root();

// Turns on the protections the CPU has: SMEP (the kernel never executes
// user pages) and SMAP (the kernel touches user pages only inside user
// copies, between stac and clac). Returns which are on, for the log.
struct CpuProtections {
    bool smep { false };
    bool smap { false };
};
CpuProtections enable_cpu_protections();

} // namespace sirius::x86_64
