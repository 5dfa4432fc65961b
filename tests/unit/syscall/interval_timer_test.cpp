// getitimer(2), setitimer(2) and alarm(2) through the syscall table, as
// Linux's kernel/time/itimer.c and posix-cpu-timers.c have them: which
// clock each timer counts, when it fires and with what, how it reloads,
// what fork, execve and exit do to it, and the errno of each rule in
// Linux's order. Time moves only when a test moves it (TimerTest); where
// the man pages are silent the expectation is what the host's Linux 6.18
// did.
#include <sys/time.h>

#include "core/signal/delivery.h"
#include "tests/unit/support/timer_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kNew = KernelTest::kUserData + 0x100;
constexpr u64 kOld = KernelTest::kUserData + 0x200;
constexpr u64 kUnmapped = 0xdead0000;

using time::TickMode;

class IntervalTimerTest : public TimerTest {
protected:
    // The timers' signals are caught: by default each would kill the
    // process as it is sent (complete_signal), and a dying process takes
    // no more.
    void SetUp() override
    {
        TimerTest::SetUp();
        for (int signal : { SIGALRM, SIGVTALRM, SIGPROF }) {
            set_handler(caller(), signal, 0x401000);
        }
    }

    // setitimer(which, {value, interval} in microseconds, NULL).
    i64 set(u64 which, i64 value_us, i64 interval_us = 0)
    {
        store_itimerval(kNew, value_us / 1'000'000, value_us % 1'000'000, interval_us / 1'000'000, interval_us % 1'000'000);
        return call(__NR_setitimer, which, kNew, 0);
    }
    // getitimer(which): the time left in microseconds (the test fails on
    // an error).
    i64 left(u64 which)
    {
        EXPECT_EQ(call(__NR_getitimer, which, kOld), 0);
        return microseconds(load_itimerval(kOld).it_value);
    }
    i64 period(u64 which)
    {
        EXPECT_EQ(call(__NR_getitimer, which, kOld), 0);
        return microseconds(load_itimerval(kOld).it_interval);
    }
    // What delivery does with the group's next signal (dequeue_signal).
    signal::SignalInfo take(int signal)
    {
        signal::SignalSet others(~u64 { 0 });
        others.remove(signal);
        return signal::dequeue_signal(caller(), others);
    }
};

// --- ITIMER_REAL -------------------------------------------------------------------

