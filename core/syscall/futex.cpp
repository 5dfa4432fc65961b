#include "core/syscall/futex.h"

#include <linux/futex.h>
#include <linux/time_types.h>

#include "core/base/user_ptr.h"
#include "core/proc/futex.h"
#include "core/syscall/time.h"

namespace sirius::syscall {

namespace {

// futex_cmd_has_timeout: the operations whose fourth argument is a timeout.
// The requeue and wake-op operations read a second count there instead.
bool takes_timeout(u32 command)
{
    switch (command) {
    case FUTEX_WAIT:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_BITSET:
    case FUTEX_WAIT_REQUEUE_PI:
        return true;
    default:
        return false;
    }
}

// sys_futex and do_futex.
Result<i64> futex(SyscallContext& context, const SyscallArguments& args)
{
    const UserAddress address(args[0]);
    const auto op = static_cast<u32>(args[1]);
    const auto value = static_cast<u32>(args[2]);
    const u64 timeout_address = args[3];
    const UserAddress address2(args[4]);
    const auto value3 = static_cast<u32>(args[5]);
    const u32 command = op & static_cast<u32>(FUTEX_CMD_MASK);
    const proc::FutexScope scope = (op & FUTEX_PRIVATE_FLAG) != 0 ? proc::FutexScope::Private : proc::FutexScope::Shared;
    const bool realtime = (op & FUTEX_CLOCK_REALTIME) != 0;

    // The timeout is read and checked before anything else, even for an
    // operation about to be refused (futex(2) EFAULT, and EINVAL: "The
    // supplied timeout argument was invalid").
    hal::Nanoseconds deadline = 0;
    const hal::Nanoseconds* deadline_or_none = nullptr;
    if (timeout_address != 0 && takes_timeout(command)) {
        const hal::Nanoseconds timeout = TRY(read_user_timespec(context, timeout_address));
        // futex_init_timeout: FUTEX_WAIT's timeout is relative ("measured
        // according to the CLOCK_MONOTONIC clock"), the others absolute.
        proc::FutexTimeout kind = proc::FutexTimeout::AbsoluteMonotonic;
        if (command == FUTEX_WAIT) {
            kind = proc::FutexTimeout::Relative;
        } else if (realtime) {
            kind = proc::FutexTimeout::AbsoluteRealtime;
        }
        deadline = proc::futex_deadline(context.kernel, context.current, timeout, kind);
        deadline_or_none = &deadline;
    }
    // do_futex: FUTEX_CLOCK_REALTIME goes only with FUTEX_WAIT_BITSET,
    // FUTEX_WAIT_REQUEUE_PI and FUTEX_LOCK_PI2; anything else, FUTEX_WAIT
    // included whatever futex(2) says of Linux 4.5, is ENOSYS (as on the
    // host).
    if (realtime && command != FUTEX_WAIT_BITSET && command != FUTEX_WAIT_REQUEUE_PI && command != FUTEX_LOCK_PI2) {
        return errno_error(ENOSYS);
    }
    // The second count of the requeue and wake-op operations: "val2 =
    // (u32)(unsigned long)utime", an int to futex_requeue and futex_wake_op.
    const auto value2 = static_cast<i32>(static_cast<u32>(timeout_address));
    proc::FutexTable& futexes = context.kernel.futexes();
    proc::Thread& current = context.current;
    switch (command) {
    case FUTEX_WAIT:
        TRY(futexes.wait(current, address, scope, value, FUTEX_BITSET_MATCH_ANY, deadline_or_none));
        return 0;
    case FUTEX_WAIT_BITSET:
        TRY(futexes.wait(current, address, scope, value, value3, deadline_or_none));
        return 0;
    case FUTEX_WAKE:
        return TRY(futexes.wake(current, address, scope, static_cast<i32>(value), FUTEX_BITSET_MATCH_ANY));
    case FUTEX_WAKE_BITSET:
        return TRY(futexes.wake(current, address, scope, static_cast<i32>(value), value3));
    case FUTEX_REQUEUE:
        return TRY(futexes.requeue(current, address, address2, scope, static_cast<i32>(value), value2, nullptr));
    case FUTEX_CMP_REQUEUE:
        return TRY(futexes.requeue(current, address, address2, scope, static_cast<i32>(value), value2, &value3));
    case FUTEX_WAKE_OP:
        return TRY(futexes.wake_op(current, address, address2, scope, static_cast<i32>(value), value2, value3));
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
    case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_CMP_REQUEUE_PI:
        // Priority-inheritance futexes are not implemented (Linux without
        // CONFIG_FUTEX_PI answers the same).
    default:
        // futex(2) ENOSYS: "Invalid operation specified in futex_op"
        // (FUTEX_FD is gone since Linux 2.6.26).
        return errno_error(ENOSYS);
    }
}

Result<i64> set_robust_list(SyscallContext& context, const SyscallArguments& args)
{
    // "The kernel knows only one size for now" (set_robust_list(2) EINVAL:
    // "len does not equal sizeof(struct robust_list_head)"). The head is not
    // checked: a bad one only ends the walk at exit at once.
    if (args[1] != sizeof(struct robust_list_head)) {
        return errno_error(EINVAL);
    }
    context.current.robust_list = UserAddress(args[0]);
    return 0;
}

Result<i64> get_robust_list(SyscallContext& context, const SyscallArguments& args)
{
    const auto pid = static_cast<i32>(args[0]);
    proc::Thread* target = &context.current;
    if (pid != 0) {
        // find_task_by_vpid: any thread numbered in the caller's namespace.
        target = context.kernel.find_thread(context.current.active_pid_namespace(), pid);
        if (target == nullptr) {
            return errno_error(ESRCH);
        }
    }
    const UserAddress head = TRY(proc::robust_list_of(context.current, *target));
    // The length is stored first: a bad head_ptr still gets it.
    TRY(UserPtr<u64>(args[2]).write(memory_of(context), sizeof(struct robust_list_head)));
    TRY(UserPtr<u64>(args[1]).write(memory_of(context), head.value()));
    return 0;
}

} // namespace

i64 sys_futex(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(futex(context, args));
}

i64 sys_set_robust_list(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(set_robust_list(context, args));
}

i64 sys_get_robust_list(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(get_robust_list(context, args));
}

} // namespace sirius::syscall
