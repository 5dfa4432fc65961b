// clock_gettime(2), clock_getres(2), gettimeofday(2) and time(2) through the
// syscall table, as Linux's kernel/time/posix-timers.c and time.c have them:
// which clock an id names, the time namespace's offsets (time_namespaces(7)),
// and the errno of each rule in Linux's order. Where the man pages are
// silent the expectation is what the host's Linux 6.18 did with raw
// syscalls.
#include <climits>
#include <ctime>
#include <linux/time_types.h>
#include <sys/time.h>

#include "core/time/tick.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kOut = KernelTest::kUserData + 0x100;
constexpr u64 kSecondOut = KernelTest::kUserData + 0x200;
constexpr u64 kUnmapped = 0xdead0000;
constexpr u64 kKernelAddress = 0xffff800000000000;
constexpr i64 kSecond = 1'000'000'000;

// The encodings of negative clock ids (Linux include/linux/posix-timers_types.h
// MAKE_PROCESS_CPUCLOCK, MAKE_THREAD_CPUCLOCK, FD_TO_CLOCKID; not in the UAPI
// headers), sign-extended into the register as the C library passes them.
constexpr i32 kCpuclockProf = 0;
constexpr i32 kCpuclockVirt = 1;
constexpr i32 kCpuclockSched = 2;
constexpr i64 kTick = host::HostClock::kTickPeriod;
constexpr i32 kCpuclockPerthread = 4;
constexpr i32 kClockFd = 3;
constexpr u64 process_cpu_clock(i32 pid, i32 which) { return static_cast<u64>(static_cast<i64>((~pid * 8) | which)); }
constexpr u64 thread_cpu_clock(i32 tid, i32 which) { return process_cpu_clock(tid, which | kCpuclockPerthread); }
constexpr u64 fd_clock(i32 fd) { return static_cast<u64>(static_cast<i64>((~fd * 8) | kClockFd)); }

class TimeSyscallTest : public SignalTest {
protected:
    struct __kernel_timespec load_timespec(u64 address = kOut)
    {
        struct __kernel_timespec time { -1, -1 };
        EXPECT_TRUE(caller_space().backing().copy_from_user(&time, UserAddress(address), sizeof(time)).has_value());
        return time;
    }
    static i64 to_nanoseconds(const struct __kernel_timespec& time) { return time.tv_sec * kSecond + time.tv_nsec; }
    // clock_gettime(clock) into kOut, in nanoseconds; the test fails on an
    // error or a tv_nsec out of range.
    i64 read_clock(u64 clock)
    {
        EXPECT_EQ(call(__NR_clock_gettime, clock, kOut), 0) << clock;
        const struct __kernel_timespec time = load_timespec();
        EXPECT_GE(time.tv_nsec, 0);
        EXPECT_LT(time.tv_nsec, kSecond);
        return to_nanoseconds(time);
    }
    void fill(u64 address, u8 byte, usize size)
    {
        u8 bytes[64];
        ASSERT_LE(size, sizeof(bytes));
        fill_bytes(bytes, byte, size);
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), bytes, size).has_value());
    }
    i64 load_i64(u64 address)
    {
        i64 value = 0;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(address), sizeof(value)).has_value());
        return value;
    }
    // `count` ticks of CPU time for `thread` (core/time/tick.h).
    void charge(proc::Thread& thread, time::TickMode mode, int count)
    {
        for (int i = 0; i < count; ++i) {
            time::account_tick(*kernel, thread, mode);
        }
    }
    // The caller moves to a time namespace with these offsets (as a child
    // of unshare(CLONE_NEWTIME) after /proc/self/timens_offsets was written).
    void enter_time_namespace(i64 monotonic, i64 boottime)
    {
        ns::NamespaceSet set = caller().namespaces->namespaces();
        ASSERT_OK_AND_ASSIGN(set.time, try_make_ref<ns::TimeNamespace>(kernel->initial_user_namespace(), 0xeffff000U, ns::TimeOffsets { monotonic, boottime }));
        ASSERT_OK_AND_ASSIGN(caller().namespaces, try_make_ref<ns::NsProxy>(set));
    }
};

