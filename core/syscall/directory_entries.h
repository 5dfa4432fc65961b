#pragma once

// getdents64(2) (Linux fs/readdir.c with dcache_readdir): "." and "..",
// then the directory's names in the order they came, each at a stable
// offset, so a listing resumes where it stopped even when names come and
// go in between.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

i64 sys_getdents64(SyscallContext&, const SyscallArguments&);

} // namespace sirius::syscall