TEST_F(IntervalTimerTest, SetitimerReal_CountsDownInRealTime_ThenSendsSigalrm)
{
    // setitimer(2): ITIMER_REAL "counts down in real (i.e., wall clock)
    // time. At each expiration, a SIGALRM signal is generated."
    ASSERT_EQ(set(ITIMER_REAL, 100'000), 0);
    idle(99 * kMillisecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
    EXPECT_EQ(left(ITIMER_REAL), 1'000);
    idle(kMillisecond);
    EXPECT_TRUE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, SetitimerReal_Sigalrm_IsFromTheKernelToTheProcess)
{
    // it_real_fn: kill_pid_info(SIGALRM, SEND_SIG_PRIV, tgid) - the
    // process's signal, si_code SI_KERNEL and no sender (the host's
    // handler saw si_code 128, si_pid 0).
    ASSERT_EQ(set(ITIMER_REAL, 10'000), 0);
    idle(10 * kMillisecond);
    EXPECT_FALSE(thread_pending(caller(), SIGALRM));
    const signal::SignalInfo info = take(SIGALRM);
    EXPECT_EQ(info.signo, SIGALRM);
    EXPECT_EQ(info.code, signal::kSiKernel);
    EXPECT_EQ(info.sender_pid(), 0);
}

TEST_F(IntervalTimerTest, SetitimerReal_RunsOnlyWhenTheTimerWorkRuns)
{
    // The tick only counts; the timer fires from the platform's safe point
    // (core/time/tick.h), which a test is.
    ASSERT_EQ(set(ITIMER_REAL, 10'000), 0);
    clock.advance(20 * kMillisecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
    // getitimer(2) meanwhile: itimer_get_remtime's "1usec for an pending
    // expired timer".
    EXPECT_EQ(left(ITIMER_REAL), 1);
    time::run_timer_work(*kernel, nullptr);
    EXPECT_TRUE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, SetitimerReal_SingleShot_IsDisarmedAfterItFires)
{
    // "if both of its subfields are zero, the timer is single-shot".
    ASSERT_EQ(set(ITIMER_REAL, 10'000), 0);
    idle(10 * kMillisecond);
    EXPECT_EQ(take(SIGALRM).signo, SIGALRM);
    EXPECT_EQ(left(ITIMER_REAL), 0);
    idle(kSecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, SetitimerReal_Periodic_ReloadsWhenItsSigalrmIsTaken)
{
    // getitimer(2): it_value "will be reset to it_interval when the timer
    // expires" - in Linux when the SIGALRM is dequeued
    // (posixtimer_rearm_itimer), a whole number of periods after the
    // first expiry.
    ASSERT_EQ(set(ITIMER_REAL, 20'000, 30'000), 0);
    idle(25 * kMillisecond);
    EXPECT_EQ(take(SIGALRM).signo, SIGALRM);
    // Expired at 20 ms, taken at 25 ms: next at 50 ms.
    EXPECT_EQ(left(ITIMER_REAL), 25'000);
    EXPECT_EQ(period(ITIMER_REAL), 30'000);
    idle(25 * kMillisecond);
    EXPECT_TRUE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, SetitimerReal_Periodic_SkipsThePeriodsMissedBeforeTheSignalIsTaken)
{
    // hrtimer_forward: the next expiry is the first one still to come.
    ASSERT_EQ(set(ITIMER_REAL, 10'000, 10'000), 0);
    idle(10 * kMillisecond);
    idle(35 * kMillisecond); // now 45 ms
    EXPECT_EQ(take(SIGALRM).signo, SIGALRM);
    EXPECT_EQ(left(ITIMER_REAL), 5'000);
}

TEST_F(IntervalTimerTest, SetitimerReal_PeriodicWithSigalrmBlocked_StopsAfterOneExpiry)
{
    // A blocked SIGALRM is not dequeued, so the timer is not rearmed: the
    // host's getitimer read it_value 0 with it_interval still set, and one
    // SIGALRM came once it was unblocked.
    block(caller(), SIGALRM);
    ASSERT_EQ(set(ITIMER_REAL, 20'000, 30'000), 0);
    idle(100 * kMillisecond);
    EXPECT_EQ(left(ITIMER_REAL), 0);
    EXPECT_EQ(period(ITIMER_REAL), 30'000);
    EXPECT_TRUE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, SetitimerReal_PeriodicWithSigalrmIgnored_StopsAfterOneExpiry)
{
    // An ignored signal is dropped when sent, so nothing rearms the timer
    // (the host: it_value 0 after 100 ms of a 20 ms/30 ms timer).
    caller().signal_actions->action(SIGALRM).handler = signal::kSigIgnore;
    ASSERT_EQ(set(ITIMER_REAL, 20'000, 30'000), 0);
    idle(100 * kMillisecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
    EXPECT_EQ(left(ITIMER_REAL), 0);
}

TEST_F(IntervalTimerTest, SetitimerReal_ZeroValue_DisarmsAndClearsThePeriod)
{
    // "If both fields in new_value.it_value are zero, then the timer is
    // disarmed" - the host's getitimer then read it_interval 0 too.
    ASSERT_EQ(set(ITIMER_REAL, 50'000, 30'000), 0);
    ASSERT_EQ(set(ITIMER_REAL, 0, 3'000'000), 0);
    EXPECT_EQ(left(ITIMER_REAL), 0);
    EXPECT_EQ(period(ITIMER_REAL), 0);
    idle(kSecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, SetitimerReal_OldValue_IsWhatGetitimerWouldHaveSaid)
{
    // "If old_value is non-NULL, the buffer it points to is used to return
    // the previous value of the timer".
    ASSERT_EQ(set(ITIMER_REAL, 2'000'000, 500'000), 0);
    idle(300 * kMillisecond);
    store_itimerval(kNew, 5, 0);
    ASSERT_EQ(call(__NR_setitimer, ITIMER_REAL, kNew, kOld), 0);
    const struct __kernel_old_itimerval old = load_itimerval(kOld);
    EXPECT_EQ(microseconds(old.it_value), 1'700'000);
    EXPECT_EQ(microseconds(old.it_interval), 500'000);
    EXPECT_EQ(left(ITIMER_REAL), 5'000'000);
}

TEST_F(IntervalTimerTest, Getitimer_UnarmedTimers_ReadZero)
{
    // "If both fields of it_value are zero, then this timer is currently
    // disarmed (inactive)."
    for (u64 which : { ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF }) {
        EXPECT_EQ(left(which), 0) << which;
        EXPECT_EQ(period(which), 0) << which;
    }
}

TEST_F(IntervalTimerTest, SetitimerReal_NullNewValue_Disarms)
{
    // sys_setitimer: a NULL value is all zeros ("Misfeature support will
    // be removed"); the host 6.18 still disarms with it.
    ASSERT_EQ(set(ITIMER_REAL, 5'000'000), 0);
    ASSERT_EQ(call(__NR_setitimer, ITIMER_REAL, 0, kOld), 0);
    EXPECT_EQ(microseconds(load_itimerval(kOld).it_value), 5'000'000);
    EXPECT_EQ(left(ITIMER_REAL), 0);
}

TEST_F(IntervalTimerTest, SetitimerReal_HugeValue_NeverFires)
{
    // timespec64_to_ktime: KTIME_MAX from KTIME_SEC_MAX seconds on.
    store_itimerval(kNew, 0x7fffffffffffffff, 0);
    ASSERT_EQ(call(__NR_setitimer, ITIMER_REAL, kNew, 0), 0);
    idle(1000 * kSecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
    EXPECT_GT(left(ITIMER_REAL), 0);
}

// --- ITIMER_VIRTUAL and ITIMER_PROF ----------------------------------------------

TEST_F(IntervalTimerTest, SetitimerVirtual_CountsUserTimeOnly_ThenSendsSigvtalrm)
{
    // ITIMER_VIRTUAL "counts down against the user-mode CPU time consumed
    // by the process ... At each expiration, a SIGVTALRM signal is
    // generated." Timers "will never expire before the requested time":
    // Linux adds a tick ("nval += TICK_NSEC").
    ASSERT_EQ(set(ITIMER_VIRTUAL, 5'000), 0);
    tick(caller(), TickMode::System, 20);
    idle(kSecond);
    EXPECT_FALSE(group_pending(caller(), SIGVTALRM));
    tick(caller(), TickMode::User, 5);
    EXPECT_FALSE(group_pending(caller(), SIGVTALRM));
    tick(caller(), TickMode::User);
    EXPECT_TRUE(group_pending(caller(), SIGVTALRM));
    const signal::SignalInfo info = take(SIGVTALRM);
    EXPECT_EQ(info.code, signal::kSiKernel);
}

TEST_F(IntervalTimerTest, SetitimerProf_CountsUserAndSystemTime_ThenSendsSigprof)
{
    // ITIMER_PROF "counts down against the total (i.e., both user and
    // system) CPU time consumed by the process".
    ASSERT_EQ(set(ITIMER_PROF, 4'000), 0);
    tick(caller(), TickMode::User, 2);
    tick(caller(), TickMode::System, 2);
    EXPECT_FALSE(group_pending(caller(), SIGPROF));
    tick(caller(), TickMode::System);
    EXPECT_TRUE(group_pending(caller(), SIGPROF));
    EXPECT_FALSE(group_pending(caller(), SIGVTALRM));
}

TEST_F(IntervalTimerTest, CpuTimers_CountEveryThreadOfTheProcess)
{
    // "the CPU time consumed by the process": all its threads'.
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    ASSERT_EQ(set(ITIMER_PROF, 3'000), 0);
    tick(caller(), TickMode::User, 2);
    tick(*other, TickMode::User, 2);
    EXPECT_TRUE(group_pending(caller(), SIGPROF));
}

TEST_F(IntervalTimerTest, CpuTimers_IdleTime_CountsForNothing)
{
    ASSERT_EQ(set(ITIMER_PROF, 1'000), 0);
    ASSERT_EQ(set(ITIMER_VIRTUAL, 1'000), 0);
    idle(10 * kSecond);
    EXPECT_FALSE(group_pending(caller(), SIGPROF));
    EXPECT_FALSE(group_pending(caller(), SIGVTALRM));
}

TEST_F(IntervalTimerTest, CpuTimers_Periodic_ReloadAtOnce)
{
    // check_cpu_itimer: "if (it->incr) it->expires += it->incr" - no wait
    // for the signal to be taken.
    ASSERT_EQ(set(ITIMER_VIRTUAL, 2'000, 3'000), 0);
    tick(caller(), TickMode::User, 3);
    EXPECT_EQ(take(SIGVTALRM).signo, SIGVTALRM);
    tick(caller(), TickMode::User, 2);
    EXPECT_FALSE(group_pending(caller(), SIGVTALRM));
    tick(caller(), TickMode::User);
    EXPECT_TRUE(group_pending(caller(), SIGVTALRM));
    EXPECT_EQ(period(ITIMER_VIRTUAL), 3'000);
}

TEST_F(IntervalTimerTest, GetitimerVirtual_RightAfterSetting_ReadsATickMore)
{
    // The host: setitimer(ITIMER_VIRTUAL, 1 s) then getitimer read
    // 1.004000 (its tick, 4 ms; Sirius's is 1 ms).
    ASSERT_EQ(set(ITIMER_VIRTUAL, 1'000'000), 0);
    EXPECT_EQ(left(ITIMER_VIRTUAL), 1'001'000);
    tick(caller(), TickMode::User, 100);
    EXPECT_EQ(left(ITIMER_VIRTUAL), 901'000);
}

TEST_F(IntervalTimerTest, SetitimerVirtual_OldValue_IsTheTimeLeftWithItsTick)
{
    // The host: old values 1.004000 and then 3.004000.
    ASSERT_EQ(set(ITIMER_VIRTUAL, 1'000'000), 0);
    store_itimerval(kNew, 3, 0);
    ASSERT_EQ(call(__NR_setitimer, ITIMER_VIRTUAL, kNew, kOld), 0);
    EXPECT_EQ(microseconds(load_itimerval(kOld).it_value), 1'001'000);
    store_itimerval(kNew, 0, 0);
    ASSERT_EQ(call(__NR_setitimer, ITIMER_VIRTUAL, kNew, kOld), 0);
    EXPECT_EQ(microseconds(load_itimerval(kOld).it_value), 3'001'000);
    EXPECT_EQ(left(ITIMER_VIRTUAL), 0);
}

TEST_F(IntervalTimerTest, GetitimerVirtual_SetToTheLargestTime_ReadsBackWrappedAsLinuxDoes)
{
    // timespec64_to_ns saturates at KTIME_MAX, the tick added then goes
    // past it, and ns_to_timespec64 reads the u64 as negative: the host
    // read -9223372037.149224 for tv_sec LONG_MAX (its tick is 4 ms).
    store_itimerval(kNew, 0x7fffffffffffffff, 0);
    ASSERT_EQ(call(__NR_setitimer, ITIMER_VIRTUAL, kNew, 0), 0);
    ASSERT_EQ(call(__NR_getitimer, ITIMER_VIRTUAL, kOld), 0);
    const struct __kernel_old_itimerval value = load_itimerval(kOld);
    EXPECT_EQ(value.it_value.tv_sec, -9223372037);
    EXPECT_EQ(value.it_value.tv_usec, 146'224);
}

// --- alarm -----------------------------------------------------------------------

TEST_F(IntervalTimerTest, Alarm_SendsSigalrmAfterThatManySeconds)
{
    // alarm(2): "arranges for a SIGALRM signal to be delivered to the
    // calling process in seconds seconds".
    EXPECT_EQ(call(__NR_alarm, 2), 0);
    idle(2 * kSecond - kMillisecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
    idle(kMillisecond);
    EXPECT_TRUE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, Alarm_Zero_CancelsThePendingAlarmAndReturnsItsSeconds)
{
    // "If seconds is zero, any pending alarm is canceled"; "returns the
    // number of seconds remaining until any previously scheduled alarm
    // was due to be delivered, or zero if there was no previously
    // scheduled alarm" (the host: 0, 5, 0).
    EXPECT_EQ(call(__NR_alarm, 5), 0);
    EXPECT_EQ(call(__NR_alarm, 0), 5);
    EXPECT_EQ(call(__NR_alarm, 0), 0);
    idle(10 * kSecond);
    EXPECT_FALSE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, Alarm_SecondsLeft_AreRoundedAsAlarmSetitimer)
{
    // alarm_setitimer: "We can't return 0 if we have an alarm pending ...
    // And we'd better return too much than too little anyway" - the host
    // answered 1 for 0.3 s, 2 for 2.3 s and 3 for 2.7 s.
    const struct {
        i64 us;
        i64 seconds;
    } cases[] = { { 300'000, 1 }, { 2'300'000, 2 }, { 2'700'000, 3 }, { 2'500'000, 3 }, { 1, 1 }, { 4'000'000, 4 } };
    for (const auto& each : cases) {
        ASSERT_EQ(set(ITIMER_REAL, each.us), 0);
        EXPECT_EQ(call(__NR_alarm, 0), each.seconds) << each.us;
    }
}

TEST_F(IntervalTimerTest, Alarm_SharesItsTimerWithItimerReal)
{
    // alarm(2): "setitimer(2) and alarm() share the same timer"; a new
    // alarm is single-shot.
    ASSERT_EQ(set(ITIMER_REAL, 3'000'000, 1'000'000), 0);
    EXPECT_EQ(call(__NR_alarm, 7), 3);
    EXPECT_EQ(left(ITIMER_REAL), 7'000'000);
    EXPECT_EQ(period(ITIMER_REAL), 0);
}

TEST_F(IntervalTimerTest, Alarm_ArgumentIsAnUnsignedInt)
{
    // SYSCALL_DEFINE1(alarm, unsigned int, seconds): the upper half of the
    // register is not looked at.
    EXPECT_EQ(call(__NR_alarm, 0x100000003ULL), 0);
    EXPECT_EQ(left(ITIMER_REAL), 3'000'000);
}

// --- fork, execve (execve_test.cpp), exit --------------------------------------------

TEST_F(IntervalTimerTest, Fork_ChildDoesNotInheritTheTimers)
{
    // fork(2): "The child does not inherit timers from its parent
    // (setitimer(2), alarm(2), timer_create(2))."
    ASSERT_EQ(set(ITIMER_REAL, 10'000), 0);
    ASSERT_EQ(set(ITIMER_PROF, 10'000), 0);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    for (auto kind : { time::IntervalTimerKind::Real, time::IntervalTimerKind::Virtual, time::IntervalTimerKind::Prof }) {
        EXPECT_EQ(child->process().interval_timers().get(kind, clock), time::IntervalTimerValue {});
    }
    idle(20 * kMillisecond);
    tick(*child, TickMode::User, 20);
    EXPECT_FALSE(group_pending(*child, SIGALRM));
    EXPECT_FALSE(group_pending(*child, SIGPROF));
    EXPECT_TRUE(group_pending(caller(), SIGALRM));
}

TEST_F(IntervalTimerTest, Threads_ShareTheProcessTimers)
{
    // setitimer(2): "A process has only one of each of the three types of
    // timers" - any thread sets and reads the same one.
    proc::Thread* other = spawn_thread();
    ASSERT_NE(other, nullptr);
    ASSERT_EQ(set(ITIMER_REAL, 2'000'000), 0);
    EXPECT_EQ(call_as(*other, __NR_alarm, 0), 2);
    EXPECT_EQ(left(ITIMER_REAL), 0);
}

TEST_F(IntervalTimerTest, Exit_CancelsTheTimers)
{
    // do_exit: "hrtimer_cancel(&tsk->signal->real_timer)" when the group
    // dies - a child's alarm never fires once it is gone.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(call_as(*child, __NR_alarm, 1), 0);
    proc::Process& process = child->process();
    const RefPtr<proc::Process> keep(&process);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(process.interval_timers().get(time::IntervalTimerKind::Real, clock), time::IntervalTimerValue {});
    idle(2 * kSecond);
    EXPECT_FALSE(process.shared_pending().set().contains(SIGALRM));
}

// --- errors ------------------------------------------------------------------------

TEST_F(IntervalTimerTest, Getitimer_BadWhich_IsEinvalBeforeEfault)
{
    // getitimer(2) EINVAL: "which is not one of ITIMER_REAL,
    // ITIMER_VIRTUAL, or ITIMER_PROF" - do_getitimer runs before the copy
    // (the host: which 7 with NULL is EINVAL).
    EXPECT_EQ(call(__NR_getitimer, 7, 0), -EINVAL);
    EXPECT_EQ(call(__NR_getitimer, static_cast<u64>(-1), kOld), -EINVAL);
    EXPECT_EQ(call(__NR_getitimer, 3, kUnmapped), -EINVAL);
}

TEST_F(IntervalTimerTest, Getitimer_BadOrNullPointer_IsEfault)
{
    // "EFAULT new_value, old_value, or curr_value is not valid a pointer";
    // NULL too.
    EXPECT_EQ(call(__NR_getitimer, ITIMER_REAL, 0), -EFAULT);
    EXPECT_EQ(call(__NR_getitimer, ITIMER_PROF, kUnmapped), -EFAULT);
}

TEST_F(IntervalTimerTest, Setitimer_BadWhich_IsEinval)
{
    EXPECT_EQ(set(7, 1'000), -EINVAL);
    EXPECT_EQ(call(__NR_setitimer, 7, 0, 0), -EINVAL);
}

TEST_F(IntervalTimerTest, Setitimer_BadNewValuePointer_IsEfaultBeforeTheWhichIsLookedAt)
{
    // get_itimerval comes first (the host: which 7 and value 1 is EFAULT).
    EXPECT_EQ(call(__NR_setitimer, 7, 1, 0), -EFAULT);
    EXPECT_EQ(call(__NR_setitimer, ITIMER_REAL, kUnmapped, 0), -EFAULT);
}

TEST_F(IntervalTimerTest, Setitimer_InvalidTimeval_IsEinvalAndChangesNothing)
{
    // EINVAL "(since Linux 2.6.22) new_value.it_value or
    // new_value.it_interval is invalid": timeval_valid, tv_sec >= 0 and
    // tv_usec in [0, 999999] as an unsigned long.
    ASSERT_EQ(set(ITIMER_REAL, 5'000'000), 0);
    const struct {
        i64 value_sec, value_usec, interval_sec, interval_usec;
    } cases[] = { { 0, 1'000'000, 0, 0 }, { 0, -1, 0, 0 }, { -1, 0, 0, 0 }, { 0, 0, 0, 1'000'000 }, { 1, 0, -5, 0 } };
    for (const auto& each : cases) {
        store_itimerval(kNew, each.value_sec, each.value_usec, each.interval_sec, each.interval_usec);
        EXPECT_EQ(call(__NR_setitimer, ITIMER_REAL, kNew, kOld), -EINVAL);
    }
    EXPECT_EQ(left(ITIMER_REAL), 5'000'000);
    // Before the which (the host: a bad tv_usec with which 9 is EINVAL).
    store_itimerval(kNew, 0, 1'000'000);
    EXPECT_EQ(call(__NR_setitimer, 9, kNew, 0), -EINVAL);
}

TEST_F(IntervalTimerTest, Setitimer_BadOldValuePointer_IsEfaultAfterTheTimerIsSet)
{
    // The old value is written last: the host read 6 s left after a
    // setitimer of 7 s that returned EFAULT.
    store_itimerval(kNew, 7, 0);
    EXPECT_EQ(call(__NR_setitimer, ITIMER_REAL, kNew, kUnmapped), -EFAULT);
    EXPECT_EQ(left(ITIMER_REAL), 7'000'000);
}

TEST_F(IntervalTimerTest, Which_IsAnInt)
{
    // The upper half of the register is not looked at.
    ASSERT_EQ(set(0x100000000ULL | ITIMER_PROF, 1'000), 0);
    EXPECT_EQ(left(ITIMER_PROF), 2'000);
}

} // namespace
} // namespace sirius::testing
