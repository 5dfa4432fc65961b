#include "core/syscall/kill.h"

#include <asm/siginfo.h>
#include <asm/signal.h>

#include "core/base/user_ptr.h"
#include "core/signal/kill.h"

namespace sirius::syscall {

namespace {

// The kernel's view of a user siginfo: the first 48 bytes (struct
// kernel_siginfo: signo, errno, code and the largest union member the
// kernel uses). The rest of the 128 must be zero unless the layout is one
// the kernel knows (post_copy_siginfo_from_user).
constexpr usize kKernelSiginfoSize = 48;

// Linux known_siginfo_layout.
bool is_known_layout(i32 signal, i32 code)
{
    if (code == SI_KERNEL) {
        return true;
    }
    if (code > SI_USER) {
        // The per-signal code ranges (sig_sicodes), else the SIGPOLL ones.
        struct CodeRange {
            i32 signal;
            i32 limit;
        };
        constexpr CodeRange kRanges[] = {
            { SIGILL, NSIGILL }, { SIGFPE, NSIGFPE }, { SIGSEGV, NSIGSEGV }, { SIGBUS, NSIGBUS },
            { SIGTRAP, NSIGTRAP }, { SIGCHLD, NSIGCHLD }, { SIGSYS, NSIGSYS },
        };
        i32 limit = NSIGPOLL;
        for (const CodeRange& range : kRanges) {
            if (range.signal == signal) {
                limit = range.limit;
            }
        }
        return code <= limit;
    }
    return code >= SI_DETHREAD || code == SI_ASYNCNL;
}

// copy_siginfo_from_user. Errors: EFAULT, E2BIG (an unknown layout with
// non-zero bytes past what the kernel reads).
Result<signal::SignalInfo> read_user_info(SyscallContext& context, u64 address)
{
    signal::SignalInfo info;
    TRY(context.current.memory->address_space().copy_from_user(&info, UserAddress(address), sizeof(info)));
    if (!is_known_layout(info.signo, info.code)) {
        const u8* bytes = reinterpret_cast<const u8*>(&info);
        for (usize i = kKernelSiginfoSize; i < sizeof(info); ++i) {
            if (bytes[i] != 0) {
                return errno_error(E2BIG);
            }
        }
    }
    // Only the first 48 bytes are the kernel's; the signal is the
    // syscall's argument, whatever si_signo said.
    for (usize i = kKernelSiginfoSize - 16; i < sizeof(info.fields); ++i) {
        info.fields[i] = 0;
    }
    return info;
}

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
    signal::SignalInfo info = TRY(read_user_info(context, args[2]));
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
    signal::SignalInfo info = TRY(read_user_info(context, args[3]));
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
