// times(2) and getrusage(2) through the syscall table, as Linux's
// kernel/sys.c (do_sys_times, getrusage) has them over tick-based
// accounting: which times each reports, in which units, and the errno of
// each rule in Linux's order. The wait4(2)/waitid(2) rusage is in
// tests/unit/proc/wait_test.cpp.
#include <sys/resource.h>
#include <sys/times.h>

#include "tests/unit/support/timer_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kOut = KernelTest::kUserData + 0x100;
constexpr u64 kUnmapped = 0xdead0000;
constexpr u64 kKernelAddress = 0xffff800000000000;
constexpr i64 kUsecPerTick = TimerTest::kTick / 1'000;

using time::TickMode;

class ResourceUsageTest : public TimerTest {
protected:
    struct tms load_tms()
    {
        struct tms value { -1, -1, -1, -1 };
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(kOut), sizeof(value)).has_value());
        return value;
    }
    struct rusage load_rusage()
    {
        struct rusage value {};
        __builtin_memset(&value, 0x5a, sizeof(value));
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(kOut), sizeof(value)).has_value());
        return value;
    }
    void fill_out(u8 byte)
    {
        u8 bytes[sizeof(struct rusage)];
        __builtin_memset(bytes, byte, sizeof(bytes));
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kOut), bytes, sizeof(bytes)).has_value());
    }
    // A child of the caller that ran `user` and `system` ticks, exited and
    // was waited for.
    void run_and_reap_child(int user, int system)
    {
        proc::Thread* child = spawn_child();
        ASSERT_NE(child, nullptr);
        tick(*child, TickMode::User, user);
        tick(*child, TickMode::System, system);
        const u64 pid = tgid_of(*child);
        kernel->exit_thread(*child, 0);
        ASSERT_EQ(call(__NR_wait4, pid, 0, 0, 0), static_cast<i64>(pid));
    }
    static i64 usec(const struct timeval& time) { return time.tv_sec * 1'000'000 + time.tv_usec; }
};

// --- times -----------------------------------------------------------------------

TEST_F(ResourceUsageTest, Times_ReportsTheProcessesUserAndSystemTimeInClockTicks)
{
    // times(2): tms_utime "is the amount of CPU time spent executing
    // instructions of the calling process", tms_stime "in the system while
    // executing tasks on behalf of the calling process", in clock ticks
    // (sysconf(_SC_CLK_TCK), USER_HZ = 100) - every thread of it.
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    tick(caller(), TickMode::User, 250);
    tick(*other, TickMode::User, 100);
    tick(caller(), TickMode::System, 39);
    ASSERT_GE(call(__NR_times, kOut), 0);
    const struct tms value = load_tms();
    EXPECT_EQ(value.tms_utime, 35); // 350 ms
    EXPECT_EQ(value.tms_stime, 3); // 39 ms, rounded down
    EXPECT_EQ(value.tms_cutime, 0);
    EXPECT_EQ(value.tms_cstime, 0);
}

TEST_F(ResourceUsageTest, Times_CountsDeadThreadsToo)
{
    // __exit_signal: "Accumulate here the counters for all threads as they
    // die".
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    tick(*other, TickMode::User, 200);
    kernel->exit_thread(*other, 0);
    ASSERT_GE(call(__NR_times, kOut), 0);
    EXPECT_EQ(load_tms().tms_utime, 20);
}

TEST_F(ResourceUsageTest, Times_ChildrenTimes_AreThoseOfChildrenWaitedFor)
{
    // tms_cutime "is the sum of the tms_utime and tms_cutime values for
    // all waited-for terminated children".
    run_and_reap_child(120, 30);
    proc::Thread* unwaited = spawn_child();
    ASSERT_NE(unwaited, nullptr);
    tick(*unwaited, TickMode::User, 500);
    kernel->exit_thread(*unwaited, 0);
    ASSERT_GE(call(__NR_times, kOut), 0);
    const struct tms value = load_tms();
    EXPECT_EQ(value.tms_cutime, 12);
    EXPECT_EQ(value.tms_cstime, 3);
    EXPECT_EQ(value.tms_utime, 0);
}

