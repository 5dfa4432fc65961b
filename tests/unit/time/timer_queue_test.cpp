// core/time/timer_queue: the kernel's timers on the monotonic clock, as
// Linux's hrtimer queue orders and runs them (timerqueue, __run_hrtimer).
#include <vector>

#include "core/time/timer_queue.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

// A timer that records its runs; it may arm itself again once.
class RecordingTimer final : public time::KernelTimer {
public:
    RecordingTimer(std::vector<int>& log, int name)
        : m_log(log)
        , m_name(name)
    {
    }
    time::TimerQueue* rearm_on { nullptr };
    hal::Nanoseconds rearm_at { 0 };

private:
    void expire(proc::Kernel&) override
    {
        m_log.push_back(m_name);
        if (time::TimerQueue* queue = exchange(rearm_on, nullptr)) {
            queue->arm(*this, rearm_at);
        }
    }
    std::vector<int>& m_log;
    int m_name;
};

class TimerQueueTest : public KernelTest {
protected:
    void SetUp() override
    {
        KernelTest::SetUp();
        clock.freeze();
    }

    time::TimerQueue queue { clock };
    std::vector<int> log;
};

TEST_F(TimerQueueTest, RunExpired_RunsTheDueTimersEarliestFirst)
{
    RecordingTimer a(log, 1);
    RecordingTimer b(log, 2);
    RecordingTimer c(log, 3);
    queue.arm(a, 300);
    queue.arm(b, 100);
    queue.arm(c, 200);
    queue.run_expired(*kernel, 250);
    EXPECT_EQ(log, (std::vector<int> { 2, 3 }));
    EXPECT_FALSE(b.is_armed());
    EXPECT_TRUE(a.is_armed());
    queue.run_expired(*kernel, 300);
    EXPECT_EQ(log, (std::vector<int> { 2, 3, 1 }));
}

TEST_F(TimerQueueTest, EqualExpiries_RunInTheOrderTheyWereArmed)
{
    // The timerqueue puts an equal key after the ones already there.
    RecordingTimer a(log, 1);
    RecordingTimer b(log, 2);
    RecordingTimer c(log, 3);
    queue.arm(a, 100);
    queue.arm(b, 100);
    queue.arm(c, 50);
    queue.run_expired(*kernel, 100);
    EXPECT_EQ(log, (std::vector<int> { 3, 1, 2 }));
}

TEST_F(TimerQueueTest, Arm_AnArmedTimer_MovesIt)
{
    // hrtimer_start on a queued timer restarts it at the new time.
    RecordingTimer a(log, 1);
    queue.arm(a, 100);
    queue.arm(a, 500);
    EXPECT_EQ(a.expiry(), 500);
    queue.run_expired(*kernel, 400);
    EXPECT_TRUE(log.empty());
    queue.run_expired(*kernel, 500);
    EXPECT_EQ(log, (std::vector<int> { 1 }));
}

TEST_F(TimerQueueTest, Cancel_DisarmsAndIsHarmlessTwice)
{
    RecordingTimer a(log, 1);
    queue.arm(a, 100);
    time::TimerQueue::cancel(a);
    time::TimerQueue::cancel(a);
    EXPECT_FALSE(a.is_armed());
    queue.run_expired(*kernel, 1000);
    EXPECT_TRUE(log.empty());
}

TEST_F(TimerQueueTest, ATimerArmedAgainForAPastTime_RunsAgainInTheSameRun)
{
    RecordingTimer a(log, 1);
    a.rearm_on = &queue;
    a.rearm_at = 150;
    queue.arm(a, 100);
    queue.run_expired(*kernel, 200);
    EXPECT_EQ(log, (std::vector<int> { 1, 1 }));
}

TEST_F(TimerQueueTest, ADestroyedTimer_LeavesTheQueue)
{
    {
        RecordingTimer a(log, 1);
        queue.arm(a, 100);
    }
    queue.run_expired(*kernel, 1000);
    EXPECT_TRUE(log.empty());
}

} // namespace
} // namespace sirius::testing
