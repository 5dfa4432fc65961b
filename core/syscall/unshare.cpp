#include "core/syscall/unshare.h"

#include "core/proc/unshare.h"

namespace sirius::syscall {

i64 sys_unshare(SyscallContext& context, const SyscallArguments& args)
{
    auto result = proc::unshare(context.kernel, context.current, args[0]);
    return result.is_error() ? -static_cast<i64>(result.error().code()) : 0;
}

} // namespace sirius::syscall
