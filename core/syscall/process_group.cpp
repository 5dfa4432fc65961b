#include "core/syscall/process_group.h"

#include "core/proc/set_process_group.h"

namespace sirius::syscall {

namespace {

// The `pid_t` arguments are ints: the upper half of the register is not
// looked at (the host's Linux: setpgid(0x100000000 + getpid(), 0) works).
PidNr pid_argument(u64 value) { return static_cast<PidNr>(static_cast<u32>(value)); }

// getpgid and getsid: "if (!pid) ... current; else p = find_task_by_vpid(pid);
// if (!p) goto out (ESRCH)". Any thread names its process, zombies too; no
// permission is needed, whatever the session (Linux 6.x has no check but
// the LSM's).
Result<const proc::Process*> process_named(SyscallContext& context, PidNr pid)
{
    if (pid == 0) {
        return &context.current.process();
    }
    const proc::Thread* task = pid > 0 ? context.kernel.find_thread(context.current.active_pid_namespace(), pid) : nullptr;
    if (task == nullptr) {
        return errno_error(ESRCH);
    }
    return &task->process();
}

Result<i64> getpgid(SyscallContext& context, PidNr pid)
{
    const proc::Process* process = TRY(process_named(context, pid));
    // "retval = pid_vnr(grp)": 0 for a group outside the caller's namespace.
    return process->process_group().pid().nr_in(context.current.active_pid_namespace());
}

Result<i64> getsid(SyscallContext& context, PidNr pid)
{
    const proc::Process* process = TRY(process_named(context, pid));
    return process->process_group().session().pid().nr_in(context.current.active_pid_namespace());
}

Result<i64> setpgid(SyscallContext& context, const SyscallArguments& args)
{
    TRY(proc::set_process_group(context.kernel, context.current, pid_argument(args[0]), pid_argument(args[1])));
    return 0;
}

Result<i64> setsid(SyscallContext& context)
{
    return TRY(proc::create_session(context.kernel, context.current));
}

} // namespace

i64 sys_setpgid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(setpgid(context, args));
}

i64 sys_getpgid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getpgid(context, pid_argument(args[0])));
}

i64 sys_getpgrp(SyscallContext& context, const SyscallArguments&)
{
    // "return do_getpgid(0)".
    return to_syscall_return(getpgid(context, 0));
}

i64 sys_setsid(SyscallContext& context, const SyscallArguments&)
{
    return to_syscall_return(setsid(context));
}

i64 sys_getsid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getsid(context, pid_argument(args[0])));
}

} // namespace sirius::syscall
