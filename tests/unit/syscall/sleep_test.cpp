// nanosleep(2) and clock_nanosleep(2) through the syscall table, as Linux's
// kernel/time/hrtimer.c (hrtimer_nanosleep, do_nanosleep) and
// posix-timers.c (sys_clock_nanosleep) have them: the deadline each request
// makes, the errno of each rule in Linux's order, and what a signal does to
// a sleep. Where the man pages are silent the expectation is what the host's
// Linux 6.18 did with raw syscalls.
#include <ctime>
#include <functional>
#include <linux/time_types.h>

#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "core/time/tick.h"
#include "platform/host/fake_user_context.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kRequest = KernelTest::kUserData + 0x100;
constexpr u64 kRemaining = KernelTest::kUserData + 0x200;
constexpr u64 kUnmapped = 0xdead0000;
constexpr u64 kKernelAddress = 0xffff800000000000;
constexpr i64 kSecond = 1'000'000'000;
constexpr i64 kForever = 0x7fffffffffffffff; // KTIME_MAX
constexpr u64 kHandler = 0x401000;
constexpr u64 kInterruptedIp = 0x400500;

// Negative clock ids (Linux include/linux/posix-timers_types.h
// MAKE_PROCESS_CPUCLOCK and FD_TO_CLOCKID; not in the UAPI headers).
constexpr u64 process_cpu_clock(i32 pid, i32 which) { return static_cast<u64>(static_cast<i64>((~pid * 8) | which)); }
constexpr u64 thread_cpu_clock(i32 tid, i32 which) { return process_cpu_clock(tid, which | 4); }
constexpr i64 kTick = host::HostClock::kTickPeriod;
constexpr u64 fd_clock(i32 fd) { return static_cast<u64>(static_cast<i64>((~fd * 8) | 3)); }

class SleepSyscallTest : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        // Handler frames go into the caller's mapped memory.
        registers().rsp = kUserData + kUserDataSize - 512;
        registers().rip = kInterruptedIp;
    }
    host::FakeUserContext& registers() { return static_cast<host::FakeUserContext&>(*caller().context); }

    // A struct __kernel_timespec at kRequest; returns its address.
    u64 request(i64 seconds, i64 nanoseconds)
    {
        const struct __kernel_timespec time { seconds, nanoseconds };
        EXPECT_TRUE(caller_space().backing().copy_to_user(UserAddress(kRequest), &time, sizeof(time)).has_value());
        return kRequest;
    }
    // kRemaining, filled with a marker that no sleep writes.
    u64 remaining()
    {
        const struct __kernel_timespec marker { 55, 55 };
        EXPECT_TRUE(caller_space().backing().copy_to_user(UserAddress(kRemaining), &marker, sizeof(marker)).has_value());
        return kRemaining;
    }
    struct __kernel_timespec load_remaining()
    {
        struct __kernel_timespec time { -1, -1 };
        EXPECT_TRUE(caller_space().backing().copy_from_user(&time, UserAddress(kRemaining), sizeof(time)).has_value());
        return time;
    }
    bool remaining_untouched()
    {
        const struct __kernel_timespec time = load_remaining();
        return time.tv_sec == 55 && time.tv_nsec == 55;
    }

    void send(int signal)
    {
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    }
    // The next sleep is interrupted by `signal`; `deadline_is`, if given,
    // checks the deadline it sleeps to.
    void interrupt_next_sleep(int signal, std::function<void(hal::Nanoseconds)> deadline_is = nullptr)
    {
        EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, _))
            .WillOnce([this, signal, deadline_is](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds deadline) {
                if (deadline_is) {
                    deadline_is(deadline);
                }
                EXPECT_FALSE(ready());
                send(signal);
                EXPECT_TRUE(ready());
                return hal::WakeReason::Woken;
            });
    }
    // The deadline of the next sleep, which then times out.
    hal::Nanoseconds next_deadline(const std::function<i64()>& sleep, i64 expect_result = 0)
    {
        hal::Nanoseconds seen = -1;
        EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, _))
            .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds deadline) {
                EXPECT_FALSE(ready());
                seen = deadline;
                return hal::WakeReason::TimedOut;
            });
        EXPECT_EQ(sleep(), expect_result);
        ::testing::Mock::VerifyAndClearExpectations(&scheduler);
        return seen;
    }

    i64 nanosleep(u64 request_address, u64 remaining_address = 0) { return call(__NR_nanosleep, request_address, remaining_address); }
    i64 clock_nanosleep(u64 clock_id, u64 flags, u64 request_address, u64 remaining_address = 0)
    {
        return call(__NR_clock_nanosleep, clock_id, flags, request_address, remaining_address);
    }

    // A whole syscall, with the signal work on the way out; returns rax.
    i64 run(u64 number, u64 a0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0)
    {
        registers().orig_rax = number;
        syscall::SyscallContext context { *kernel, caller() };
        const syscall::SyscallArguments args { { a0, a1, a2, a3, 0, 0 } };
        EXPECT_EQ(syscall::run_syscall(context, number, args), signal::ReturnToUser::Resume);
        return static_cast<i64>(registers().rax);
    }
    // The handler that run() entered returns: what the interrupted call
    // returned to user space.
    i64 return_from_handler()
    {
        EXPECT_EQ(registers().rip, kHandler);
        registers().rsp += 8;
        return run(__NR_rt_sigreturn, 0);
    }

    void enter_time_namespace(i64 monotonic, i64 boottime)
    {
        ns::NamespaceSet set = caller().namespaces->namespaces();
        ASSERT_OK_AND_ASSIGN(set.time, try_make_ref<ns::TimeNamespace>(kernel->initial_user_namespace(), 0xeffff000U, ns::TimeOffsets { monotonic, boottime }));
        ASSERT_OK_AND_ASSIGN(caller().namespaces, try_make_ref<ns::NsProxy>(set));
    }
};

