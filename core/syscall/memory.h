#pragma once

// mmap(2), munmap(2), mprotect(2), brk(2), madvise(2) and mremap(2): the
// argument decoding of Linux's SYSCALL_DEFINEs (x86 sys_mmap,
// ksys_mmap_pgoff...) around core/mm/memory_descriptor, which has the
// rules.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_mmap(SyscallContext&, const SyscallArguments&);
i64 sys_munmap(SyscallContext&, const SyscallArguments&);
i64 sys_mprotect(SyscallContext&, const SyscallArguments&);
i64 sys_brk(SyscallContext&, const SyscallArguments&);
i64 sys_madvise(SyscallContext&, const SyscallArguments&);
i64 sys_mremap(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