// --- clock_gettime: the clocks -----------------------------------------------

TEST_F(TimeSyscallTest, ClockGettime_Realtime_IsTheWallClock)
{
    // clock_gettime(2) CLOCK_REALTIME: "A settable system-wide clock that
    // measures real (i.e., wall-clock) time".
    const i64 before = clock.realtime_now();
    const i64 now = read_clock(CLOCK_REALTIME);
    EXPECT_GE(now, before);
    EXPECT_LE(now, clock.realtime_now());
}

TEST_F(TimeSyscallTest, ClockGettime_RealtimeCoarse_IsTheWallClock)
{
    // "A faster but less precise version of CLOCK_REALTIME": Sirius reads
    // the same clock.
    const i64 before = clock.realtime_now();
    const i64 now = read_clock(CLOCK_REALTIME_COARSE);
    EXPECT_GE(now, before);
    EXPECT_LE(now, clock.realtime_now());
}

TEST_F(TimeSyscallTest, ClockGettime_Tai_IsRealtimeWhileTheTaiOffsetIsZero)
{
    // CLOCK_TAI: "derived from wall-clock time but counting leap seconds";
    // ktime_get_clocktai adds the TAI offset, 0 until adjtimex(ADJ_TAI).
    const i64 before = clock.realtime_now();
    const i64 now = read_clock(CLOCK_TAI);
    EXPECT_GE(now, before);
    EXPECT_LE(now, clock.realtime_now());
}

TEST_F(TimeSyscallTest, ClockGettime_MonotonicClocks_AreTheMonotonicClock)
{
    // CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW (not slewed: nothing slews in
    // Sirius) and CLOCK_MONOTONIC_COARSE read the machine's monotonic time.
    for (u64 id : { CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE }) {
        const i64 before = clock.monotonic_now();
        const i64 now = read_clock(id);
        EXPECT_GE(now, before) << id;
        EXPECT_LE(now, clock.monotonic_now()) << id;
    }
}

TEST_F(TimeSyscallTest, ClockGettime_Boottime_IsMonotonicWithoutSuspend)
{
    // CLOCK_BOOTTIME: "identical to CLOCK_MONOTONIC, except that it also
    // includes any time that the system is suspended" - Sirius never is.
    const i64 before = clock.monotonic_now();
    const i64 now = read_clock(CLOCK_BOOTTIME);
    EXPECT_GE(now, before);
    EXPECT_LE(now, clock.monotonic_now());
}

TEST_F(TimeSyscallTest, ClockGettime_MonotonicNeverGoesBackwards)
{
    const i64 first = read_clock(CLOCK_MONOTONIC);
    EXPECT_LE(first, read_clock(CLOCK_MONOTONIC));
}

TEST_F(TimeSyscallTest, ClockGettime_TimeNamespace_OffsetsTheMonotonicAndBoottimeClocks)
{
    // time_namespaces(7): CLOCK_MONOTONIC "(and likewise
    // CLOCK_MONOTONIC_COARSE and CLOCK_MONOTONIC_RAW)" reads the monotonic
    // offset, CLOCK_BOOTTIME the boottime one (the host: 1000 s and 2000 s
    // offsets show in exactly those clocks).
    enter_time_namespace(1000 * kSecond, 2000 * kSecond);
    for (u64 id : { CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE }) {
        const i64 before = clock.monotonic_now();
        const i64 now = read_clock(id);
        EXPECT_GE(now, before + 1000 * kSecond) << id;
        EXPECT_LE(now, clock.monotonic_now() + 1000 * kSecond) << id;
    }
    const i64 before = clock.monotonic_now();
    const i64 boot = read_clock(CLOCK_BOOTTIME);
    EXPECT_GE(boot, before + 2000 * kSecond);
    EXPECT_LE(boot, clock.monotonic_now() + 2000 * kSecond);
}

