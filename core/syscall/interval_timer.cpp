#include "core/syscall/interval_timer.h"

#include <linux/time.h>
#include <linux/time_types.h>

#include "core/base/user_ptr.h"
#include "core/time/interval_timers.h"
#include "core/time/ktime.h"

namespace sirius::syscall {

namespace {

using UserItimerval = struct __kernel_old_itimerval;
static_assert(sizeof(UserItimerval) == 32);
static_assert(__builtin_offsetof(UserItimerval, it_interval) == 0);
static_assert(__builtin_offsetof(UserItimerval, it_value) == 16);

// The `which` argument (an int): EINVAL for anything but the three.
Result<time::IntervalTimerKind> decode_which(u64 argument)
{
    switch (static_cast<i32>(argument)) {
    case ITIMER_REAL:
        return time::IntervalTimerKind::Real;
    case ITIMER_VIRTUAL:
        return time::IntervalTimerKind::Virtual;
    case ITIMER_PROF:
        return time::IntervalTimerKind::Prof;
    default:
        return errno_error(EINVAL);
    }
}

// "#define timeval_valid(t) (((t)->tv_sec >= 0) && (((unsigned long)
// (t)->tv_usec) < USEC_PER_SEC))", then timespec64_to_ktime.
Result<hal::Nanoseconds> from_timeval(const struct __kernel_old_timeval& value)
{
    if (value.tv_sec < 0 || static_cast<u64>(value.tv_usec) >= 1'000'000) {
        return errno_error(EINVAL);
    }
    return time::seconds_to_nanoseconds(value.tv_sec, value.tv_usec * time::kNanosecondsPerMicrosecond);
}

// put_itimerval: ns_to_timespec64 (a floor division: tv_nsec is never
// negative), then microseconds rounded down. A CPU timer set to the
// largest time reads back past KTIME_MAX, which Linux too wraps into a
// negative time.
struct __kernel_old_timeval to_timeval(hal::Nanoseconds time)
{
    i64 seconds = time / time::kNanosecondsPerSecond;
    i64 nanoseconds = time % time::kNanosecondsPerSecond;
    if (nanoseconds < 0) {
        seconds -= 1;
        nanoseconds += time::kNanosecondsPerSecond;
    }
    return { seconds, nanoseconds / time::kNanosecondsPerMicrosecond };
}

Result<void> write_itimerval(SyscallContext& context, u64 address, const time::IntervalTimerValue& value)
{
    const UserItimerval out { to_timeval(value.interval), to_timeval(value.value) };
    return UserPtr<UserItimerval>(address).write(memory_of(context), out);
}

Result<i64> getitimer(SyscallContext& context, const SyscallArguments& args)
{
    // do_getitimer first (EINVAL), then put_itimerval (EFAULT - a NULL
    // value too).
    const time::IntervalTimerKind kind = TRY(decode_which(args[0]));
    const time::IntervalTimerValue value = context.current.process().interval_timers().get(kind, context.kernel.clock());
    TRY(write_itimerval(context, args[1], value));
    return 0;
}

Result<i64> setitimer(SyscallContext& context, const SyscallArguments& args)
{
    // get_itimerval: EFAULT, then EINVAL for a bad timeval - both before
    // `which` is looked at. A NULL new value is all zeros: "Misfeature
    // support will be removed", but it is still there (6.18 disarms).
    time::IntervalTimerValue value;
    if (args[1] != 0) {
        const UserItimerval in = TRY(UserPtr<UserItimerval>(args[1]).read(memory_of(context)));
        value.value = TRY(from_timeval(in.it_value));
        value.interval = TRY(from_timeval(in.it_interval));
    }
    const time::IntervalTimerKind kind = TRY(decode_which(args[0]));
    const time::IntervalTimerValue old = context.current.process().interval_timers().set(context.kernel.timers(), kind, value);
    // The timer is set even if the old value cannot be written (EFAULT).
    if (args[2] != 0) {
        TRY(write_itimerval(context, args[2], old));
    }
    return 0;
}

i64 alarm(SyscallContext& context, const SyscallArguments& args)
{
    // alarm_setitimer: ITIMER_REAL, single shot, whole seconds (the
    // argument is an unsigned int; 0 disarms).
    const auto seconds = static_cast<u32>(args[0]);
    const time::IntervalTimerValue old = context.current.process().interval_timers().set(context.kernel.timers(), time::IntervalTimerKind::Real,
        time::IntervalTimerValue { seconds * time::kNanosecondsPerSecond, 0 });
    // "We can't return 0 if we have an alarm pending ... And we'd better
    // return too much than too little anyway": up from a fraction alone,
    // or from half a second on.
    i64 left = old.value / time::kNanosecondsPerSecond;
    const i64 fraction = old.value % time::kNanosecondsPerSecond;
    if ((left == 0 && fraction != 0) || fraction >= time::kNanosecondsPerSecond / 2) {
        ++left;
    }
    // An unsigned int: a time left set by setitimer(2) past 2^32 seconds
    // comes back cut to its low 32 bits.
    return static_cast<u32>(left);
}

} // namespace

i64 sys_getitimer(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getitimer(context, args));
}

i64 sys_setitimer(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(setitimer(context, args));
}

i64 sys_alarm(SyscallContext& context, const SyscallArguments& args)
{
    return alarm(context, args);
}

} // namespace sirius::syscall
