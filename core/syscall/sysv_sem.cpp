#include "core/syscall/sysv_sem.h"

#include <linux/time_types.h>

#include "core/base/user_ptr.h"
#include "core/ipc/sem.h"
#include "core/syscall/time.h"

namespace sirius::syscall {

namespace {

Result<i64> semtimedop(SyscallContext& context, int id, u64 operations_address, u64 count, u64 timeout_address)
{
    hal::AddressSpace& memory = memory_of(context);
    // ksys_semtimedop reads the timeout first (EFAULT); it is checked for
    // EINVAL only after the operations are read.
    __kernel_timespec timeout {};
    if (timeout_address != 0) {
        timeout = TRY(UserPtr<__kernel_timespec>(UserAddress(timeout_address)).read(memory));
    }
    // do_semtimedop: semop(2) EINVAL "nsops ... less than 1" or a bad
    // semid, E2BIG "nsops is greater than SEMOPM".
    const auto nsops = static_cast<u32>(count);
    if (nsops < 1 || id < 0) {
        return errno_error(EINVAL);
    }
    if (nsops > ipc::kSemOpm) {
        return errno_error(E2BIG);
    }
    Vector<sembuf> operations;
    TRY(operations.try_reserve(nsops));
    for (u32 i = 0; i < nsops; ++i) {
        TRY(operations.try_append(sembuf {}));
    }
    TRY(UserPtr<sembuf>(UserAddress(operations_address)).read_array(memory, operations.begin(), nsops));
    hal::Nanoseconds deadline = 0;
    const hal::Nanoseconds* deadline_or_none = nullptr;
    if (timeout_address != 0) {
        if (timeout.tv_sec < 0 || timeout.tv_nsec < 0 || timeout.tv_nsec >= static_cast<i64>(kNanosecondsPerSecond)) {
            return errno_error(EINVAL);
        }
        // The timeout is relative, on the monotonic clock (schedule_hrtimeout_range).
        hal::Nanoseconds relative = kTimeMax;
        if (timeout.tv_sec < kTimeMax / static_cast<i64>(kNanosecondsPerSecond)) {
            relative = timeout.tv_sec * static_cast<i64>(kNanosecondsPerSecond) + timeout.tv_nsec;
        }
        deadline = saturating_add(context.kernel.clock().monotonic_now(), relative);
        deadline_or_none = &deadline;
    }
    TRY(ipc::semaphore_operate(context.kernel, context.current, id, operations, deadline_or_none));
    return 0;
}

Result<i64> semctl(SyscallContext& context, int id, int index, int cmd, u64 argument)
{
    // ksys_semctl: "if (semid < 0) return -EINVAL;" (no IPC_64 on x86_64).
    if (id < 0) {
        return errno_error(EINVAL);
    }
    hal::AddressSpace& memory = memory_of(context);
    const UserAddress buffer(argument);
    switch (cmd) {
    case IPC_INFO:
    case SEM_INFO: {
        seminfo info {};
        const int max_index = ipc::semaphore_info(context.current, cmd, info);
        TRY(UserPtr<seminfo>(buffer).write(memory, info));
        return max_index;
    }
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: {
        semid64_ds stat {};
        const int result = TRY(ipc::semaphore_stat(context.current, id, cmd, stat));
        TRY(UserPtr<semid64_ds>(buffer).write(memory, stat));
        return result;
    }
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
        return TRY(ipc::semaphore_query(context.current, id, index, cmd));
    case GETALL: {
        const Vector<u16> values = TRY(ipc::semaphore_values(context.current, id));
        TRY(memory.copy_to_user(buffer, values.begin(), values.size() * sizeof(u16)));
        return 0;
    }
    case SETALL: {
        const usize count = TRY(ipc::semaphore_count(context.current, id, true));
        Vector<u16> values;
        TRY(values.try_reserve(count));
        for (usize i = 0; i < count; ++i) {
            TRY(values.try_append(u16 { 0 }));
        }
        TRY(UserPtr<u16>(buffer).read_array(memory, values.begin(), count));
        TRY(ipc::semaphore_set_values(context.kernel, context.current, id, values));
        return 0;
    }
    case SETVAL:
        // "32bit or little-endian 64bit: val = arg".
        TRY(ipc::semaphore_set_value(context.kernel, context.current, id, index, static_cast<int>(argument)));
        return 0;
    case IPC_SET: {
        const semid64_ds in = TRY(UserPtr<semid64_ds>(buffer).read(memory));
        TRY(ipc::semaphore_set(context.kernel, context.current, id, in));
        return 0;
    }
    case IPC_RMID:
        TRY(ipc::semaphore_remove(context.kernel, context.current, id));
        return 0;
    default:
        return errno_error(EINVAL);
    }
}

} // namespace

i64 sys_semget(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(ipc::semaphore_get(context.kernel, context.current, static_cast<__kernel_key_t>(args[0]), static_cast<int>(args[1]), static_cast<int>(args[2])));
}

i64 sys_semop(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(semtimedop(context, static_cast<int>(args[0]), args[1], args[2], 0));
}

i64 sys_semtimedop(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(semtimedop(context, static_cast<int>(args[0]), args[1], args[2], args[3]));
}

i64 sys_semctl(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(semctl(context, static_cast<int>(args[0]), static_cast<int>(args[1]), static_cast<int>(args[2]), args[3]));
}

} // namespace sirius::syscall
