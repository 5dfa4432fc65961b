#include "core/syscall/signal.h"

#include <asm/signal.h>
#include <linux/time.h>

#include "core/base/user_ptr.h"
#include "core/signal/delivery.h"
#include "core/signal/signal_syscalls.h"
#include "core/signal/signal_wait.h"
#include "core/syscall/time.h"

namespace sirius::syscall {

namespace {

// The x86_64 rt_sigaction ABI struct, as the UAPI header has it.
using UserSigaction = struct sigaction;
static_assert(sizeof(UserSigaction) == 32);
static_assert(__builtin_offsetof(UserSigaction, sa_handler) == 0);
static_assert(__builtin_offsetof(UserSigaction, sa_flags) == 8);
static_assert(__builtin_offsetof(UserSigaction, sa_restorer) == 16);
static_assert(__builtin_offsetof(UserSigaction, sa_mask) == 24);
static_assert(sizeof(sigset_t) == sizeof(u64));

signal::SignalAction from_user(const UserSigaction& user)
{
    signal::SignalAction action;
    action.handler = reinterpret_cast<u64>(user.sa_handler);
    action.flags = user.sa_flags;
    action.restorer = reinterpret_cast<u64>(user.sa_restorer);
    action.mask = signal::SignalSet(user.sa_mask);
    return action;
}

UserSigaction to_user(const signal::SignalAction& action)
{
    UserSigaction user {};
    user.sa_handler = reinterpret_cast<__sighandler_t>(action.handler);
    user.sa_flags = action.flags;
    user.sa_restorer = reinterpret_cast<__sigrestore_t>(action.restorer);
    user.sa_mask = action.mask.bits();
    return user;
}

Result<i64> rt_sigaction(SyscallContext& context, const SyscallArguments& args)
{
    const int signal_number = static_cast<int>(args[0]);
    const UserPtr<UserSigaction> new_pointer(args[1]);
    const UserPtr<UserSigaction> old_pointer(args[2]);
    // "XXX: Don't preclude handling different sized sigset_t's": only 8 is accepted.
    if (args[3] != sizeof(sigset_t)) {
        return errno_error(EINVAL);
    }
    signal::SignalAction new_action;
    if (!new_pointer.is_null()) {
        new_action = from_user(TRY(new_pointer.read(memory_of(context))));
    }
    signal::SignalAction old_action;
    TRY(signal::change_action(context.kernel, context.current, signal_number, new_pointer.is_null() ? nullptr : &new_action,
        old_pointer.is_null() ? nullptr : &old_action));
    // The new action is in place even if the old one cannot be stored (as in Linux).
    if (!old_pointer.is_null()) {
        TRY(old_pointer.write(memory_of(context), to_user(old_action)));
    }
    return 0;
}

Result<i64> rt_sigprocmask(SyscallContext& context, const SyscallArguments& args)
{
    const int how = static_cast<int>(args[0]);
    const UserPtr<u64> new_pointer(args[1]);
    const UserPtr<u64> old_pointer(args[2]);
    if (args[3] != sizeof(sigset_t)) {
        return errno_error(EINVAL);
    }
    const signal::SignalSet old_set = context.current.blocked;
    if (!new_pointer.is_null()) {
        // The set is read before `how` is looked at: EFAULT wins over EINVAL.
        const u64 bits = TRY(new_pointer.read(memory_of(context)));
        TRY(signal::change_blocked(context.current, how, signal::SignalSet(bits)));
    }
    if (!old_pointer.is_null()) {
        TRY(old_pointer.write(memory_of(context), old_set.bits()));
    }
    return 0;
}

Result<i64> rt_sigpending(SyscallContext& context, const SyscallArguments& args)
{
    const UserAddress destination(args[0]);
    const u64 size = args[1];
    // rt_sigpending takes a size up to sizeof(sigset_t) and copies that many bytes.
    if (size > sizeof(sigset_t)) {
        return errno_error(EINVAL);
    }
    const u64 bits = signal::pending_and_blocked(context.current).bits();
    TRY(memory_of(context).copy_to_user(destination, &bits, size));
    return 0;
}

Result<i64> rt_sigsuspend(SyscallContext& context, const SyscallArguments& args)
{
    if (args[1] != sizeof(sigset_t)) {
        return errno_error(EINVAL);
    }
    const u64 mask = TRY(UserPtr<u64>(args[0]).read(memory_of(context)));
    signal::suspend_until_signal(context.kernel, context.current, signal::SignalSet(mask));
    // "Always returns -1": EINTR once a handler has run; restarted (with
    // the mask read again) when the signal only stopped the thread.
    return errno_error(ERESTARTNOHAND);
}

Result<i64> rt_sigtimedwait(SyscallContext& context, const SyscallArguments& args)
{
    if (args[3] != sizeof(sigset_t)) {
        return errno_error(EINVAL);
    }
    const u64 wanted = TRY(UserPtr<u64>(args[0]).read(memory_of(context)));
    hal::Nanoseconds timeout = 0;
    const bool has_timeout = args[2] != 0;
    if (has_timeout) {
        timeout = TRY(read_user_timespec(context, args[2]));
    }
    const signal::SignalInfo info = TRY(signal::wait_for_signal(context.kernel, context.current, signal::SignalSet(wanted), has_timeout ? &timeout : nullptr));
    // The signal is taken even if the siginfo cannot be stored (Linux too).
    if (args[1] != 0) {
        TRY(UserPtr<signal::SignalInfo>(args[1]).write(memory_of(context), info));
    }
    return info.signo;
}

} // namespace

i64 sys_rt_sigsuspend(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(rt_sigsuspend(context, args));
}

i64 sys_rt_sigtimedwait(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(rt_sigtimedwait(context, args));
}

i64 sys_rt_sigreturn(SyscallContext& context, const SyscallArguments&)
{
    return signal::return_from_handler(context.kernel, context.current);
}

i64 sys_rt_sigaction(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(rt_sigaction(context, args));
}

i64 sys_rt_sigprocmask(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(rt_sigprocmask(context, args));
}

i64 sys_rt_sigpending(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(rt_sigpending(context, args));
}

} // namespace sirius::syscall
