#pragma once

// times(2) and getrusage(2) (Linux kernel/sys.c do_sys_times, getrusage):
// the CPU time of the caller's process, of one of its threads, and of the
// children it has waited for, as the tick has charged it
// (core/time/cpu_time.h). Of struct rusage only ru_utime and ru_stime are
// kept: Sirius counts no maximum resident set, faults, I/O, messages,
// signals or context switches, so those fields are 0.
#include "core/syscall/syscall_context.h"
#include "core/time/cpu_time.h"

namespace sirius::syscall {

i64 sys_times(SyscallContext&, const SyscallArguments&);
i64 sys_getrusage(SyscallContext&, const SyscallArguments&);

// Writes a struct rusage with `times` as ru_utime and ru_stime and every
// other field 0 (wait4(2) and waitid(2) use it too). Errors: EFAULT.
Result<void> write_user_rusage(SyscallContext& context, u64 address, const time::CpuTimes& times);

} // namespace sirius::syscall