// --- nanosleep: the request ------------------------------------------------------

TEST_F(SleepSyscallTest, Nanosleep_BadRequest_IsEfault)
{
    // nanosleep(2) EFAULT: "Problem with copying information from user
    // space"; a NULL request too (the host).
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_EQ(nanosleep(0), -EFAULT);
    EXPECT_EQ(nanosleep(kUnmapped), -EFAULT);
    EXPECT_EQ(nanosleep(kKernelAddress, remaining()), -EFAULT);
    EXPECT_TRUE(remaining_untouched());
}

TEST_F(SleepSyscallTest, Nanosleep_InvalidTimespec_IsEinval)
{
    // nanosleep(2) EINVAL: "The value in the tv_nsec field was not in the
    // range [0, 999999999] or tv_sec was negative." All 64 bits of tv_nsec
    // count (the host: 1 << 32 is EINVAL).
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_EQ(nanosleep(request(-1, 0)), -EINVAL);
    EXPECT_EQ(nanosleep(request(0, 1'000'000'000)), -EINVAL);
    EXPECT_EQ(nanosleep(request(0, -1)), -EINVAL);
    EXPECT_EQ(nanosleep(request(0, 0x100000000)), -EINVAL);
    EXPECT_EQ(nanosleep(request(1, 0x8000000000000000)), -EINVAL);
}

// --- nanosleep: the sleep ----------------------------------------------------------

TEST_F(SleepSyscallTest, Nanosleep_SleepsInterruptiblyForTheRequestOnTheMonotonicClock)
{
    // nanosleep(2): "suspends the execution of the calling thread until
    // either at least the time specified in *req has elapsed, or ... a
    // signal"; "measures the time using the CLOCK_MONOTONIC clock".
    const hal::Nanoseconds before = clock.monotonic_now();
    const hal::Nanoseconds deadline = next_deadline([&] { return nanosleep(request(2, 500)); });
    EXPECT_GE(deadline, before + 2 * kSecond + 500);
    EXPECT_LE(deadline, clock.monotonic_now() + 2 * kSecond + 500);
}

TEST_F(SleepSyscallTest, Nanosleep_Completed_LeavesRemAlone)
{
    // rem is written only by an interrupted sleep: a bad one does not
    // matter to a sleep that completes (the host: 0).
    EXPECT_EQ(nanosleep(request(0, 1000), remaining()), 0);
    EXPECT_TRUE(remaining_untouched());
    EXPECT_EQ(nanosleep(request(0, 1000), kUnmapped), 0);
}

TEST_F(SleepSyscallTest, Nanosleep_Zero_ReturnsAtOnce)
{
    EXPECT_EQ(nanosleep(request(0, 0)), 0);
}

TEST_F(SleepSyscallTest, Nanosleep_HugeRequest_SaturatesAtKtimeMax)
{
    // timespec64_to_ktime and ktime_add_safe: never wraps into the past.
    EXPECT_EQ(next_deadline([&] { return nanosleep(request(kForever, 999'999'999)); }), kForever);
    EXPECT_EQ(next_deadline([&] { return nanosleep(request(9'223'372'036, 0)); }), kForever);
}

TEST_F(SleepSyscallTest, Nanosleep_WakeupWithoutASignal_SleepsOnToTheSameDeadline)
{
    // do_nanosleep: "while (t->task && !signal_pending(current))".
    hal::Nanoseconds first = -1;
    EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds deadline) {
            first = deadline;
            return hal::WakeReason::Interrupted;
        })
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds deadline) {
            EXPECT_EQ(deadline, first);
            return hal::WakeReason::Woken;
        })
        .WillOnce(::testing::Return(hal::WakeReason::TimedOut));
    EXPECT_EQ(nanosleep(request(10, 0), remaining()), 0);
    EXPECT_TRUE(remaining_untouched());
}

TEST_F(SleepSyscallTest, Nanosleep_BlockedSignal_DoesNotInterrupt)
{
    // A blocked signal is not deliverable: the sleep goes on.
    set_handler(caller(), SIGUSR1, kHandler);
    block(caller(), SIGUSR1);
    send(SIGUSR1);
    EXPECT_EQ(nanosleep(request(1, 0), remaining()), 0);
    EXPECT_TRUE(remaining_untouched());
}

// --- nanosleep: interrupted -----------------------------------------------------------

TEST_F(SleepSyscallTest, Nanosleep_InterruptedByAHandler_IsEintrWithTheTimeLeftInRem)
{
    // nanosleep(2): "If the call is interrupted by a signal handler,
    // nanosleep() returns -1, sets errno to EINTR, and writes the remaining
    // time into the structure pointed to by rem".
    set_handler(caller(), SIGUSR1, kHandler);
    interrupt_next_sleep(SIGUSR1);
    run(__NR_nanosleep, request(10, 0), remaining());
    const struct __kernel_timespec left = load_remaining();
    EXPECT_GT(left.tv_sec * kSecond + left.tv_nsec, 9 * kSecond);
    EXPECT_LE(left.tv_sec * kSecond + left.tv_nsec, 10 * kSecond);
    EXPECT_GE(left.tv_nsec, 0);
    EXPECT_LT(left.tv_nsec, kSecond);
    EXPECT_EQ(return_from_handler(), -EINTR);
}

TEST_F(SleepSyscallTest, Nanosleep_InterruptedByASaRestartHandler_IsStillEintr)
{
    // signal(7): nanosleep is "never restarted after being interrupted by a
    // signal handler, regardless of the use of SA_RESTART" (the host).
    set_handler(caller(), SIGUSR1, kHandler, SA_RESTART);
    interrupt_next_sleep(SIGUSR1);
    run(__NR_nanosleep, request(10, 0), remaining());
    EXPECT_FALSE(remaining_untouched());
    EXPECT_EQ(return_from_handler(), -EINTR);
}

TEST_F(SleepSyscallTest, Nanosleep_InterruptedWithoutRem_IsEintr)
{
    // The host: a NULL rem is allowed; the call is EINTR all the same.
    set_handler(caller(), SIGUSR1, kHandler);
    interrupt_next_sleep(SIGUSR1);
    run(__NR_nanosleep, request(10, 0), 0);
    EXPECT_EQ(return_from_handler(), -EINTR);
}

TEST_F(SleepSyscallTest, Nanosleep_InterruptedWithABadRem_IsEfault)
{
    // nanosleep_copyout: "if (put_timespec64(ts, restart->nanosleep.rmtp))
    // return -EFAULT;" - the host returns EFAULT, not EINTR.
    set_handler(caller(), SIGUSR1, kHandler);
    interrupt_next_sleep(SIGUSR1);
    EXPECT_EQ(nanosleep(request(10, 0), kUnmapped), -EFAULT);
}

TEST_F(SleepSyscallTest, Nanosleep_SignalPendingAtTheStart_EndsTheSleepAtOnce)
{
    // schedule() does not sleep in TASK_INTERRUPTIBLE with a signal
    // pending: the whole request is left.
    set_handler(caller(), SIGUSR1, kHandler);
    send(SIGUSR1);
    EXPECT_CALL(scheduler, wait_until_deadline(_, hal::BlockMode::Interruptible, _, _))
        .WillOnce([](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds) {
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(nanosleep(request(3, 0), remaining()), -ERESTARTNOHAND);
    const struct __kernel_timespec left = load_remaining();
    EXPECT_GT(left.tv_sec * kSecond + left.tv_nsec, 2 * kSecond);
    EXPECT_LE(left.tv_sec * kSecond + left.tv_nsec, 3 * kSecond);
}

TEST_F(SleepSyscallTest, Nanosleep_SignalAfterTheDeadline_Succeeds)
{
    // do_nanosleep: with the time up, "if (rem <= 0) return 0;" - the
    // signal is delivered on the way out of a successful call.
    set_handler(caller(), SIGUSR1, kHandler);
    interrupt_next_sleep(SIGUSR1);
    EXPECT_EQ(nanosleep(request(0, 0), remaining()), 0);
    EXPECT_TRUE(remaining_untouched());
}

TEST_F(SleepSyscallTest, Nanosleep_StoppedAndContinued_WritesRemAndRestarts)
{
    // Without a handler (SIGSTOP, then SIGCONT) the time left is written
    // all the same (the host) and the call restarts. Linux restarts through
    // restart_syscall(2) to the first expiry; Sirius has no restart_block
    // and runs nanosleep again (ERESTARTNOHAND), with the whole request.
    interrupt_next_sleep(SIGSTOP);
    proc::Process& process = caller().process();
    EXPECT_CALL(scheduler, wait_until(Ref(process.group_signals().stopped_threads), hal::BlockMode::Killable, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_TRUE(process.group_signals().stopped);
            send(SIGCONT);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    const u64 request_address = request(10, 0);
    EXPECT_EQ(run(__NR_nanosleep, request_address, remaining()), __NR_nanosleep);
    EXPECT_EQ(registers().rip, kInterruptedIp - 2);
    const struct __kernel_timespec left = load_remaining();
    EXPECT_GT(left.tv_sec * kSecond + left.tv_nsec, 9 * kSecond);
    EXPECT_LE(left.tv_sec * kSecond + left.tv_nsec, 10 * kSecond);
}

TEST_F(SleepSyscallTest, Nanosleep_Killed_ExitsTheThread)
{
    // A fatal signal ends the sleep and the thread.
    interrupt_next_sleep(SIGKILL);
    registers().orig_rax = __NR_nanosleep;
    syscall::SyscallContext context { *kernel, caller() };
    const syscall::SyscallArguments args { { request(10, 0), 0, 0, 0, 0, 0 } };
    EXPECT_EQ(syscall::run_syscall(context, __NR_nanosleep, args), signal::ReturnToUser::Exited);
}

// --- clock_nanosleep: the clock and the request -----------------------------------------

TEST_F(SleepSyscallTest, ClockNanosleep_UnknownClock_IsEinvalBeforeTheRequest)
{
    // clock_nanosleep(2) EINVAL: "clockid was invalid"; no k_clock, so the
    // request is not read (the host: 10, 12 and 100 with a bad request).
    for (u64 id : { u64 { 10 }, u64 { 12 }, u64 { 16 }, u64 { 100 } }) {
        EXPECT_EQ(clock_nanosleep(id, 0, kUnmapped), -EINVAL) << id;
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_ClocksThatCannotSleep_AreEopnotsuppBeforeTheRequest)
{
    // "if (!kc->nsleep) return -EOPNOTSUPP;" (clock_nanosleep(2) ENOTSUP:
    // "The kernel does not support sleeping against this clockid"). The
    // host: CLOCK_THREAD_CPUTIME_ID is EOPNOTSUPP too, whatever the man
    // page's EINVAL says; so are CLOCK_MONOTONIC_RAW, the coarse clocks and
    // a dynamic clock.
    for (u64 id : { u64 { CLOCK_THREAD_CPUTIME_ID }, u64 { CLOCK_MONOTONIC_RAW }, u64 { CLOCK_REALTIME_COARSE }, u64 { CLOCK_MONOTONIC_COARSE }, fd_clock(0) }) {
        EXPECT_EQ(clock_nanosleep(id, 0, kUnmapped), -EOPNOTSUPP) << id;
        EXPECT_EQ(clock_nanosleep(id, 0, request(-1, 0)), -EOPNOTSUPP) << id;
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_BadRequest_IsEfault)
{
    // clock_nanosleep(2) EFAULT: "request or remain specified an invalid
    // address".
    for (u64 id : { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_TAI }) {
        EXPECT_EQ(clock_nanosleep(id, 0, kUnmapped), -EFAULT) << id;
        EXPECT_EQ(clock_nanosleep(id, TIMER_ABSTIME, 0), -EFAULT) << id;
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_InvalidTimespec_IsEinval)
{
    // clock_nanosleep(2) EINVAL: "The value in the tv_nsec field was not in
    // the range [0, 999999999] or tv_sec was negative", absolute or not.
    for (u64 flags : { 0, TIMER_ABSTIME }) {
        EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, flags, request(-1, 0)), -EINVAL);
        EXPECT_EQ(clock_nanosleep(CLOCK_REALTIME, flags, request(0, 1'000'000'000)), -EINVAL);
        EXPECT_EQ(clock_nanosleep(CLOCK_BOOTTIME, flags, request(0, -1)), -EINVAL);
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_AlarmClocks_AreEopnotsuppAfterTheRequest)
{
    // alarm_timer_nsleep: "if (!alarmtimer_get_rtcdev()) return
    // -EOPNOTSUPP;", after the request was read and checked (the host:
    // EFAULT, EINVAL, then EOPNOTSUPP).
    for (u64 id : { CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM }) {
        EXPECT_EQ(clock_nanosleep(id, 0, kUnmapped), -EFAULT) << id;
        EXPECT_EQ(clock_nanosleep(id, 0, request(-1, 0)), -EINVAL) << id;
        EXPECT_EQ(clock_nanosleep(id, 0, request(0, 1000)), -EOPNOTSUPP) << id;
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_CpuClocks_ReadTheRequestFirst)
{
    // posix_cpu_nsleep runs after sys_clock_nanosleep read and checked the
    // request: EFAULT, then EINVAL for a bad timespec.
    for (u64 id : { u64 { CLOCK_PROCESS_CPUTIME_ID }, process_cpu_clock(0, 2), process_cpu_clock(999999, 2), u64 { 0xffffffff } }) {
        EXPECT_EQ(clock_nanosleep(id, 0, kUnmapped), -EFAULT) << id;
        EXPECT_EQ(clock_nanosleep(id, 0, request(-1, 0)), -EINVAL) << id;
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_OwnThreadCpuClock_IsEinval)
{
    // posix_cpu_nsleep: "if (CPUCLOCK_PERTHREAD(which_clock) &&
    // (CPUCLOCK_PID(which_clock) == 0 || CPUCLOCK_PID(which_clock) ==
    // task_pid_vnr(current))) return -EINVAL;" - its own clock would never
    // move (the host: EINVAL for tid 0 and for its own tid).
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    const auto tid = static_cast<i32>(tid_of(caller()));
    EXPECT_EQ(clock_nanosleep(thread_cpu_clock(0, 2), 0, request(0, 1000)), -EINVAL);
    EXPECT_EQ(clock_nanosleep(thread_cpu_clock(tid, 2), 0, request(0, 1000)), -EINVAL);
    EXPECT_EQ(clock_nanosleep(thread_cpu_clock(tid, 0), TIMER_ABSTIME, request(0, 1000)), -EINVAL);
    // CPUCLOCK_WHICH 3 with the per-thread bit and pid 0 is this rule too.
    EXPECT_EQ(clock_nanosleep(0xffffffff, 0, request(0, 1000)), -EINVAL);
}

TEST_F(SleepSyscallTest, ClockNanosleep_CpuClockOfNoTask_IsEinval)
{
    // posix_cpu_timer_create: "pid = pid_for_clock(new_timer->it_clock,
    // false); if (!pid) return -EINVAL;" (the host: pid 999999).
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(clock_nanosleep(process_cpu_clock(999999, 2), 0, request(0, 1000)), -EINVAL);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(clock_nanosleep(thread_cpu_clock(static_cast<i32>(tid_of(*child)), 2), 0, request(0, 1000)), -EINVAL);
}

TEST_F(SleepSyscallTest, ClockNanosleep_ProcessCputime_SleepsUntilTheProcessUsedTheTime)
{
    // clock_nanosleep(2) on CLOCK_PROCESS_CPUTIME_ID: the caller sleeps
    // while the process's other threads run, until its CPU clock has
    // counted the request; the ticks wake it to look (run_timer_work).
    proc::Thread* worker = spawn_thread();
    ASSERT_NE(worker, nullptr);
    int ticks = 0;
    EXPECT_CALL(scheduler, wait_until(Ref(kernel->cpu_clock_sleepers()), hal::BlockMode::Interruptible, _))
        .WillRepeatedly([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            while (!ready()) {
                time::account_tick(*kernel, *worker, time::TickMode::User);
                time::run_timer_work(*kernel, worker);
                ++ticks;
            }
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, request(0, 3 * kTick)), 0);
    EXPECT_EQ(ticks, 3);
}

TEST_F(SleepSyscallTest, ClockNanosleep_OtherThreadsCpuClock_SleepsUntilThatThreadUsedTheTime)
{
    // A thread's clock of another thread of the process (pthread_getcpuclockid(3)),
    // absolute: until that thread's CPU time reaches the time.
    proc::Thread* worker = spawn_thread();
    ASSERT_NE(worker, nullptr);
    time::account_tick(*kernel, *worker, time::TickMode::System);
    int ticks = 0;
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillRepeatedly([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        while (!ready()) {
            time::account_tick(*kernel, caller(), time::TickMode::User); // not the clock's thread
            time::account_tick(*kernel, *worker, time::TickMode::User);
            ++ticks;
        }
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(clock_nanosleep(thread_cpu_clock(static_cast<i32>(tid_of(*worker)), 2), TIMER_ABSTIME, request(0, 5 * kTick)), 0);
    EXPECT_EQ(ticks, 4);
}

TEST_F(SleepSyscallTest, ClockNanosleep_CpuClockAlreadyThere_ReturnsAtOnce)
{
    // posix_cpu_timer_set: a time of 0 leaves the timer disarmed and one
    // already reached fires at once: "It actually did fire already" (the
    // host: 0 for absolute 1 ms on its own process clock, and on pid 1's).
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    for (int i = 0; i < 2; ++i) {
        time::account_tick(*kernel, caller(), time::TickMode::User);
    }
    EXPECT_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, request(0, kTick)), 0);
    EXPECT_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, request(0, 2 * kTick)), 0);
    EXPECT_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, request(0, 0)), 0);
    EXPECT_EQ(clock_nanosleep(process_cpu_clock(1, 2), TIMER_ABSTIME, request(0, 0)), 0);
    // Even with a signal pending.
    send(SIGUSR1);
    EXPECT_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, request(0, kTick)), 0);
}

TEST_F(SleepSyscallTest, ClockNanosleep_CpuClockInterrupted_WritesTheCpuTimeStillToGo)
{
    // do_cpu_nanosleep: interrupted, "Report back to the user the time
    // still remaining" - CPU time; EINTR to a handler (Sirius:
    // ERESTARTNOHAND, as for its other relative sleeps).
    proc::Thread* worker = spawn_thread();
    ASSERT_NE(worker, nullptr);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        for (int i = 0; i < 4; ++i) {
            time::account_tick(*kernel, *worker, time::TickMode::User);
        }
        EXPECT_FALSE(ready());
        send(SIGUSR1);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, request(0, 10 * kTick), remaining()), -ERESTARTNOHAND);
    const struct __kernel_timespec left = load_remaining();
    EXPECT_EQ(left.tv_sec, 0);
    EXPECT_EQ(left.tv_nsec, 6 * kTick);
}

TEST_F(SleepSyscallTest, ClockNanosleep_CpuClockInterruptedAbsolute_RestartsAndWritesNothing)
{
    // posix_cpu_nsleep: "if (flags & TIMER_ABSTIME) return -ERESTARTNOHAND;".
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Interruptible, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        send(SIGUSR1);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, request(5, 0), remaining()), -ERESTARTNOHAND);
    EXPECT_TRUE(remaining_untouched());
}

// --- clock_nanosleep: the deadline ------------------------------------------------------------

TEST_F(SleepSyscallTest, ClockNanosleep_Relative_SleepsForTheRequestOnEveryClock)
{
    // clock_nanosleep(2): without TIMER_ABSTIME "the interval specified in
    // request is interpreted as a relative time"; a relative CLOCK_REALTIME
    // timer runs on CLOCK_MONOTONIC (__hrtimer_init).
    for (u64 id : { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_TAI }) {
        const hal::Nanoseconds before = clock.monotonic_now();
        const hal::Nanoseconds deadline = next_deadline([&] { return clock_nanosleep(id, 0, request(1, 7)); });
        EXPECT_GE(deadline, before + kSecond + 7) << id;
        EXPECT_LE(deadline, clock.monotonic_now() + kSecond + 7) << id;
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_Relative_IgnoresTheTimeNamespace)
{
    // An interval is the same in every namespace.
    enter_time_namespace(1000 * kSecond, 2000 * kSecond);
    const hal::Nanoseconds before = clock.monotonic_now();
    const hal::Nanoseconds deadline = next_deadline([&] { return clock_nanosleep(CLOCK_MONOTONIC, 0, request(1, 0)); });
    EXPECT_GE(deadline, before + kSecond);
    EXPECT_LE(deadline, clock.monotonic_now() + kSecond);
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteMonotonic_IsTheDeadline)
{
    // TIMER_ABSTIME: "request is interpreted as an absolute time as
    // measured by the clock, clockid".
    EXPECT_EQ(next_deadline([&] { return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, request(7'000'000, 9)); }), hal::Nanoseconds { 7'000'000 } * kSecond + 9);
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteBoottime_IsTheMonotonicDeadline)
{
    // Boot time is monotonic time while nothing suspends.
    EXPECT_EQ(next_deadline([&] { return clock_nanosleep(CLOCK_BOOTTIME, TIMER_ABSTIME, request(5'000'000, 1)); }), hal::Nanoseconds { 5'000'000 } * kSecond + 1);
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteInATimeNamespace_LosesTheOffset)
{
    // timens_ktime_to_host: CLOCK_MONOTONIC loses the monotonic offset,
    // CLOCK_BOOTTIME the boottime one (the host: 100 ms past the
    // namespace's now sleeps 100 ms).
    enter_time_namespace(1000 * kSecond, 2000 * kSecond);
    EXPECT_EQ(next_deadline([&] { return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, request(5'000'000, 0)); }), hal::Nanoseconds { 5'000'000 - 1000 } * kSecond);
    EXPECT_EQ(next_deadline([&] { return clock_nanosleep(CLOCK_BOOTTIME, TIMER_ABSTIME, request(5'000'000, 0)); }), hal::Nanoseconds { 5'000'000 - 2000 } * kSecond);
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteBelowTheNamespaceOffset_HasPassed)
{
    // "if it's lesser than the time namespace's offset - it's already
    // expired" (the host: at once).
    enter_time_namespace(1000 * kSecond, 0);
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, 0)).WillOnce(::testing::Return(hal::WakeReason::TimedOut));
    EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, request(500, 0)), 0);
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteRealtime_MeasuresAgainstTheWallClock)
{
    // A wall-clock time one second from now is a monotonic deadline one
    // second from now; CLOCK_TAI reads the same while its offset is 0.
    for (u64 id : { CLOCK_REALTIME, CLOCK_TAI }) {
        const hal::Nanoseconds wall = clock.realtime_now() + kSecond;
        const hal::Nanoseconds before = clock.monotonic_now();
        const hal::Nanoseconds deadline = next_deadline([&] { return clock_nanosleep(id, TIMER_ABSTIME, request(wall / kSecond, wall % kSecond)); });
        EXPECT_GE(deadline, before + kSecond - kSecond / 10) << id;
        EXPECT_LE(deadline, clock.monotonic_now() + kSecond + kSecond / 10) << id;
    }
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteInThePast_ReturnsAtOnce)
{
    // clock_nanosleep(2): "If, at the time of the call, the value specified
    // by request is less than or equal to the current value of the clock,
    // then clock_nanosleep() returns immediately without suspending".
    EXPECT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, request(0, 1000), kUnmapped), 0);
    EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, request(0, 0), kUnmapped), 0);
}