TEST_F(TimeSyscallTest, ClockGettime_TimeNamespace_LeavesTheWallClocksAlone)
{
    // "The clocks that are virtualized are CLOCK_MONOTONIC ... and
    // CLOCK_BOOTTIME": CLOCK_REALTIME and CLOCK_TAI are not.
    enter_time_namespace(1000 * kSecond, 2000 * kSecond);
    for (u64 id : { CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_TAI }) {
        const i64 before = clock.realtime_now();
        const i64 now = read_clock(id);
        EXPECT_GE(now, before) << id;
        EXPECT_LE(now, clock.realtime_now()) << id;
    }
}

TEST_F(TimeSyscallTest, ClockGettime_UpperHalfOfTheClockId_IsIgnored)
{
    // clockid_t is an int: the host reads 0x100000001 as CLOCK_MONOTONIC.
    const i64 before = clock.monotonic_now();
    const i64 now = read_clock(0x100000000ULL | CLOCK_MONOTONIC);
    EXPECT_GE(now, before);
    EXPECT_LE(now, clock.monotonic_now());
}

// --- clock_gettime: the errors -------------------------------------------------

TEST_F(TimeSyscallTest, ClockGettime_InvalidClockIds_AreEinval)
{
    // clock_gettime(2) EINVAL: "The clockid specified is invalid": 10
    // (CLOCK_SGI_CYCLE, removed) and 12 on have no k_clock (the host, up
    // to 16).
    for (u64 id : { u64 { 10 }, u64 { 12 }, u64 { 15 }, u64 { 16 }, u64 { 100 }, u64 { INT_MAX } }) {
        fill(kOut, 0x5a, 16);
        EXPECT_EQ(call(__NR_clock_gettime, id, kOut), -EINVAL) << id;
        EXPECT_EQ(load_i64(kOut), 0x5a5a5a5a5a5a5a5a) << id;
    }
}

// --- clock_gettime: the CPU-time clocks ---------------------------------------------

TEST_F(TimeSyscallTest, ClockGettime_ProcessCputime_IsEveryThreadsCpuTime)
{
    // clock_gettime(2) CLOCK_PROCESS_CPUTIME_ID: "a per-process CPU-time
    // clock (measures CPU time consumed by all threads in the process)" -
    // user and system time as the tick charged them (CPUCLOCK_SCHED).
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    charge(caller(), time::TickMode::User, 30);
    charge(*other, time::TickMode::System, 12);
    EXPECT_EQ(read_clock(CLOCK_PROCESS_CPUTIME_ID), 42 * kTick);
}

TEST_F(TimeSyscallTest, ClockGettime_ThreadCputime_IsTheCallingThreadsCpuTime)
{
    // CLOCK_THREAD_CPUTIME_ID: "a thread-specific CPU-time clock".
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    charge(caller(), time::TickMode::User, 5);
    charge(*other, time::TickMode::User, 9);
    EXPECT_EQ(read_clock(CLOCK_THREAD_CPUTIME_ID), 5 * kTick);
    EXPECT_EQ(call_as(*other, __NR_clock_gettime, CLOCK_THREAD_CPUTIME_ID, kOut), 0);
    EXPECT_EQ(to_nanoseconds(load_timespec()), 9 * kTick);
}

TEST_F(TimeSyscallTest, ClockGettime_CpuClockOfAPid_IsThatProcesssCpuTime)
{
    // clock_getcpuclockid(3): "the CPU-time clock of the process whose ID
    // is pid" - any process, no permission asked (the host read pid 1's);
    // pid 0 is the caller's.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    charge(*child, time::TickMode::User, 7);
    charge(caller(), time::TickMode::User, 2);
    EXPECT_EQ(read_clock(process_cpu_clock(static_cast<i32>(tgid_of(*child)), kCpuclockSched)), 7 * kTick);
    EXPECT_EQ(read_clock(process_cpu_clock(1, kCpuclockSched)), 0);
    EXPECT_EQ(read_clock(process_cpu_clock(0, kCpuclockSched)), 2 * kTick);
}

