#include "core/syscall/set_tid_address.h"

namespace sirius::syscall {

i64 sys_set_tid_address(SyscallContext& context, const SyscallArguments& args)
{
    // kernel/fork.c: "current->clear_child_tid = tidptr; return
    // task_pid_vnr(current);". The pointer is not checked: "always
    // succeeds" (set_tid_address(2)), and a bad one only makes the clear at
    // exit do nothing (Kernel::exit_thread). NULL turns the clear off.
    context.current.clear_child_tid = UserAddress(args[0]);
    return context.current.pid().nr_in(context.current.active_pid_namespace());
}

} // namespace sirius::syscall
