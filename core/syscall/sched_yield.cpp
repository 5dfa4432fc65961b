#include "core/syscall/sched_yield.h"

namespace sirius::syscall {

i64 sys_sched_yield(SyscallContext& context, const SyscallArguments&)
{
    // do_sched_yield, then "return 0": sched_yield(2) "On success ... returns
    // 0"; Linux has no failing path.
    context.kernel.scheduler().yield();
    return 0;
}

} // namespace sirius::syscall
