#include "core/syscall/syscall_entry.h"

#include <asm/unistd_64.h>

#include "core/syscall/syscall_table.h"

namespace sirius::syscall {

signal::ReturnToUser run_syscall(SyscallContext& context, u64 number, const SyscallArguments& args)
{
    // Held so that a syscall that ends the thread (exit, exit_group) does
    // not free it under us.
    const RefPtr<proc::Thread> keep(&context.current);
    const i64 result = dispatch_syscall(context, number, args);
    if (!context.current.context) {
        return signal::ReturnToUser::Exited;
    }
    context.current.context->set_return_value(static_cast<u64>(result));
    // rt_sigreturn restored the registers of the interrupted code: its
    // return value is not a syscall's to restart (restore_sigcontext sets
    // orig_ax to -1, "disable syscall checks").
    if (number == __NR_rt_sigreturn) {
        return signal::handle_signals(context.kernel, context.current, nullptr);
    }
    return signal::handle_signals(context.kernel, context.current, &result);
}

} // namespace sirius::syscall