TEST_F(ResourceUsageTest, Times_ChildrenTimes_IncludeGrandchildrenTheChildWaitedFor)
{
    // "the sum of the tms_utime and tms_cutime values": a grandchild the
    // child waited for counts, through the child.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    proc::Thread* grandchild = fork_from(*child);
    ASSERT_NE(grandchild, nullptr);
    tick(*grandchild, TickMode::User, 100);
    const u64 grandchild_pid = tgid_of(*grandchild);
    kernel->exit_thread(*grandchild, 0);
    ASSERT_EQ(call_as(*child, __NR_wait4, grandchild_pid, 0, 0, 0), static_cast<i64>(grandchild_pid));
    const u64 child_pid = tgid_of(*child);
    kernel->exit_thread(*child, 0);
    ASSERT_EQ(call(__NR_wait4, child_pid, 0, 0, 0), static_cast<i64>(child_pid));
    ASSERT_GE(call(__NR_times, kOut), 0);
    EXPECT_EQ(load_tms().tms_cutime, 10);
}

TEST_F(ResourceUsageTest, Times_ChildReapedAutomatically_DoesNotCount)
{
    // Only children "waited for": with SIGCHLD ignored a child is reaped
    // at its exit (release_task, no wait_task_zombie).
    caller().signal_actions->action(SIGCHLD).handler = signal::kSigIgnore;
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    tick(*child, TickMode::User, 100);
    kernel->exit_thread(*child, 0);
    ASSERT_GE(call(__NR_times, kOut), 0);
    EXPECT_EQ(load_tms().tms_cutime, 0);
}

TEST_F(ResourceUsageTest, Times_ReturnsClockTicksSinceLinuxsEpoch)
{
    // times(2): "the number of clock ticks that have elapsed since an
    // arbitrary point in the past ... (2^32/HZ) - 300 seconds before
    // system boot time" - jiffies from INITIAL_JIFFIES, in USER_HZ.
    // Sirius's HZ is its 1 kHz tick.
    const i64 jiffies = (i64 { 1 } << 32) - 300 * 1000 + clock.monotonic_now() / kTick;
    const i64 first = call(__NR_times, 0);
    EXPECT_EQ(first, jiffies / 10); // jiffies_64_to_clock_t: HZ 1000 to USER_HZ 100
    idle(kSecond);
    EXPECT_EQ(call(__NR_times, 0), first + 100);
}

TEST_F(ResourceUsageTest, Times_NullBuffer_IsAllowed)
{
    EXPECT_GT(call(__NR_times, 0), 0);
}

TEST_F(ResourceUsageTest, Times_BadBuffer_IsEfault)
{
    // times(2) EFAULT: "tms points outside the process's address space".
    EXPECT_EQ(call(__NR_times, kUnmapped), -EFAULT);
    EXPECT_EQ(call(__NR_times, kKernelAddress), -EFAULT);
    EXPECT_EQ(call(__NR_times, 1), -EFAULT);
}

// --- getrusage --------------------------------------------------------------------

TEST_F(ResourceUsageTest, GetrusageSelf_IsTheWholeProcess)
{
    // getrusage(2) RUSAGE_SELF: "Return resource usage statistics for the
    // calling process, which is the sum of resources used by all threads
    // in the process."
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    tick(caller(), TickMode::User, 1500);
    tick(*other, TickMode::System, 7);
    ASSERT_EQ(call(__NR_getrusage, RUSAGE_SELF, kOut), 0);
    const struct rusage usage = load_rusage();
    EXPECT_EQ(usec(usage.ru_utime), 1500 * kUsecPerTick);
    EXPECT_EQ(usage.ru_utime.tv_sec, 1);
    EXPECT_EQ(usec(usage.ru_stime), 7 * kUsecPerTick);
}