TEST_F(TimeSyscallTest, ClockGettime_CpuClockKinds_CountWhatTheirNameSays)
{
    // CPUCLOCK_PROF: user and system time; CPUCLOCK_VIRT: user time;
    // CPUCLOCK_SCHED: the run time, which tick accounting knows as user
    // and system time.
    charge(caller(), time::TickMode::User, 3);
    charge(caller(), time::TickMode::System, 4);
    const auto pid = static_cast<i32>(tgid_of(caller()));
    const auto tid = static_cast<i32>(tid_of(caller()));
    EXPECT_EQ(read_clock(process_cpu_clock(pid, kCpuclockProf)), 7 * kTick);
    EXPECT_EQ(read_clock(process_cpu_clock(pid, kCpuclockVirt)), 3 * kTick);
    EXPECT_EQ(read_clock(process_cpu_clock(pid, kCpuclockSched)), 7 * kTick);
    EXPECT_EQ(read_clock(thread_cpu_clock(tid, kCpuclockVirt)), 3 * kTick);
    EXPECT_EQ(read_clock(thread_cpu_clock(0, kCpuclockProf)), 7 * kTick);
}

TEST_F(TimeSyscallTest, ClockGettime_ThreadCpuClock_OfAThreadOfTheProcess)
{
    // pthread_getcpuclockid(3); pid_for_clock: "(tsk &&
    // same_thread_group(tsk, current)) ? pid : NULL" - a thread of
    // another process is EINVAL (the host: a thread clock of pid 1).
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    charge(*other, time::TickMode::User, 6);
    EXPECT_EQ(read_clock(thread_cpu_clock(static_cast<i32>(tid_of(*other)), kCpuclockSched)), 6 * kTick);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(call(__NR_clock_gettime, thread_cpu_clock(static_cast<i32>(tid_of(*child)), kCpuclockSched), kOut), -EINVAL);
    EXPECT_EQ(call(__NR_clock_gettime, thread_cpu_clock(1, kCpuclockSched), kOut), -EINVAL);
}

TEST_F(TimeSyscallTest, ClockGettime_ProcessCpuClockOfTheCallersTid_IsItsProcesss)
{
    // pid_for_clock: "For clock_gettime(PROCESS) allow finding the process
    // by with the pid of the current task" - but any other thread's tid
    // names no process.
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    charge(caller(), time::TickMode::User, 4);
    const auto other_tid = static_cast<i32>(tid_of(*other));
    EXPECT_EQ(call_as(*other, __NR_clock_gettime, process_cpu_clock(other_tid, kCpuclockSched), kOut), 0);
    EXPECT_EQ(to_nanoseconds(load_timespec()), 4 * kTick);
    EXPECT_EQ(call(__NR_clock_gettime, process_cpu_clock(other_tid, kCpuclockSched), kOut), -EINVAL);
}

TEST_F(TimeSyscallTest, ClockGettime_CpuClockOfAZombie_IsReadableUntilItIsReaped)
{
    // The pid keeps its task until release_task: a dead child not yet
    // waited for still has its clock, with its final time.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    charge(*child, time::TickMode::System, 8);
    const auto pid = static_cast<i32>(tgid_of(*child));
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(read_clock(process_cpu_clock(pid, kCpuclockSched)), 8 * kTick);
    ASSERT_EQ(call(__NR_wait4, static_cast<u64>(pid), 0, 0, 0), pid);
    EXPECT_EQ(call(__NR_clock_gettime, process_cpu_clock(pid, kCpuclockSched), kOut), -EINVAL);
}

