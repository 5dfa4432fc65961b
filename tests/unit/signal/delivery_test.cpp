// Signal delivery as Linux's get_signal, handle_signal and rt_sigreturn
// do it, and signal(7) and sigaction(2) state it: handler frames and the
// mask in a handler, default actions (terminate, core, stop, continue,
// ignore), syscall restart, nested handlers, and the way back.
#include <cstddef>

#include "core/signal/delivery.h"
#include "core/signal/kill.h"
#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kHandler = 0x401000;
constexpr u64 kOtherHandler = 0x402000;
constexpr u64 kRestorer = 0x403000;
constexpr u64 kSaRestorer = 0x04000000;
constexpr u32 kSsAutodisarm = 1U << 31; // <linux/signal.h>, which clashes with glibc
constexpr u64 kInterruptedIp = 0x400500;

u64 bit(int signal) { return u64 { 1 } << (signal - 1); }

class DeliveryTest : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        // Frames go into the caller's mapped memory.
        registers().rsp = kUserData + kUserDataSize - 512;
        registers().rip = kInterruptedIp;
    }
    host::FakeUserContext& registers(proc::Thread* thread = nullptr)
    {
        return static_cast<host::FakeUserContext&>(*(thread != nullptr ? thread : &caller())->context);
    }
    void catch_signal(int signal, u64 handler = kHandler, u64 flags = 0, u64 mask = 0)
    {
        signal::SignalAction& action = caller().signal_actions->action(signal);
        action.handler = handler;
        action.flags = flags | kSaRestorer;
        action.restorer = kRestorer;
        action.mask = signal::SignalSet(mask);
    }
    void raise(int signal, proc::Thread* target = nullptr)
    {
        const signal::SignalInfo info = signal::sender_info(caller(), signal, signal::kSiUser);
        ASSERT_TRUE(signal::send_signal(*kernel, info, target != nullptr ? *target : caller(), signal::SignalScope::Process,
                        signal::SignalSender::user(caller()))
                        .has_value());
    }
    signal::ReturnToUser deliver(const i64* syscall_result = nullptr) { return signal::handle_signals(*kernel, caller(), syscall_result); }
    // The handler returns: its `ret` pops the restorer, which calls
    // rt_sigreturn.
    i64 return_from_handler()
    {
        registers().rsp += 8;
        syscall::SyscallContext context { *kernel, caller() };
        syscall::SyscallArguments args;
        EXPECT_EQ(syscall::run_syscall(context, __NR_rt_sigreturn, args), signal::ReturnToUser::Resume);
        return static_cast<i64>(registers().rax);
    }
    signal::SignalInfo frame_info()
    {
        signal::SignalInfo info;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&info, UserAddress(registers().rsi), sizeof(info)).has_value());
        return info;
    }
    u64 return_address()
    {
        u64 address = 0;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&address, UserAddress(registers().rsp), sizeof(address)).has_value());
        return address;
    }
};

// --- handlers ------------------------------------------------------------

TEST_F(DeliveryTest, CaughtSignal_RunsTheHandlerWithItsSiginfo)
{
    catch_signal(SIGUSR1, kHandler, SA_SIGINFO);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_EQ(registers().rip, kHandler);
    EXPECT_EQ(registers().rdi, static_cast<u64>(SIGUSR1));
    EXPECT_EQ(return_address(), kRestorer);
    const signal::SignalInfo info = frame_info();
    EXPECT_EQ(info.signo, SIGUSR1);
    EXPECT_EQ(info.code, signal::kSiUser);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(tgid_of(caller())));
    EXPECT_FALSE(group_pending(caller(), SIGUSR1));
}

TEST_F(DeliveryTest, Handler_RunsWithTheSignalAndSaMaskBlocked)
{
    // sigaction(2): sa_mask "specifies a mask of signals which should be
    // blocked ... during execution of the signal handler. In addition, the
    // signal which triggered the handler will be blocked, unless the
    // SA_NODEFER flag is used."
    catch_signal(SIGUSR1, kHandler, 0, bit(SIGUSR2) | bit(SIGKILL));
    block(caller(), SIGINT);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_EQ(caller().blocked.bits(), bit(SIGUSR1) | bit(SIGUSR2) | bit(SIGINT));
}

TEST_F(DeliveryTest, SaNodefer_LeavesTheSignalUnblockedInTheHandler)
{
    catch_signal(SIGUSR1, kHandler, SA_NODEFER);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_FALSE(caller().blocked.contains(SIGUSR1));
}

