// pause(2) through the syscall table and the return to user space, as
// kernel/signal.c has it: "while (!signal_pending(current)) schedule();
// return -ERESTARTNOHAND;".
#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "platform/host/fake_user_context.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kHandler = 0x401000;
constexpr u64 kInterruptedIp = 0x400500;

class PauseSyscallTest : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        registers().rsp = kUserData + kUserDataSize - 512;
        registers().rip = kInterruptedIp;
    }
    host::FakeUserContext& registers() { return static_cast<host::FakeUserContext&>(*caller().context); }

    void send(int signal)
    {
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    }
    // The next wait of pause is ended by `signal`.
    void interrupt_next_wait(int signal)
    {
        EXPECT_CALL(scheduler, wait_until(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _))
            .WillOnce([this, signal](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
                EXPECT_FALSE(ready());
                send(signal);
                EXPECT_TRUE(ready());
                return hal::WakeReason::Woken;
            });
    }
    // A whole syscall, with the signal work on the way out; returns rax.
    i64 run(u64 number)
    {
        registers().orig_rax = number;
        syscall::SyscallContext context { *kernel, caller() };
        const syscall::SyscallArguments args {};
        EXPECT_EQ(syscall::run_syscall(context, number, args), signal::ReturnToUser::Resume);
        return static_cast<i64>(registers().rax);
    }
    i64 return_from_handler()
    {
        EXPECT_EQ(registers().rip, kHandler);
        registers().rsp += 8;
        return run(__NR_rt_sigreturn);
    }
};

TEST_F(PauseSyscallTest, Pause_SleepsInterruptiblyUntilASignal_ThenIsErestartnohand)
{
    // pause(2): "causes the calling process (or thread) to sleep until a
    // signal is delivered".
    set_handler(caller(), SIGUSR1, kHandler);
    interrupt_next_wait(SIGUSR1);
    EXPECT_EQ(call(__NR_pause), -ERESTARTNOHAND);
}

TEST_F(PauseSyscallTest, Pause_CaughtSignal_ReturnsEintrWhenTheHandlerReturns)
{
    // pause(2) RETURN VALUE: "pause() returns only when a signal was caught
    // and the signal-catching function returned. In this case, pause()
    // returns -1, and errno is set to EINTR."
    set_handler(caller(), SIGUSR1, kHandler);
    interrupt_next_wait(SIGUSR1);
    run(__NR_pause);
    EXPECT_EQ(return_from_handler(), -EINTR);
}

TEST_F(PauseSyscallTest, Pause_SaRestartHandler_IsStillEintr)
{
    // signal(7): pause is not restarted after a handler, SA_RESTART or not
    // (ERESTARTNOHAND).
    set_handler(caller(), SIGUSR1, kHandler, SA_RESTART);
    interrupt_next_wait(SIGUSR1);
    run(__NR_pause);
    EXPECT_EQ(return_from_handler(), -EINTR);
}

TEST_F(PauseSyscallTest, Pause_SignalAlreadyPending_ReturnsWithoutSleeping)
{
    // "while (!signal_pending(current))": no sleep at all.
    set_handler(caller(), SIGUSR1, kHandler);
    send(SIGUSR1);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(call(__NR_pause), -ERESTARTNOHAND);
}

TEST_F(PauseSyscallTest, Pause_WakeupWithoutASignal_SleepsAgain)
{
    // A wake-up that finds nothing pending (the signal went to another
    // thread) goes back to sleep.
    set_handler(caller(), SIGUSR1, kHandler);
    EXPECT_CALL(scheduler, wait_until(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _))
        .WillOnce(::testing::Return(hal::WakeReason::Interrupted))
        .WillOnce(::testing::Return(hal::WakeReason::Woken))
        .WillOnce([this](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            send(SIGUSR1);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(call(__NR_pause), -ERESTARTNOHAND);
}

TEST_F(PauseSyscallTest, Pause_BlockedSignal_DoesNotEndTheSleep)
{
    // A blocked signal stays pending and is no signal_pending().
    set_handler(caller(), SIGUSR1, kHandler);
    block(caller(), SIGUSR1);
    EXPECT_CALL(scheduler, wait_until(Ref(caller().signal_wait), hal::BlockMode::Interruptible, _))
        .WillOnce([this](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            send(SIGUSR1);
            EXPECT_FALSE(ready());
            return hal::WakeReason::Interrupted;
        })
        .WillOnce([this](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            send(SIGUSR2);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    set_handler(caller(), SIGUSR2, kHandler);
    EXPECT_EQ(call(__NR_pause), -ERESTARTNOHAND);
    EXPECT_TRUE(thread_pending(caller(), SIGUSR1));
}

TEST_F(PauseSyscallTest, Pause_StoppedAndContinued_Restarts)
{
    // A stop then SIGCONT runs no handler: ERESTARTNOHAND restarts the
    // call, which sleeps again (the host's pause(2) does not return).
    interrupt_next_wait(SIGSTOP);
    proc::Process& process = caller().process();
    EXPECT_CALL(scheduler, wait_until(Ref(process.group_signals().stopped_threads), hal::BlockMode::Killable, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_TRUE(process.group_signals().stopped);
            send(SIGCONT);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(run(__NR_pause), __NR_pause);
    EXPECT_EQ(registers().rip, kInterruptedIp - 2);
}

TEST_F(PauseSyscallTest, Pause_Killed_ExitsTheThread)
{
    // pause(2): the sleep also ends with a signal "whose action is ... to
    // terminate the process".
    interrupt_next_wait(SIGKILL);
    registers().orig_rax = __NR_pause;
    syscall::SyscallContext context { *kernel, caller() };
    EXPECT_EQ(syscall::run_syscall(context, __NR_pause, syscall::SyscallArguments {}), signal::ReturnToUser::Exited);
}

} // namespace
} // namespace sirius::testing