TEST_F(TimeSyscallTest, ClockGettime_CpuClockOfNoTask_IsEinvalAndWritesNothing)
{
    // clock_gettime(2) EINVAL: "The clockid specified is invalid" - a pid
    // nobody has (the host: 999999), or CPUCLOCK_WHICH 3 with the
    // per-thread bit (the host: EINVAL).
    for (u64 id : { process_cpu_clock(999999, kCpuclockSched), thread_cpu_clock(999999, kCpuclockSched), thread_cpu_clock(0, 3) }) {
        fill(kOut, 0x5a, 16);
        EXPECT_EQ(call(__NR_clock_gettime, id, kOut), -EINVAL) << id;
        EXPECT_EQ(load_i64(kOut), 0x5a5a5a5a5a5a5a5a) << id;
    }
}

TEST_F(TimeSyscallTest, ClockGettime_CpuClocks_IgnoreTheTimeNamespace)
{
    // time_namespaces(7) offsets only the monotonic and boot-time clocks.
    enter_time_namespace(1000 * kSecond, 2000 * kSecond);
    charge(caller(), time::TickMode::User, 2);
    EXPECT_EQ(read_clock(CLOCK_PROCESS_CPUTIME_ID), 2 * kTick);
}

TEST_F(TimeSyscallTest, ClockGettime_AlarmClocks_AreEinval)
{
    // alarm_clock_get_timespec: "if (!alarmtimer_get_rtcdev()) return
    // -EINVAL;" - no RTC wake-up device, as on the host.
    EXPECT_EQ(call(__NR_clock_gettime, CLOCK_REALTIME_ALARM, kOut), -EINVAL);
    EXPECT_EQ(call(__NR_clock_gettime, CLOCK_BOOTTIME_ALARM, kOut), -EINVAL);
}

TEST_F(TimeSyscallTest, ClockGettime_DynamicClocks_AreEinval)
{
    // A clock id made of a file descriptor (FD_TO_CLOCKID) names a posix
    // clock device; no file is one (the host: fd 0 and fd 99 are EINVAL).
    EXPECT_EQ(call(__NR_clock_gettime, fd_clock(0), kOut), -EINVAL);
    EXPECT_EQ(call(__NR_clock_gettime, fd_clock(99), kOut), -EINVAL);
}

TEST_F(TimeSyscallTest, ClockGettime_BadPointer_IsEfault)
{
    // clock_gettime(2) EFAULT: "tp points outside the accessible address
    // space"; NULL too.
    EXPECT_EQ(call(__NR_clock_gettime, CLOCK_REALTIME, 0), -EFAULT);
    EXPECT_EQ(call(__NR_clock_gettime, CLOCK_MONOTONIC, kUnmapped), -EFAULT);
    EXPECT_EQ(call(__NR_clock_gettime, CLOCK_BOOTTIME, kKernelAddress), -EFAULT);
}

TEST_F(TimeSyscallTest, ClockGettime_InvalidClockWithABadPointer_IsEinval)
{
    // The clock is looked up before anything is written (the host: 100 and
    // a bad pointer is EINVAL).
    EXPECT_EQ(call(__NR_clock_gettime, 100, kUnmapped), -EINVAL);
    EXPECT_EQ(call(__NR_clock_gettime, process_cpu_clock(999999, kCpuclockSched), 0), -EINVAL);
    EXPECT_EQ(call(__NR_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, 0), -EFAULT);
}

// --- clock_getres ------------------------------------------------------------

TEST_F(TimeSyscallTest, ClockGetres_SupportedClocks_AreOneNanosecond)
{
    // hrtimer_resolution with high-resolution timers, as the host reports
    // for these clocks. The coarse clocks are 1 ns too: Linux reports its
    // tick for them (4 ms on the host), but Sirius reads them as finely as
    // the others.
    for (u64 id : { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME, CLOCK_TAI, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE }) {
        fill(kOut, 0x5a, 16);
        EXPECT_EQ(call(__NR_clock_getres, id, kOut), 0) << id;
        const struct __kernel_timespec resolution = load_timespec();
        EXPECT_EQ(resolution.tv_sec, 0) << id;
        EXPECT_EQ(resolution.tv_nsec, 1) << id;
    }
}

