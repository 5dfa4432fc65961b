#include "core/syscall/kill.h"

#include <asm/siginfo.h>
#include <asm/signal.h>

#include "core/base/user_ptr.h"
#include "core/signal/kill.h"
#include "core/syscall/user_siginfo.h"

namespace sirius::syscall {

namespace {

i32 as_pid(u64 value)
{
    return static_cast<i32>(value);
}

int as_signal(u64 value)
{
    return static_cast<int>(value);
}

Result<i64> kill(SyscallContext& context, const SyscallArguments& args)
{
    const int signal_number = as_signal(args[1]);
    TRY(signal::kill_pid(context.kernel, context.current, as_pid(args[0]), signal::sender_info(context.current, signal_number, signal::kSiUser)));
    return 0;
}

// do_tkill: tgid <= 0 means any thread group (tkill).
Result<i64> tkill(SyscallContext& context, i32 tgid, i32 tid, int signal_number)
{
    TRY(signal::kill_thread(context.kernel, context.current, tgid, tid, signal::sender_info(context.current, signal_number, signal::kSiTkill)));
    return 0;
}

Result<i64> rt_sigqueueinfo(SyscallContext& context, const SyscallArguments& args)
{
    const i32 pid = as_pid(args[0]);
    const int signal_number = as_signal(args[1]);
    signal::SignalInfo info = TRY(read_user_siginfo(context, args[2]));
    info.signo = signal_number;
    TRY(signal::check_forged_info(context.current, pid, info));
    // "POSIX.1b doesn't mention process groups": only pid > 0 names a
    // target (kill_proc_info); any other number finds nothing.
    if (pid <= 0) {
        return errno_error(ESRCH);
    }
    TRY(signal::kill_pid(context.kernel, context.current, pid, info));
    return 0;
}

Result<i64> rt_tgsigqueueinfo(SyscallContext& context, const SyscallArguments& args)
{
    const i32 tgid = as_pid(args[0]);
    const i32 tid = as_pid(args[1]);
    const int signal_number = as_signal(args[2]);
    signal::SignalInfo info = TRY(read_user_siginfo(context, args[3]));
    info.signo = signal_number;
    // "This is only valid for single tasks."
    if (tid <= 0 || tgid <= 0) {
        return errno_error(EINVAL);
    }
    TRY(signal::check_forged_info(context.current, tid, info));
    TRY(signal::kill_thread(context.kernel, context.current, tgid, tid, info));
    return 0;
}

} // namespace

i64 sys_kill(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(kill(context, args));
}

i64 sys_tkill(SyscallContext& context, const SyscallArguments& args)
{
    const i32 tid = as_pid(args[0]);
    // tkill(2): "EINVAL An invalid thread ID ... was specified."
    if (tid <= 0) {
        return -static_cast<i64>(EINVAL);
    }
    return to_syscall_return(tkill(context, 0, tid, as_signal(args[1])));
}

i64 sys_tgkill(SyscallContext& context, const SyscallArguments& args)
{
    const i32 tgid = as_pid(args[0]);
    const i32 tid = as_pid(args[1]);
    if (tid <= 0 || tgid <= 0) {
        return -static_cast<i64>(EINVAL);
    }
    return to_syscall_return(tkill(context, tgid, tid, as_signal(args[2])));
}

i64 sys_rt_sigqueueinfo(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(rt_sigqueueinfo(context, args));
}

i64 sys_rt_tgsigqueueinfo(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(rt_tgsigqueueinfo(context, args));
}

} // namespace sirius::syscall
