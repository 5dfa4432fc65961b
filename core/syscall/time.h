#pragma once

// clock_gettime(2), clock_getres(2), gettimeofday(2) and time(2) (Linux
// kernel/time/posix-timers.c and kernel/time/time.c): the clocks a thread
// reads, seen from its time namespace (time_namespaces(7)). Also what these
// calls share with the sleeps of core/syscall/sleep.h: the clock ids and the
// user's struct __kernel_timespec.
//
// What the platform gives: hal::Clock has a monotonic and a realtime clock
// (and its tick), nothing else. So CLOCK_MONOTONIC_RAW reads the monotonic clock (nothing
// slews it: Sirius has no NTP adjustment), CLOCK_BOOTTIME too (Sirius never
// suspends), CLOCK_TAI is CLOCK_REALTIME (the TAI offset is 0 until
// adjtimex(ADJ_TAI) sets it, and Sirius has no adjtimex), and the coarse
// clocks read the same clocks as the fine ones. The CPU-time clocks read
// what the tick has charged (core/time/cpu_clock.h): their time moves a
// tick at a time.
#include <linux/time_types.h>

#include "core/ns/time_namespace.h"
#include "core/syscall/syscall_context.h"
#include "core/time/ktime.h"

namespace sirius::syscall {

i64 sys_gettimeofday(SyscallContext&, const SyscallArguments&);
i64 sys_time(SyscallContext&, const SyscallArguments&);
i64 sys_clock_gettime(SyscallContext&, const SyscallArguments&);
i64 sys_clock_getres(SyscallContext&, const SyscallArguments&);

// A clockid_t as Linux's clockid_to_kclock sorts it: which k_clock answers.
enum class PosixClock : u8 {
    Realtime,
    Monotonic,
    ProcessCputime, // CLOCK_PROCESS_CPUTIME_ID
    ThreadCputime, // CLOCK_THREAD_CPUTIME_ID
    MonotonicRaw,
    RealtimeCoarse,
    MonotonicCoarse,
    Boottime,
    Alarm, // CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM
    Tai,
    TaskCputime, // a negative id: a process's or a thread's CPU clock (clock_getcpuclockid(3))
    Dynamic, // a negative id naming a file descriptor: a posix clock device (PTP)
    Invalid, // no k_clock: CLOCK_SGI_CYCLE (removed), and 12 and up
};

// clockid_to_kclock for the syscall argument `argument`. The clockid_t is
// an int: the upper half of the register is not looked at.
[[nodiscard]] PosixClock decode_clock(u64 argument);

// The caller's time namespace's offsets (zero in the initial one).
[[nodiscard]] ns::TimeOffsets time_offsets_of(const proc::Thread& thread);

// k_clock clock_get_timespec: the clock id `argument` as `current` reads
// it, in nanoseconds, with its time namespace's offset
// (timens_add_monotonic, timens_add_boottime). Errors: EINVAL (a CPU-time
// clock of no thread or process the caller may name, the alarm clocks,
// dynamic clocks, and invalid ids).
Result<hal::Nanoseconds> read_clock(const proc::Kernel& kernel, proc::Thread& current, u64 argument);

// get_timespec64 (EFAULT), timespec64_valid (EINVAL: "tv_nsec was not in
// the range [0, 999'999'999] or tv_sec was negative") and
// timespec64_to_ktime (KTIME_MAX from KTIME_SEC_MAX seconds on).
Result<hal::Nanoseconds> read_user_timespec(SyscallContext& context, u64 address);

// put_timespec64 of `time` (ns_to_timespec64: tv_nsec is never negative).
// Errors: EFAULT.
Result<void> write_user_timespec(SyscallContext& context, u64 address, hal::Nanoseconds time);

using time::kNanosecondsPerSecond;
using time::kTimeMax;
using time::saturating_add;

} // namespace sirius::syscall
