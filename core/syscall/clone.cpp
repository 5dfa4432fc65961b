#include "core/syscall/clone.h"

#include "core/proc/clone.h"
#include "core/proc/clone_args.h"

namespace sirius::syscall {

namespace {

i64 run_clone(SyscallContext& context, const Result<proc::CloneRequest>& request)
{
    if (request.is_error()) {
        return -static_cast<i64>(request.error().code());
    }
    auto result = proc::kernel_clone(context.kernel, context.current, request.value());
    if (result.is_error()) {
        return -static_cast<i64>(result.error().code());
    }
    return result.value().pid;
}

} // namespace

i64 sys_clone(SyscallContext& context, const SyscallArguments& args)
{
    // x86_64 order: flags, newsp, parent_tidptr, child_tidptr, tls.
    return run_clone(context, proc::clone_request_from_clone(args[0], args[1], args[2], args[3], args[4]));
}

i64 sys_clone3(SyscallContext& context, const SyscallArguments& args)
{
    hal::AddressSpace& memory = memory_of(context);
    return run_clone(context, proc::clone_request_from_clone3(memory, UserAddress(args[0]), args[1], context.kernel.mmu()));
}

i64 sys_fork(SyscallContext& context, const SyscallArguments&)
{
    return run_clone(context, proc::clone_request_for_fork());
}

i64 sys_vfork(SyscallContext& context, const SyscallArguments&)
{
    return run_clone(context, proc::clone_request_for_vfork());
}

} // namespace sirius::syscall