TEST_F(DeliveryTest, SaResethand_RestoresTheDefaultOnEntry)
{
    // sigaction(2) SA_RESETHAND: "Restore the signal action to the default
    // upon entry to the signal handler." Linux keeps the flags and, unlike
    // SA_NODEFER, still blocks the signal in the handler.
    catch_signal(SIGUSR1, kHandler, SA_RESETHAND | SA_SIGINFO);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_EQ(registers().rip, kHandler);
    EXPECT_EQ(caller().signal_actions->action(SIGUSR1).handler, signal::kSigDefault);
    EXPECT_NE(caller().signal_actions->action(SIGUSR1).flags & SA_SIGINFO, 0U);
    EXPECT_TRUE(caller().blocked.contains(SIGUSR1));
}

TEST_F(DeliveryTest, Sigreturn_RestoresTheMaskAndTheInterruptedRegisters)
{
    catch_signal(SIGUSR1, kHandler, 0, bit(SIGUSR2));
    block(caller(), SIGINT);
    registers().rax = 1234;
    const u64 stack = registers().rsp;
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_EQ(return_from_handler(), 1234);
    EXPECT_EQ(registers().rip, kInterruptedIp);
    EXPECT_EQ(registers().rsp, stack);
    EXPECT_EQ(caller().blocked.bits(), bit(SIGINT));
}

TEST_F(DeliveryTest, Sigreturn_MaskFromTheFrameNeverBlocksSigkillOrSigstop)
{
    catch_signal(SIGUSR1);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    // The handler edits uc_sigmask (the fake's frame: mask after the registers).
    const u64 everything = ~u64 { 0 };
    const u64 mask_address = registers().rsp + offsetof(host::FakeUserContext::Frame, mask);
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(mask_address), &everything, sizeof(everything)).has_value());
    return_from_handler();
    EXPECT_FALSE(caller().blocked.contains(SIGKILL));
    EXPECT_FALSE(caller().blocked.contains(SIGSTOP));
    EXPECT_TRUE(caller().blocked.contains(SIGUSR1));
}

TEST_F(DeliveryTest, Sigreturn_BadFrame_KillsWithSigsegv)
{
    registers().rsp = 0xdead0000;
    syscall::SyscallContext context { *kernel, caller() };
    proc::Process& process = caller().process();
    process.ref();
    EXPECT_EQ(syscall::run_syscall(context, __NR_rt_sigreturn, syscall::SyscallArguments {}), signal::ReturnToUser::Exited);
    EXPECT_EQ(process.exit_status(), SIGSEGV);
    process.unref();
}

TEST_F(DeliveryTest, FrameCannotBeWritten_KillsWithSigsegv)
{
    catch_signal(SIGUSR1);
    catch_signal(SIGSEGV);
    registers().rsp = 0xdead0000;
    raise(SIGUSR1);
    proc::Process& process = caller().process();
    process.ref();
    EXPECT_EQ(deliver(), signal::ReturnToUser::Exited);
    // force_sigsegv: even a SIGSEGV handler cannot save it (it has no stack either).
    EXPECT_EQ(process.exit_status(), SIGSEGV);
    process.unref();
}

TEST_F(DeliveryTest, HandlerWithoutSaRestorer_KillsWithSigsegvOnX86_64)
{
    // x86_64 has no default return path: setup_rt_frame fails without
    // SA_RESTORER (libc always sets it).
    catch_signal(SIGUSR1);
    caller().signal_actions->action(SIGUSR1).flags = 0;
    raise(SIGUSR1);
    proc::Process& process = caller().process();
    process.ref();
    EXPECT_EQ(deliver(), signal::ReturnToUser::Exited);
    EXPECT_EQ(process.exit_status(), SIGSEGV);
    process.unref();
}

TEST_F(DeliveryTest, SeveralCaughtSignals_NestFramesLowestFirst)
{
    // Each handler frame goes on top of the last: SIGUSR1 is set up first,
    // so SIGUSR2's handler runs first and returns into SIGUSR1's.
    catch_signal(SIGUSR1, kHandler);
    catch_signal(SIGUSR2, kOtherHandler);
    block(caller(), SIGUSR1);
    block(caller(), SIGUSR2);
    raise(SIGUSR1);
    raise(SIGUSR2);
    caller().blocked = signal::SignalSet();
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_EQ(registers().rip, kOtherHandler);
    EXPECT_EQ(registers().rdi, static_cast<u64>(SIGUSR2));
    return_from_handler();
    EXPECT_EQ(registers().rip, kHandler);
    EXPECT_EQ(registers().rdi, static_cast<u64>(SIGUSR1));
}

