#include "core/syscall/time.h"

#include <linux/time.h>

#include "core/base/user_ptr.h"
#include "core/time/cpu_clock.h"

namespace sirius::syscall {

namespace {

using UserTimespec = struct __kernel_timespec;
static_assert(sizeof(UserTimespec) == 16);
static_assert(__builtin_offsetof(UserTimespec, tv_sec) == 0);
static_assert(__builtin_offsetof(UserTimespec, tv_nsec) == 8);

using UserTimeval = struct __kernel_old_timeval;
static_assert(sizeof(UserTimeval) == 16);
static_assert(__builtin_offsetof(UserTimeval, tv_usec) == 8);

using UserTimezone = struct timezone;
static_assert(sizeof(UserTimezone) == 8);

// The encoding of negative clock ids (Linux include/linux/posix-timers_types.h,
// not in the UAPI headers): the low three bits say which kind of clock,
// CLOCKFD (3) marks a file descriptor's clock.
constexpr i32 kClockFdMask = 7; // CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_CLOCK_MASK
constexpr i32 kClockFd = 3; // CLOCKFD

// hrtimer_resolution with high-resolution timers: what Linux reports for
// every clock a hrtimer can run on. hal::Clock says nothing of its own
// resolution, so Sirius reports Linux's.
constexpr hal::Nanoseconds kResolution = 1;

// ns_to_timespec64: a floor division, so that tv_nsec is in [0, 1e9).
UserTimespec to_timespec(hal::Nanoseconds time)
{
    i64 seconds = time / kNanosecondsPerSecond;
    i64 nanoseconds = time % kNanosecondsPerSecond;
    if (nanoseconds < 0) {
        seconds -= 1;
        nanoseconds += kNanosecondsPerSecond;
    }
    return UserTimespec { seconds, nanoseconds };
}

// The CPU clock an id of the CPU-time kind names (clock_process,
// clock_thread and clock_posix_cpu all end in posix-cpu-timers.c).
// Errors: EINVAL (no such clock for the caller).
Result<time::CpuClock> cpu_clock_of(proc::Thread& current, PosixClock clock, u64 argument, time::CpuClockLookup lookup)
{
    switch (clock) {
    case PosixClock::ProcessCputime:
        return time::find_cpu_clock(current, time::kProcessClock, lookup);
    case PosixClock::ThreadCputime:
        return time::find_cpu_clock(current, time::kThreadClock, lookup);
    default:
        return time::find_cpu_clock(current, static_cast<i32>(argument), lookup);
    }
}

// The k_clock clock_getres of the clocks Sirius reads; EINVAL for the
// others, as their clock_getres (posix_cpu_clock_getres for a CPU clock it
// cannot find, alarm_clock_getres without an RTC device, pc_clock_getres
// without a clock device).
Result<hal::Nanoseconds> clock_resolution(const proc::Kernel& kernel, proc::Thread& current, u64 argument)
{
    const PosixClock clock = decode_clock(argument);
    switch (clock) {
    case PosixClock::Realtime:
    case PosixClock::Monotonic:
    case PosixClock::MonotonicRaw:
    case PosixClock::Boottime:
    case PosixClock::Tai:
    // Linux reports a tick for the coarse clocks (KTIME_LOW_RES: 4 ms at
    // HZ=250), which are the time of the last tick. Sirius reads them from
    // the same hal::Clock as the fine ones, so they are as fine.
    case PosixClock::RealtimeCoarse:
    case PosixClock::MonotonicCoarse:
        return kResolution;
    case PosixClock::ProcessCputime:
    case PosixClock::ThreadCputime:
    case PosixClock::TaskCputime: {
        // posix_cpu_clock_getres: validate_clock_permissions, which is
        // pid_for_clock without clock_gettime's leniency.
        const time::CpuClock cpu_clock = TRY(cpu_clock_of(current, clock, argument, time::CpuClockLookup::Other));
        return time::cpu_clock_resolution(cpu_clock, kernel.clock());
    }
    default:
        return errno_error(EINVAL);
    }
}

Result<i64> clock_gettime(SyscallContext& context, const SyscallArguments& args)
{
    // "if (!kc) return -EINVAL;", then the clock's own error, then the
    // copy: EINVAL comes before EFAULT.
    const hal::Nanoseconds now = TRY(read_clock(context.kernel, context.current, args[0]));
    TRY(write_user_timespec(context, args[1], now));
    return 0;
}

Result<i64> clock_getres(SyscallContext& context, const SyscallArguments& args)
{
    const hal::Nanoseconds resolution = TRY(clock_resolution(context.kernel, context.current, args[0]));
    // clock_getres(2): "If res is NULL, the clock resolution is not
    // returned" (unlike clock_gettime, whose NULL tp is EFAULT).
    if (args[1] != 0) {
        TRY(write_user_timespec(context, args[1], resolution));
    }
    return 0;
}

Result<i64> gettimeofday(SyscallContext& context, const SyscallArguments& args)
{
    const u64 tv = args[0];
    const u64 tz = args[1];
    if (tv != 0) {
        // Two put_user()s, seconds first: a timeval whose second half does
        // not fit gets its seconds all the same.
        const UserTimespec now = to_timespec(context.kernel.clock().realtime_now());
        TRY(UserPtr<i64>(tv).write(memory_of(context), now.tv_sec));
        TRY(UserPtr<i64>(tv + __builtin_offsetof(UserTimeval, tv_usec)).write(memory_of(context), now.tv_nsec / 1000));
    }
    if (tz != 0) {
        // sys_tz, which only settimeofday(2) changes: Sirius has none, so
        // it stays as at boot, all zeros. Written after tv: a bad tz is
        // EFAULT with tv filled in.
        const UserTimezone timezone {};
        TRY(UserPtr<UserTimezone>(tz).write(memory_of(context), timezone));
    }
    return 0;
}

Result<i64> time(SyscallContext& context, const SyscallArguments& args)
{
    // ktime_get_real_seconds: the seconds of CLOCK_REALTIME.
    const i64 seconds = to_timespec(context.kernel.clock().realtime_now()).tv_sec;
    // time(2): "If tloc is non-NULL, the return value is also stored in the
    // memory pointed to by tloc" (EFAULT if it cannot be).
    if (args[0] != 0) {
        TRY(UserPtr<i64>(args[0]).write(memory_of(context), seconds));
    }
    return seconds;
}

} // namespace

PosixClock decode_clock(u64 argument)
{
    const auto id = static_cast<i32>(argument);
    if (id < 0) {
        // clockid_to_kclock: "(id & CLOCKFD_MASK) == CLOCKFD ?
        // &clock_posix_dynamic : &clock_posix_cpu".
        return (id & kClockFdMask) == kClockFd ? PosixClock::Dynamic : PosixClock::TaskCputime;
    }
    // posix_clocks[]: every id below MAX_CLOCKS without a k_clock, and every
    // one from there on, is invalid.
    switch (id) {
    case CLOCK_REALTIME:
        return PosixClock::Realtime;
    case CLOCK_MONOTONIC:
        return PosixClock::Monotonic;
    case CLOCK_PROCESS_CPUTIME_ID:
        return PosixClock::ProcessCputime;
    case CLOCK_THREAD_CPUTIME_ID:
        return PosixClock::ThreadCputime;
    case CLOCK_MONOTONIC_RAW:
        return PosixClock::MonotonicRaw;
    case CLOCK_REALTIME_COARSE:
        return PosixClock::RealtimeCoarse;
    case CLOCK_MONOTONIC_COARSE:
        return PosixClock::MonotonicCoarse;
    case CLOCK_BOOTTIME:
        return PosixClock::Boottime;
    case CLOCK_REALTIME_ALARM:
    case CLOCK_BOOTTIME_ALARM:
        return PosixClock::Alarm;
    case CLOCK_TAI:
        return PosixClock::Tai;
    default:
        return PosixClock::Invalid;
    }
}

ns::TimeOffsets time_offsets_of(const proc::Thread& thread)
{
    if (!thread.namespaces || !thread.namespaces->namespaces().time) {
        return {};
    }
    return thread.namespaces->namespaces().time->offsets();
}

Result<hal::Nanoseconds> read_clock(const proc::Kernel& kernel, proc::Thread& current, u64 argument)
{
    const hal::Clock& source = kernel.clock();
    const PosixClock clock = decode_clock(argument);
    switch (clock) {
    case PosixClock::Realtime:
    case PosixClock::RealtimeCoarse:
    // ktime_get_clocktai: realtime plus the TAI offset, which is 0 until
    // adjtimex(ADJ_TAI) sets it.
    case PosixClock::Tai:
        return source.realtime_now();
    case PosixClock::Monotonic:
    case PosixClock::MonotonicRaw:
    case PosixClock::MonotonicCoarse:
        // time_namespaces(7): "CLOCK_MONOTONIC (and likewise
        // CLOCK_MONOTONIC_COARSE and CLOCK_MONOTONIC_RAW)" read with the
        // namespace's monotonic offset.
        return saturating_add(source.monotonic_now(), time_offsets_of(current).monotonic_ns);
    case PosixClock::Boottime:
        // Monotonic time plus the time spent suspended, which is none; with
        // the namespace's boottime offset (timens_add_boottime).
        return saturating_add(source.monotonic_now(), time_offsets_of(current).boottime_ns);
    case PosixClock::ProcessCputime:
    case PosixClock::ThreadCputime:
    case PosixClock::TaskCputime: {
        // posix_cpu_clock_get: the CPU time the ticks charged; no time
        // namespace offset applies to it.
        const time::CpuClock cpu_clock = TRY(cpu_clock_of(current, clock, argument, time::CpuClockLookup::Gettime));
        return time::read_cpu_clock(cpu_clock);
    }
    case PosixClock::Alarm:
        // alarm_clock_get_timespec: "if (!alarmtimer_get_rtcdev()) return
        // -EINVAL;" - there is no RTC wake-up device.
    case PosixClock::Dynamic:
        // get_clock_desc: no file is a posix clock device.
    case PosixClock::Invalid:
        break;
    }
    return errno_error(EINVAL);
}

Result<hal::Nanoseconds> read_user_timespec(SyscallContext& context, u64 address)
{
    const UserTimespec time = TRY(UserPtr<UserTimespec>(address).read(memory_of(context)));
    // timespec64_valid: "(unsigned long)ts->tv_nsec >= NSEC_PER_SEC" - all
    // 64 bits of tv_nsec count on x86_64.
    if (time.tv_sec < 0 || time.tv_nsec < 0 || time.tv_nsec >= kNanosecondsPerSecond) {
        return errno_error(EINVAL);
    }
    return time::seconds_to_nanoseconds(time.tv_sec, time.tv_nsec);
}

Result<void> write_user_timespec(SyscallContext& context, u64 address, hal::Nanoseconds time)
{
    return UserPtr<UserTimespec>(address).write(memory_of(context), to_timespec(time));
}

i64 sys_gettimeofday(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(gettimeofday(context, args));
}

i64 sys_time(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(time(context, args));
}

i64 sys_clock_gettime(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(clock_gettime(context, args));
}

i64 sys_clock_getres(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(clock_getres(context, args));
}

} // namespace sirius::syscall