TEST_F(TimeSyscallTest, ClockGetres_NullRes_IsAllowed)
{
    // clock_getres(2): "If res is NULL, the clock resolution is not
    // returned."
    EXPECT_EQ(call(__NR_clock_getres, CLOCK_REALTIME, 0), 0);
    EXPECT_EQ(call(__NR_clock_getres, CLOCK_MONOTONIC_COARSE, 0), 0);
}

TEST_F(TimeSyscallTest, ClockGetres_BadPointer_IsEfault)
{
    EXPECT_EQ(call(__NR_clock_getres, CLOCK_REALTIME, kUnmapped), -EFAULT);
    EXPECT_EQ(call(__NR_clock_getres, CLOCK_MONOTONIC, kKernelAddress), -EFAULT);
}

TEST_F(TimeSyscallTest, ClockGetres_UnsupportedClocks_AreEinvalEvenWithNullRes)
{
    // The same clocks as clock_gettime's EINVAL, checked first (the host:
    // clock 100 with a NULL res is EINVAL).
    for (u64 id : { u64 { CLOCK_REALTIME_ALARM }, u64 { CLOCK_BOOTTIME_ALARM }, u64 { 10 }, u64 { 12 }, u64 { 100 }, process_cpu_clock(999999, kCpuclockSched),
             thread_cpu_clock(0, 3), fd_clock(0) }) {
        EXPECT_EQ(call(__NR_clock_getres, id, 0), -EINVAL) << id;
        EXPECT_EQ(call(__NR_clock_getres, id, kUnmapped), -EINVAL) << id;
    }
}

TEST_F(TimeSyscallTest, ClockGetres_CpuClocks_AreANanosecondForSchedAndATickOtherwise)
{
    // posix_cpu_clock_getres: "((NSEC_PER_SEC + HZ - 1) / HZ)", and 1 ns
    // for CPUCLOCK_SCHED (the host: 1 ns for CLOCK_PROCESS_CPUTIME_ID and
    // CLOCK_THREAD_CPUTIME_ID, its 4 ms tick for a PROF clock; Sirius's
    // tick is 1 ms).
    const auto pid = static_cast<i32>(tgid_of(caller()));
    const struct {
        u64 id;
        i64 nanoseconds;
    } cases[] = { { CLOCK_PROCESS_CPUTIME_ID, 1 }, { CLOCK_THREAD_CPUTIME_ID, 1 }, { process_cpu_clock(pid, kCpuclockSched), 1 },
        { process_cpu_clock(pid, kCpuclockProf), kTick }, { thread_cpu_clock(0, kCpuclockVirt), kTick } };
    for (const auto& each : cases) {
        fill(kOut, 0x5a, 16);
        EXPECT_EQ(call(__NR_clock_getres, each.id, kOut), 0) << each.id;
        const struct __kernel_timespec resolution = load_timespec();
        EXPECT_EQ(resolution.tv_sec, 0) << each.id;
        EXPECT_EQ(resolution.tv_nsec, each.nanoseconds) << each.id;
    }
}

TEST_F(TimeSyscallTest, ClockGetres_ProcessCpuClockOfTheCallersTid_IsEinval)
{
    // validate_clock_permissions is pid_for_clock without clock_gettime's
    // leniency: a non-leader's own tid names no process here.
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    const auto other_tid = static_cast<i32>(tid_of(*other));
    EXPECT_EQ(call_as(*other, __NR_clock_getres, process_cpu_clock(other_tid, kCpuclockSched), 0), -EINVAL);
    EXPECT_EQ(call_as(*other, __NR_clock_getres, thread_cpu_clock(other_tid, kCpuclockSched), 0), 0);
}

// --- gettimeofday ------------------------------------------------------------

