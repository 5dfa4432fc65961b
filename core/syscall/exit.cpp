#include "core/syscall/exit.h"

#include "core/proc/exit.h"
#include "core/proc/kernel.h"

namespace sirius::syscall {

namespace {

// "The value status & 0xFF is returned to the parent" (exit(3)), as the
// second byte of the wait status.
int wait_status_of(u64 status)
{
    return static_cast<int>((status & 0xff) << 8);
}

} // namespace

// The thread is gone when these return: run_syscall does not go back to
// user space, so the return value is never seen.
i64 sys_exit(SyscallContext& context, const SyscallArguments& args)
{
    context.kernel.exit_thread(context.current, wait_status_of(args[0]));
    return 0;
}

i64 sys_exit_group(SyscallContext& context, const SyscallArguments& args)
{
    proc::exit_thread_group(context.kernel, context.current, wait_status_of(args[0]));
    return 0;
}

} // namespace sirius::syscall
