#include "core/proc/resource_limits.h"

#include <linux/resource.h>

namespace sirius::proc {

static_assert(kResourceLimitCount == RLIM_NLIMITS);
static_assert(kUnlimited == RLIM64_INFINITY);

ResourceLimits ResourceLimits::initial()
{
    // include/asm-generic/resource.h INIT_RLIMITS.
    ResourceLimits limits;
    limits.get(RLIMIT_STACK) = { u64 { 8 } * 1024 * 1024, kUnlimited }; // _STK_LIM
    limits.get(RLIMIT_CORE) = { 0, kUnlimited };
    limits.get(RLIMIT_NOFILE) = { 1024, 4096 };        // INR_OPEN_CUR, INR_OPEN_MAX
    limits.get(RLIMIT_MEMLOCK) = { u64 { 8 } * 1024 * 1024, u64 { 8 } * 1024 * 1024 }; // MLOCK_LIMIT
    limits.get(RLIMIT_MSGQUEUE) = { 819200, 819200 };  // MQ_BYTES_MAX
    limits.get(RLIMIT_NICE) = { 0, 0 };
    limits.get(RLIMIT_RTPRIO) = { 0, 0 };
    // RLIMIT_NPROC and RLIMIT_SIGPENDING are set from the memory size at boot
    // (fork_init: max_threads / 2); the kernel object fills them in.
    return limits;
}

} // namespace sirius::proc