TEST_F(TimeSyscallTest, Gettimeofday_GivesTheWallClockInMicroseconds)
{
    // gettimeofday(2): "the number of seconds and microseconds since the
    // Epoch".
    const i64 before = clock.realtime_now() / 1000;
    EXPECT_EQ(call(__NR_gettimeofday, kOut, 0), 0);
    const i64 after = clock.realtime_now() / 1000;
    const i64 seconds = load_i64(kOut);
    const i64 microseconds = load_i64(kOut + 8);
    EXPECT_GE(microseconds, 0);
    EXPECT_LT(microseconds, 1'000'000);
    EXPECT_GE(seconds * 1'000'000 + microseconds, before);
    EXPECT_LE(seconds * 1'000'000 + microseconds, after);
}

TEST_F(TimeSyscallTest, Gettimeofday_NullTvAndTz_AreAllowed)
{
    // "If either tv or tz is NULL, the corresponding structure is not set
    // or returned."
    EXPECT_EQ(call(__NR_gettimeofday, 0, 0), 0);
    EXPECT_EQ(call(__NR_gettimeofday, 0, kSecondOut), 0);
    EXPECT_EQ(call(__NR_gettimeofday, kOut, 0), 0);
}

TEST_F(TimeSyscallTest, Gettimeofday_Timezone_IsAllZeros)
{
    // sys_tz, which only settimeofday(2) sets: Sirius has none, so it is
    // as at boot (the host, never set: 0 and 0).
    fill(kSecondOut, 0x07, sizeof(struct timezone));
    EXPECT_EQ(call(__NR_gettimeofday, kOut, kSecondOut), 0);
    EXPECT_EQ(load_i64(kSecondOut), 0);
}

TEST_F(TimeSyscallTest, Gettimeofday_BadTv_IsEfault)
{
    // gettimeofday(2) EFAULT: "One of tv or tz pointed outside the
    // accessible address space."
    EXPECT_EQ(call(__NR_gettimeofday, kUnmapped, 0), -EFAULT);
    EXPECT_EQ(call(__NR_gettimeofday, kKernelAddress, kSecondOut), -EFAULT);
}

TEST_F(TimeSyscallTest, Gettimeofday_BadTz_IsEfaultAfterTvIsWritten)
{
    // tv is written first (the host: a bad tz is EFAULT with tv filled in).
    fill(kOut, 0, 16);
    EXPECT_EQ(call(__NR_gettimeofday, kOut, kUnmapped), -EFAULT);
    EXPECT_GT(load_i64(kOut), 0);
}

TEST_F(TimeSyscallTest, Gettimeofday_TvCutByTheEndOfMemory_GetsItsSecondsAndIsEfault)
{
    // Two put_user()s, seconds first.
    const u64 last = kUserData + kUserDataSize - 8;
    fill(last, 0, 8);
    EXPECT_EQ(call(__NR_gettimeofday, last, 0), -EFAULT);
    EXPECT_GT(load_i64(last), 0);
}

// --- time ----------------------------------------------------------------------

TEST_F(TimeSyscallTest, Time_ReturnsTheWallClockSeconds)
{
    // time(2): "the time as the number of seconds since the Epoch".
    const i64 before = clock.realtime_now() / kSecond;
    const i64 now = call(__NR_time, 0);
    EXPECT_GE(now, before);
    EXPECT_LE(now, clock.realtime_now() / kSecond);
}

TEST_F(TimeSyscallTest, Time_StoresTheValueInTloc)
{
    // "If tloc is non-NULL, the return value is also stored in the memory
    // pointed to by tloc."
    fill(kOut, 0, 8);
    const i64 now = call(__NR_time, kOut);
    EXPECT_GT(now, 0);
    EXPECT_EQ(load_i64(kOut), now);
}

TEST_F(TimeSyscallTest, Time_BadTloc_IsEfault)
{
    // time(2) EFAULT: "tloc points outside your accessible address space"
    // (the host: an unmapped and a kernel address both).
    EXPECT_EQ(call(__NR_time, kUnmapped), -EFAULT);
    EXPECT_EQ(call(__NR_time, kKernelAddress), -EFAULT);
}

} // namespace
} // namespace sirius::testing
