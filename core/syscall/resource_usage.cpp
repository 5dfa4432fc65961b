#include "core/syscall/resource_usage.h"

#include <linux/resource.h>
#include <linux/time_types.h>
#include <linux/times.h>

#include "core/base/user_ptr.h"
#include "core/time/ktime.h"

namespace sirius::syscall {

namespace {

using UserTms = struct tms;
static_assert(sizeof(UserTms) == 32);
using UserRusage = struct rusage;
static_assert(sizeof(UserRusage) == 144);
static_assert(__builtin_offsetof(UserRusage, ru_stime) == 16);

// ns_to_kernel_old_timeval.
struct __kernel_old_timeval to_timeval(u64 nanoseconds)
{
    const auto seconds = static_cast<i64>(nanoseconds / time::kNanosecondsPerSecond);
    const auto microseconds = static_cast<i64>((nanoseconds % time::kNanosecondsPerSecond) / time::kNanosecondsPerMicrosecond);
    return { seconds, microseconds };
}

// get_jiffies_64 as jiffies_64_to_clock_t gives it: ticks since boot plus
// INITIAL_JIFFIES ("(unsigned int) (-300*HZ)", which makes jiffies wrap 5
// minutes after boot on 32 bits), in USER_HZ units. times(2): "the
// 'arbitrary point in the past' ... is (2^32/HZ) - 300 seconds before
// system boot time". Not seen through a time namespace.
i64 clock_ticks_since_epoch(const hal::Clock& clock)
{
    const auto tick = static_cast<u64>(clock.tick_period());
    const u64 hz = time::kNanosecondsPerSecond / tick;
    const u64 initial_jiffies = static_cast<u32>(-300 * static_cast<i64>(hz));
    const u64 jiffies = initial_jiffies + static_cast<u64>(clock.monotonic_now()) / tick;
    // "x = div_u64(x * TICK_NSEC, (NSEC_PER_SEC / USER_HZ))"
    return static_cast<i64>(jiffies * tick / (time::kNanosecondsPerSecond / time::kUserHz));
}

Result<i64> times(SyscallContext& context, const SyscallArguments& args)
{
    // do_sys_times: the whole group's times and those of the children
    // waited for; tbuf may be NULL.
    if (args[0] != 0) {
        const proc::Process& process = context.current.process();
        const time::CpuTimes own = time::process_times(process);
        const time::CpuTimes& children = process.children_times();
        const UserTms out { time::to_clock_ticks(own.user), time::to_clock_ticks(own.system), time::to_clock_ticks(children.user),
            time::to_clock_ticks(children.system) };
        TRY(UserPtr<UserTms>(args[0]).write(memory_of(context), out));
    }
    return clock_ticks_since_epoch(context.kernel.clock());
}

Result<i64> getrusage(SyscallContext& context, const SyscallArguments& args)
{
    // "if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who !=
    // RUSAGE_THREAD) return -EINVAL;" - RUSAGE_BOTH is the kernel's own.
    time::CpuTimes times;
    switch (static_cast<i32>(args[0])) {
    case RUSAGE_SELF:
        times = time::process_times(context.current.process());
        break;
    case RUSAGE_CHILDREN:
        times = context.current.process().children_times();
        break;
    case RUSAGE_THREAD:
        times = context.current.cpu_time.sample();
        break;
    default:
        return errno_error(EINVAL);
    }
    TRY(write_user_rusage(context, args[1], times));
    return 0;
}

} // namespace

Result<void> write_user_rusage(SyscallContext& context, u64 address, const time::CpuTimes& times)
{
    UserRusage usage {};
    usage.ru_utime = to_timeval(times.user);
    usage.ru_stime = to_timeval(times.system);
    return UserPtr<UserRusage>(address).write(memory_of(context), usage);
}

i64 sys_times(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(times(context, args));
}

i64 sys_getrusage(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getrusage(context, args));
}

} // namespace sirius::syscall
