#include "core/mm/caller_limits.h"

#include <linux/capability.h>
#include <linux/personality.h>
#include <linux/resource.h>

#include "core/proc/kernel.h"

namespace sirius::mm {

static_assert(CallerLimits::kUnlimited == RLIM64_INFINITY);

CallerLimits CallerLimits::of(const proc::Kernel& kernel, const proc::Thread& thread)
{
    const proc::ResourceLimits& limits = thread.process().limits();
    CallerLimits caller;
    caller.address_space = limits.get(RLIMIT_AS).soft;
    caller.data = limits.get(RLIMIT_DATA).soft;
    caller.data_max = limits.get(RLIMIT_DATA).hard;
    caller.stack = limits.get(RLIMIT_STACK).soft;
    // cap_mmap_addr: "ret = cap_capable(current_cred(), &init_user_ns,
    // CAP_SYS_RAWIO, CAP_OPT_NONE);"
    caller.may_map_below_minimum = proc::has_capability_in(*thread.credentials, *kernel.initial_user_namespace(), CAP_SYS_RAWIO);
    caller.read_implies_exec = (thread.personality & READ_IMPLIES_EXEC) != 0;
    return caller;
}

} // namespace sirius::mm