TEST_F(ResourceUsageTest, GetrusageThread_IsTheCallingThreadOnly)
{
    // RUSAGE_THREAD: "Return resource usage statistics for the calling
    // thread."
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    tick(caller(), TickMode::User, 5);
    tick(*other, TickMode::User, 9);
    tick(*other, TickMode::System, 2);
    ASSERT_EQ(call_as(*other, __NR_getrusage, RUSAGE_THREAD, kOut), 0);
    const struct rusage usage = load_rusage();
    EXPECT_EQ(usec(usage.ru_utime), 9 * kUsecPerTick);
    EXPECT_EQ(usec(usage.ru_stime), 2 * kUsecPerTick);
}

TEST_F(ResourceUsageTest, GetrusageChildren_IsTheChildrenWaitedFor)
{
    // RUSAGE_CHILDREN: "all children of the calling process that have
    // terminated and been waited for".
    run_and_reap_child(40, 3);
    run_and_reap_child(2, 0);
    tick(caller(), TickMode::User, 1000);
    ASSERT_EQ(call(__NR_getrusage, static_cast<u64>(RUSAGE_CHILDREN), kOut), 0);
    const struct rusage usage = load_rusage();
    EXPECT_EQ(usec(usage.ru_utime), 42 * kUsecPerTick);
    EXPECT_EQ(usec(usage.ru_stime), 3 * kUsecPerTick);
}

TEST_F(ResourceUsageTest, Getrusage_UntrackedFields_AreZero)
{
    // Sirius counts no resident set, faults, I/O or context switches: the
    // rest of struct rusage is 0, as Linux fills it for a task that has
    // none.
    fill_out(0x5a);
    tick(caller(), TickMode::User, 3);
    ASSERT_EQ(call(__NR_getrusage, RUSAGE_SELF, kOut), 0);
    const struct rusage usage = load_rusage();
    EXPECT_EQ(usage.ru_maxrss, 0);
    EXPECT_EQ(usage.ru_minflt, 0);
    EXPECT_EQ(usage.ru_majflt, 0);
    EXPECT_EQ(usage.ru_nvcsw, 0);
    EXPECT_EQ(usage.ru_nivcsw, 0);
}

TEST_F(ResourceUsageTest, Getrusage_OtherWho_IsEinvalBeforeEfault)
{
    // getrusage(2) EINVAL: "who is invalid" - RUSAGE_BOTH (-2) is the
    // kernel's own, and the check comes before the copy (the host: -2 with
    // a bad pointer is EINVAL).
    for (i64 who : { -2, 2, 3, -3, 0x7fffffff }) {
        EXPECT_EQ(call(__NR_getrusage, static_cast<u64>(who), kOut), -EINVAL) << who;
        EXPECT_EQ(call(__NR_getrusage, static_cast<u64>(who), 1), -EINVAL) << who;
    }
}

TEST_F(ResourceUsageTest, Getrusage_BadOrNullPointer_IsEfault)
{
    // EFAULT: "usage points outside the accessible address space"; NULL
    // too.
    EXPECT_EQ(call(__NR_getrusage, RUSAGE_SELF, 0), -EFAULT);
    EXPECT_EQ(call(__NR_getrusage, RUSAGE_THREAD, kUnmapped), -EFAULT);
    EXPECT_EQ(call(__NR_getrusage, static_cast<u64>(RUSAGE_CHILDREN), kKernelAddress), -EFAULT);
}

TEST_F(ResourceUsageTest, Getrusage_WhoIsAnInt)
{
    EXPECT_EQ(call(__NR_getrusage, 0x100000000ULL | RUSAGE_THREAD, kOut), 0);
    EXPECT_EQ(call(__NR_getrusage, 0xffffffffULL, kOut), 0); // RUSAGE_CHILDREN
}

} // namespace
} // namespace sirius::testing
