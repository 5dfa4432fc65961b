#include "core/syscall/process_ids.h"

namespace sirius::syscall {

i64 sys_getpid(SyscallContext& context, const SyscallArguments&)
{
    return context.current.process().pid().nr_in(context.current.active_pid_namespace());
}

i64 sys_gettid(SyscallContext& context, const SyscallArguments&)
{
    return context.current.pid().nr_in(context.current.active_pid_namespace());
}

i64 sys_getppid(SyscallContext& context, const SyscallArguments&)
{
    // The parent's thread-group id, 0 when the parent is outside the
    // caller's pid namespace (pid_namespaces(7)) or there is none.
    const proc::Process* parent = context.current.process().parent();
    if (parent == nullptr) {
        return 0;
    }
    return parent->pid().nr_in(context.current.active_pid_namespace());
}

} // namespace sirius::syscall
