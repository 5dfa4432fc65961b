// core/time/cpu_time and tick: tick-based CPU-time accounting as Linux
// does it without VIRT_CPU_ACCOUNTING (account_process_tick,
// __exit_signal, wait_task_zombie): who a tick is charged to, and where the
// times of dead threads and waited-for children go.
#include "core/time/tick.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using time::CpuTimes;
using time::TickMode;

constexpr u64 kTick = host::HostClock::kTickPeriod;

class CpuTimeTest : public SignalTest {
protected:
    void charge(proc::Thread& thread, TickMode mode, int count = 1)
    {
        for (int i = 0; i < count; ++i) {
            time::account_tick(*kernel, thread, mode);
        }
    }
};

TEST_F(CpuTimeTest, AccountTick_ChargesATickOfUserOrSystemTimeToTheThreadAndItsProcess)
{
    // account_process_tick: "if (user_tick) account_user_time(p,
    // cputime); else ... account_system_time".
    charge(caller(), TickMode::User, 3);
    charge(caller(), TickMode::System);
    EXPECT_EQ(caller().cpu_time.sample(), (CpuTimes { 3 * kTick, kTick }));
    EXPECT_EQ(time::process_times(caller().process()), (CpuTimes { 3 * kTick, kTick }));
}

TEST_F(CpuTimeTest, NewThreadsAndProcesses_StartAtZero)
{
    // copy_process: "p->utime = p->stime = p->gtime = 0"; copy_signal
    // zeroes the group's and the children's times.
    charge(caller(), TickMode::User, 5);
    proc::Thread* thread = spawn_thread();
    proc::Thread* child = spawn_child();
    ASSERT_NE(thread, nullptr);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(thread->cpu_time.sample(), CpuTimes {});
    EXPECT_EQ(time::process_times(child->process()), CpuTimes {});
    EXPECT_EQ(child->process().children_times(), CpuTimes {});
}

TEST_F(CpuTimeTest, ProcessTimes_KeepTheTimesOfDeadThreads)
{
    // __exit_signal: "Accumulate here the counters for all threads as they
    // die".
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    charge(*thread, TickMode::System, 4);
    charge(caller(), TickMode::User, 1);
    kernel->exit_thread(*thread, 0);
    EXPECT_EQ(time::process_times(caller().process()), (CpuTimes { kTick, 4 * kTick }));
}

TEST_F(CpuTimeTest, CollectChildTimes_AddsTheChildsTimesAndItsChildrens)
{
    // wait_task_zombie: "psig->cutime += tgutime + sig->cutime".
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    charge(*child, TickMode::User, 2);
    child->process().children_times() = CpuTimes { 10 * kTick, 20 * kTick };
    caller().process().children_times() = CpuTimes { kTick, 0 };
    time::collect_child_times(caller().process(), child->process());
    EXPECT_EQ(caller().process().children_times(), (CpuTimes { 13 * kTick, 20 * kTick }));
    EXPECT_EQ(time::process_and_children_times(child->process()), (CpuTimes { 12 * kTick, 20 * kTick }));
}

TEST_F(CpuTimeTest, ToClockTicks_IsNsecToClockTRoundedDown)
{
    // nsec_to_clock_t: "div_u64(x, NSEC_PER_SEC / USER_HZ)".
    EXPECT_EQ(time::to_clock_ticks(0), 0);
    EXPECT_EQ(time::to_clock_ticks(9'999'999), 0);
    EXPECT_EQ(time::to_clock_ticks(10'000'000), 1);
    EXPECT_EQ(time::to_clock_ticks(2'345'000'000), 234);
}

TEST_F(CpuTimeTest, RunTimerWork_WakesTheCpuClockSleepers)
{
    // A sleep on a CPU-time clock looks again after ticks were charged.
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    hal::WaitQueueEntry entry;
    entry.thread = thread;
    kernel->cpu_clock_sleepers().waiters().append(entry);
    EXPECT_CALL(scheduler, wake_all(::testing::Ref(kernel->cpu_clock_sleepers())));
    time::run_timer_work(*kernel, &caller());
    entry.node.unlink();
}

} // namespace
} // namespace sirius::testing
