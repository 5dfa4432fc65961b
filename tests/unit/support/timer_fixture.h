#pragma once

// The fixture of the time tests: a SignalTest whose clock moves only when
// the test moves it, with timer ticks charged and timer work run as the
// platform does them (core/time/tick.h).
#include <linux/time_types.h>

#include "core/time/tick.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {

class TimerTest : public SignalTest {
public:
    static constexpr i64 kTick = host::HostClock::kTickPeriod; // 1 ms
    static constexpr i64 kMillisecond = 1'000'000;
    static constexpr i64 kSecond = 1'000'000'000;

protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        clock.freeze();
    }

    // `count` timer interrupts that find `thread` running in `mode`: each
    // moves the clock on a tick and charges it; the thread's return to
    // user space then runs the timer work.
    void tick(proc::Thread& thread, time::TickMode mode, int count = 1)
    {
        for (int i = 0; i < count; ++i) {
            clock.advance(kTick);
            time::account_tick(*kernel, thread, mode);
            time::run_timer_work(*kernel, &thread);
        }
    }
    // `duration` passes with every thread asleep; the idle loop runs the
    // timer work once at the end.
    void idle(i64 duration)
    {
        clock.advance(duration);
        time::run_timer_work(*kernel, nullptr);
    }

    // A struct __kernel_old_itimerval in the caller's memory.
    void store_itimerval(u64 address, i64 value_sec, i64 value_usec, i64 interval_sec = 0, i64 interval_usec = 0)
    {
        const struct __kernel_old_itimerval value { { interval_sec, interval_usec }, { value_sec, value_usec } };
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), &value, sizeof(value)).has_value());
    }
    struct __kernel_old_itimerval load_itimerval(u64 address)
    {
        struct __kernel_old_itimerval value { { -1, -1 }, { -1, -1 } };
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(address), sizeof(value)).has_value());
        return value;
    }
    static i64 microseconds(const struct __kernel_old_timeval& time) { return time.tv_sec * 1'000'000 + time.tv_usec; }
};

} // namespace sirius::testing