TEST_F(DeliveryTest, ThreadDirectedSignals_ComeBeforeProcessDirectedOnes)
{
    catch_signal(SIGINT, kHandler);
    catch_signal(SIGUSR2, kOtherHandler, 0, ~u64 { 0 });
    block(caller(), SIGINT);
    block(caller(), SIGUSR2);
    raise(SIGINT);
    signal::SignalInfo info;
    info.signo = SIGUSR2;
    info.code = signal::kSiTkill;
    ASSERT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Thread, signal::SignalSender::user(caller())).has_value());
    caller().blocked = signal::SignalSet();
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    // SIGUSR2's handler blocks everything, so it is the only frame.
    EXPECT_EQ(registers().rdi, static_cast<u64>(SIGUSR2));
    EXPECT_TRUE(group_pending(caller(), SIGINT));
}

TEST_F(DeliveryTest, SaOnstack_RunsOnTheAlternateStack)
{
    const u64 base = kUserData + 0x1000;
    caller().alternate_stack = signal::AlternateStack { base, 0x4000, 0 };
    catch_signal(SIGUSR1, kHandler, SA_ONSTACK);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_GT(registers().rsp, base);
    EXPECT_LE(registers().rsp, base + 0x4000);
}

TEST_F(DeliveryTest, SaOnstack_AlreadyOnTheAlternateStack_NestsBelowTheCurrentFrame)
{
    // sigaltstack(2): a handler that is already running on the alternate
    // stack does not start over at its top.
    const u64 base = kUserData + 0x1000;
    caller().alternate_stack = signal::AlternateStack { base, 0x4000, 0 };
    registers().rsp = base + 0x2000;
    catch_signal(SIGUSR1, kHandler, SA_ONSTACK);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_LT(registers().rsp, base + 0x2000);
}

TEST_F(DeliveryTest, SsAutodisarm_DisarmsTheStackWhileTheHandlerRuns)
{
    // sigaltstack(2) SS_AUTODISARM: "Clear the alternate signal stack
    // settings on entry to the signal handler. When the signal handler
    // returns, the previous alternate signal stack settings are restored."
    const u64 base = kUserData + 0x1000;
    caller().alternate_stack = signal::AlternateStack { base, 0x4000, kSsAutodisarm };
    catch_signal(SIGUSR1, kHandler, SA_ONSTACK);
    raise(SIGUSR1);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_EQ(caller().alternate_stack.size, 0U);
    return_from_handler();
    EXPECT_EQ(caller().alternate_stack.base, base);
    EXPECT_EQ(caller().alternate_stack.size, 0x4000U);
}

// --- default actions ------------------------------------------------------

TEST_F(DeliveryTest, DefaultTerminate_EndsTheGroupWithTheSignalAsStatus)
{
    // signal(7) "Term: Default action is to terminate the process"; the
    // parent sees CLD_KILLED with the signal.
    block(*init, SIGCHLD);
    proc::Process& process = caller().process();
    process.ref();
    raise(SIGTERM);
    EXPECT_EQ(deliver(), signal::ReturnToUser::Exited);
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_EQ(process.exit_status(), SIGTERM);
    const signal::SignalInfo info = take_group(*init, SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildKilled);
    EXPECT_EQ(info.child_status(), SIGTERM);
    process.unref();
}

TEST_F(DeliveryTest, DefaultCore_TerminatesWithoutACoreBitWhenNoDumpIsWritten)
{
    // "Core: Default action is to terminate the process and dump core";
    // the wait status has 0x80 only for a dump that was written.
    proc::Process& process = caller().process();
    process.ref();
    raise(SIGSEGV);
    EXPECT_EQ(deliver(), signal::ReturnToUser::Exited);
    EXPECT_EQ(process.exit_status(), SIGSEGV);
    process.unref();
}

TEST_F(DeliveryTest, FatalSignal_EndsEveryThreadWithTheGroupStatus)
{
    proc::Thread* thread = spawn_thread();
    proc::Process& process = caller().process();
    process.ref();
    raise(SIGTERM, thread);
    EXPECT_EQ(signal::handle_signals(*kernel, *thread, nullptr), signal::ReturnToUser::Exited);
    EXPECT_EQ(process.live_thread_count(), 1U);
    EXPECT_EQ(deliver(), signal::ReturnToUser::Exited);
    EXPECT_EQ(process.live_thread_count(), 0U);
    EXPECT_EQ(process.exit_status(), SIGTERM);
    process.unref();
}

