#include "core/syscall/resource_limits.h"

#include "core/base/user_ptr.h"
#include "core/proc/change_limit.h"
#include "core/proc/kernel.h"

namespace sirius::syscall {

namespace {

// struct rlimit and struct rlimit64 are both two u64 on x86_64, and
// RLIM_INFINITY is RLIM64_INFINITY there.
struct UserLimit {
    u64 soft;
    u64 hard;
};
static_assert(sizeof(UserLimit) == 16);

int as_resource(u64 value)
{
    // An unsigned int in Linux: anything past RLIM_NLIMITS is EINVAL.
    return value >= static_cast<u64>(proc::kResourceLimitCount) ? proc::kResourceLimitCount : static_cast<int>(value);
}

Result<i64> getrlimit(SyscallContext& context, const SyscallArguments& args)
{
    proc::ResourceLimit old;
    TRY(proc::change_limit(context.current.process(), *context.current.credentials, as_resource(static_cast<u32>(args[0])), nullptr, &old));
    TRY(UserPtr<UserLimit>(args[1]).write(memory_of(context), UserLimit { old.soft, old.hard }));
    return 0;
}

Result<i64> setrlimit(SyscallContext& context, const SyscallArguments& args)
{
    const UserLimit requested = TRY(UserPtr<UserLimit>(args[1]).read(memory_of(context)));
    const proc::ResourceLimit limit { requested.soft, requested.hard };
    TRY(proc::change_limit(context.current.process(), *context.current.credentials, as_resource(static_cast<u32>(args[0])), &limit, nullptr));
    return 0;
}

Result<i64> prlimit64(SyscallContext& context, const SyscallArguments& args)
{
    const i32 pid = static_cast<i32>(args[0]);
    const u64 new_address = args[2];
    const u64 old_address = args[3];
    proc::ResourceLimit requested;
    if (new_address != 0) {
        const UserLimit user = TRY(UserPtr<UserLimit>(new_address).read(memory_of(context)));
        requested = { user.soft, user.hard };
    }
    proc::Thread* target = &context.current;
    if (pid != 0) {
        target = context.kernel.find_thread(context.current.active_pid_namespace(), static_cast<PidNr>(pid));
        if (pid < 0 || target == nullptr) {
            return errno_error(ESRCH);
        }
    }
    if (target != &context.current && !proc::may_change_limits_of(*context.current.credentials, *target->credentials)) {
        return errno_error(EPERM);
    }
    proc::ResourceLimit old;
    TRY(proc::change_limit(target->process(), *context.current.credentials, as_resource(static_cast<u32>(args[1])), new_address != 0 ? &requested : nullptr,
        old_address != 0 ? &old : nullptr));
    if (old_address != 0) {
        TRY(UserPtr<UserLimit>(old_address).write(memory_of(context), UserLimit { old.soft, old.hard }));
    }
    return 0;
}

} // namespace

i64 sys_getrlimit(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getrlimit(context, args));
}

i64 sys_setrlimit(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(setrlimit(context, args));
}

i64 sys_prlimit64(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(prlimit64(context, args));
}

} // namespace sirius::syscall
