#include "core/syscall/sysv_shm.h"

#include "core/base/user_ptr.h"
#include "core/ipc/shm.h"

namespace sirius::syscall {

namespace {

Result<i64> shmctl(SyscallContext& context, int id, int cmd, u64 buffer)
{
    // ksys_shmctl; x86_64 takes no IPC_64 bit in cmd (no ipc_parse_version).
    if (cmd < 0 || id < 0) {
        return errno_error(EINVAL);
    }
    hal::AddressSpace& memory = memory_of(context);
    switch (cmd) {
    case IPC_INFO: {
        shminfo64 info {};
        const int max_index = ipc::shared_memory_limits(context.current, info);
        TRY(UserPtr<shminfo64>(UserAddress(buffer)).write(memory, info));
        return max_index;
    }
    case SHM_INFO: {
        shm_info info {};
        const int max_index = ipc::shared_memory_usage(context.current, info);
        TRY(UserPtr<shm_info>(UserAddress(buffer)).write(memory, info));
        return max_index;
    }
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY: {
        shmid64_ds stat {};
        const int result = TRY(ipc::shared_memory_stat(context.current, id, cmd, stat));
        TRY(UserPtr<shmid64_ds>(UserAddress(buffer)).write(memory, stat));
        return result;
    }
    case IPC_SET: {
        const shmid64_ds in = TRY(UserPtr<shmid64_ds>(UserAddress(buffer)).read(memory));
        TRY(ipc::shared_memory_set(context.kernel, context.current, id, in));
        return 0;
    }
    case IPC_RMID:
        TRY(ipc::shared_memory_remove(context.current, id));
        return 0;
    case SHM_LOCK:
    case SHM_UNLOCK:
        TRY(ipc::shared_memory_lock(context.current, id, cmd));
        return 0;
    default:
        return errno_error(EINVAL);
    }
}

} // namespace

i64 sys_shmget(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(ipc::shared_memory_get(context.kernel, context.current, static_cast<__kernel_key_t>(args[0]), args[1], static_cast<int>(args[2])));
}

i64 sys_shmat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(ipc::shared_memory_attach(context.kernel, context.current, static_cast<int>(args[0]), args[1], static_cast<int>(args[2])));
}

i64 sys_shmdt(SyscallContext& context, const SyscallArguments& args)
{
    auto detached = ipc::shared_memory_detach(context.current, args[0]);
    return detached.is_error() ? -static_cast<i64>(detached.error().code()) : 0;
}

i64 sys_shmctl(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(shmctl(context, static_cast<int>(args[0]), static_cast<int>(args[1]), args[2]));
}

} // namespace sirius::syscall