TEST_F(DeliveryTest, DefaultIgnore_IsDropped)
{
    block(caller(), SIGCHLD);
    block(caller(), SIGWINCH);
    raise(SIGCHLD);
    raise(SIGWINCH);
    caller().blocked = signal::SignalSet();
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_EQ(registers().rip, kInterruptedIp);
    EXPECT_TRUE(caller().process().shared_pending().set().is_empty());
}

TEST_F(DeliveryTest, IgnoredWhileBlocked_IsDroppedWhenUnblocked)
{
    set_handler(caller(), SIGUSR1, signal::kSigIgnore);
    block(caller(), SIGUSR1);
    raise(SIGUSR1);
    ASSERT_TRUE(group_pending(caller(), SIGUSR1));
    caller().blocked = signal::SignalSet();
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_FALSE(group_pending(caller(), SIGUSR1));
}

TEST_F(DeliveryTest, Sigstop_StopsTheGroupAndTellsTheParent)
{
    // signal(7) "Stop: Default action is to stop the process"; the parent
    // gets SIGCHLD with CLD_STOPPED (sigaction(2)).
    block(*init, SIGCHLD);
    proc::Process& process = caller().process();
    EXPECT_CALL(scheduler, wait_until(Ref(process.group_signals().stopped_threads), hal::BlockMode::Killable, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_TRUE(process.group_signals().stopped);
            EXPECT_FALSE(ready());
            // The parent takes its SIGCHLD (standard signals do not queue).
            const signal::SignalInfo stopped = take_group(*init, SIGCHLD);
            EXPECT_EQ(stopped.code, signal::kChildStopped);
            EXPECT_EQ(stopped.child_status(), SIGSTOP);
            // SIGCONT arrives from outside.
            signal::SignalInfo info;
            info.signo = SIGCONT;
            info.code = signal::kSiUser;
            EXPECT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Process, signal::SignalSender::user(*init)).has_value());
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    raise(SIGSTOP);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    // Continued: the thread tells the parent on its way out.
    EXPECT_FALSE(process.group_signals().stopped);
    const signal::SignalInfo info = take_group(*init, SIGCHLD);
    EXPECT_EQ(info.code, signal::kChildContinued);
    EXPECT_EQ(info.child_status(), SIGCONT);
}

TEST_F(DeliveryTest, SaNocldstop_ParentHearsNothingOfStops)
{
    block(*init, SIGCHLD);
    init->signal_actions->action(SIGCHLD).flags = SA_NOCLDSTOP;
    raise(SIGSTOP);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_TRUE(caller().process().group_signals().stopped);
    EXPECT_FALSE(group_pending(*init, SIGCHLD));
}

TEST_F(DeliveryTest, Sigtstp_InAnOrphanedProcessGroup_IsDiscarded)
{
    // The caller's group (init's) has no parent in another group of the
    // session: orphaned. "The job control signals do nothing in an
    // orphaned pgrp, but SIGSTOP always works."
    raise(SIGTSTP);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    EXPECT_FALSE(caller().process().group_signals().stopped);
}

TEST_F(DeliveryTest, Sigtstp_InAGroupWithAParentElsewhereInTheSession_Stops)
{
    proc::Thread* child = spawn_child();
    proc::Process& process = child->process();
    ASSERT_OK_AND_ASSIGN(auto group, proc::ProcessGroup::create(process.pid_ref(), process.process_group().session_ref()));
    process.set_process_group(group);
    raise(SIGTSTP, child);
    ASSERT_EQ(signal::handle_signals(*kernel, *child, nullptr), signal::ReturnToUser::Resume);
    EXPECT_TRUE(process.group_signals().stopped);
    EXPECT_EQ(process.group_signals().stop_signal, SIGTSTP);
}

TEST_F(DeliveryTest, GroupStop_EveryThreadTakesPart)
{
    proc::Thread* thread = spawn_thread();
    proc::Process& process = caller().process();
    raise(SIGSTOP);
    block(*init, SIGCHLD);
    ASSERT_EQ(deliver(), signal::ReturnToUser::Resume);
    // The other thread still has to stop: the parent is not told yet.
    EXPECT_TRUE(thread->group_stop_pending);
    EXPECT_FALSE(process.group_signals().stopped);
    EXPECT_FALSE(group_pending(*init, SIGCHLD));
    ASSERT_EQ(signal::handle_signals(*kernel, *thread, nullptr), signal::ReturnToUser::Resume);
    EXPECT_TRUE(process.group_signals().stopped);
    EXPECT_TRUE(group_pending(*init, SIGCHLD));
}