TEST_F(SleepSyscallTest, ClockNanosleep_OtherFlagBits_AreIgnored)
{
    // Only TIMER_ABSTIME is looked at, and flags is an int (the host: 0xfe
    // is a relative sleep, -1 an absolute one, 0x100000000 a relative one).
    const hal::Nanoseconds before = clock.monotonic_now();
    const hal::Nanoseconds relative = next_deadline([&] { return clock_nanosleep(CLOCK_MONOTONIC, 0xfe, request(1, 0)); });
    EXPECT_GE(relative, before + kSecond);
    EXPECT_EQ(next_deadline([&] { return clock_nanosleep(CLOCK_MONOTONIC, ~u64 { 0 }, request(4'000'000, 0)); }), hal::Nanoseconds { 4'000'000 } * kSecond);
    const hal::Nanoseconds upper = next_deadline([&] { return clock_nanosleep(0x100000000ULL | CLOCK_MONOTONIC, 0x100000000ULL, request(1, 0)); });
    EXPECT_GE(upper, before + kSecond);
    EXPECT_LE(upper, clock.monotonic_now() + kSecond);
}

// --- clock_nanosleep: interrupted ----------------------------------------------------------------

TEST_F(SleepSyscallTest, ClockNanosleep_RelativeInterrupted_IsEintrWithTheTimeLeftInRemain)
{
    // clock_nanosleep(2): "If remain is not NULL, and flags was not
    // TIMER_ABSTIME, it returns the remaining unslept time in remain"; the
    // call returns EINTR (the host, on CLOCK_REALTIME).
    set_handler(caller(), SIGUSR1, kHandler);
    interrupt_next_sleep(SIGUSR1);
    run(__NR_clock_nanosleep, CLOCK_REALTIME, 0, request(10, 0), remaining());
    const struct __kernel_timespec left = load_remaining();
    EXPECT_GT(left.tv_sec * kSecond + left.tv_nsec, 9 * kSecond);
    EXPECT_LE(left.tv_sec * kSecond + left.tv_nsec, 10 * kSecond);
    EXPECT_EQ(return_from_handler(), -EINTR);
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteInterrupted_IsEintrAndLeavesRemainAlone)
{
    // "the remain argument is unused, and unnecessary" with TIMER_ABSTIME:
    // not written even if bad (hrtimer_nanosleep: "Absolute timers do not
    // update the rmtp value and restart").
    set_handler(caller(), SIGUSR1, kHandler, SA_RESTART);
    interrupt_next_sleep(SIGUSR1, [](hal::Nanoseconds deadline) { EXPECT_EQ(deadline, hal::Nanoseconds { 9'000'000 } * kSecond); });
    EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, request(9'000'000, 0), kUnmapped), -ERESTARTNOHAND);
    caller().pending.clear();
    interrupt_next_sleep(SIGUSR1);
    run(__NR_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, request(9'000'000, 0), remaining());
    EXPECT_TRUE(remaining_untouched());
    EXPECT_EQ(return_from_handler(), -EINTR);
}

TEST_F(SleepSyscallTest, ClockNanosleep_AbsoluteStoppedAndContinued_RestartsToTheSameTime)
{
    // Without a handler an absolute sleep restarts with its arguments
    // (ERESTARTNOHAND in Linux too), so to the same time.
    interrupt_next_sleep(SIGSTOP);
    proc::Process& process = caller().process();
    EXPECT_CALL(scheduler, wait_until(Ref(process.group_signals().stopped_threads), hal::BlockMode::Killable, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
            send(SIGCONT);
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(run(__NR_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, request(9'000'000, 0), remaining()), __NR_clock_nanosleep);
    EXPECT_EQ(registers().rip, kInterruptedIp - 2);
    EXPECT_TRUE(remaining_untouched());
}

} // namespace
} // namespace sirius::testing