TEST_F(DeliveryTest, NamespaceInit_DefaultFatalSignalFromInside_IsDropped)
{
    set_handler(*init, SIGUSR1, signal::kSigDefault);
    block(*init, SIGUSR1);
    raise(SIGUSR1, init);
    init->blocked = signal::SignalSet();
    EXPECT_EQ(signal::handle_signals(*kernel, *init, nullptr), signal::ReturnToUser::Resume);
    EXPECT_FALSE(group_pending(*init, SIGUSR1));
}

// --- syscall restart --------------------------------------------------------

class RestartTest : public DeliveryTest {
protected:
    void SetUp() override
    {
        DeliveryTest::SetUp();
        registers().orig_rax = 0; // read(2)
        registers().rip = kInterruptedIp;
    }
    i64 return_value() { return static_cast<i64>(registers().rax); }
    // The call was rewound: the syscall instruction (2 bytes) runs again.
    bool restarted() { return registers().rip == kInterruptedIp - 2; }
    void interrupted_with(i64 code, u64 flags)
    {
        catch_signal(SIGUSR1, kHandler, flags);
        raise(SIGUSR1);
        registers().rax = static_cast<u64>(code);
        ASSERT_EQ(deliver(&code), signal::ReturnToUser::Resume);
        // The frame holds what user space sees when the handler returns.
        return_from_handler();
    }
};

TEST_F(RestartTest, Erestartsys_WithSaRestart_RestartsTheCall)
{
    // signal(7): "If a blocked call ... is interrupted by a signal handler
    // ... the call is automatically restarted after the signal handler
    // returns if the SA_RESTART flag was used".
    interrupted_with(-ERESTARTSYS, SA_RESTART);
    EXPECT_TRUE(restarted());
    EXPECT_EQ(return_value(), 0); // rax holds the syscall number again
}

TEST_F(RestartTest, Erestartsys_WithoutSaRestart_IsEintr)
{
    interrupted_with(-ERESTARTSYS, 0);
    EXPECT_FALSE(restarted());
    EXPECT_EQ(return_value(), -EINTR);
}

TEST_F(RestartTest, Erestartnointr_AlwaysRestarts)
{
    interrupted_with(-ERESTARTNOINTR, 0);
    EXPECT_TRUE(restarted());
}

TEST_F(RestartTest, Erestartnohand_WithAHandler_IsEintr)
{
    interrupted_with(-ERESTARTNOHAND, SA_RESTART);
    EXPECT_EQ(return_value(), -EINTR);
}

TEST_F(RestartTest, RestartBlock_WithAHandler_IsEintrEvenWithSaRestart)
{
    // signal(7): nanosleep is "never restarted after being interrupted by a
    // signal handler, regardless of the use of SA_RESTART".
    interrupted_with(-ERESTART_RESTARTBLOCK, SA_RESTART);
    EXPECT_EQ(return_value(), -EINTR);
}

TEST_F(RestartTest, NoHandlerRuns_EveryRestartCodeRestarts)
{
    for (i64 code : { -ERESTARTSYS, -ERESTARTNOINTR, -ERESTARTNOHAND }) {
        registers().rip = kInterruptedIp;
        registers().rax = static_cast<u64>(code);
        ASSERT_EQ(deliver(&code), signal::ReturnToUser::Resume);
        EXPECT_TRUE(restarted()) << code;
        EXPECT_EQ(return_value(), 0) << code;
    }
}

TEST_F(RestartTest, RestartBlock_WithoutHandler_RunsRestartSyscall)
{
    registers().rip = kInterruptedIp;
    const i64 code = -ERESTART_RESTARTBLOCK;
    ASSERT_EQ(deliver(&code), signal::ReturnToUser::Resume);
    EXPECT_TRUE(restarted());
    EXPECT_EQ(registers().rax, static_cast<u64>(__NR_restart_syscall));
}

TEST_F(RestartTest, OrdinaryErrors_AreLeftAlone)
{
    catch_signal(SIGUSR1, kHandler, SA_RESTART);
    raise(SIGUSR1);
    const i64 code = -EAGAIN;
    registers().rax = static_cast<u64>(code);
    ASSERT_EQ(deliver(&code), signal::ReturnToUser::Resume);
    return_from_handler();
    EXPECT_EQ(return_value(), -EAGAIN);
}

} // namespace
} // namespace sirius::testing
