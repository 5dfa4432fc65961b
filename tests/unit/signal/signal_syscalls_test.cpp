// sigaction(2), sigprocmask(2) and sigpending(2) as Linux's kernel/signal.c
// has them, through the syscall table: one test per rule.
#include <asm/unistd_64.h>
#include <signal.h>

#include "core/syscall/syscall_table.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

// The x86_64 rt_sigaction struct: handler, flags, restorer, mask.
struct KernelSigaction {
    u64 handler;
    u64 flags;
    u64 restorer;
    u64 mask;
};

constexpr u64 kNew = KernelTest::kUserData + 0x100;
constexpr u64 kOld = KernelTest::kUserData + 0x200;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kSetSize = 8;
constexpr u64 kSaUnsupported = 0x400; // asm-generic/signal-defs.h SA_UNSUPPORTED
// <asm/signal.h>'s SA_RESTORER; glibc's <signal.h> (needed here for the
// rest) does not export it and the two headers cannot be combined.
constexpr u64 kSaRestorer = 0x04000000;

u64 bit(int signal) { return u64 { 1 } << (signal - 1); }

class SignalSyscallTest : public SignalTest {
protected:
    void store_action(const KernelSigaction& action)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kNew), &action, sizeof(action)).has_value());
    }
    KernelSigaction load_action()
    {
        KernelSigaction action {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(&action, UserAddress(kOld), sizeof(action)).has_value());
        return action;
    }
    void store_set(u64 address, u64 set)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), &set, sizeof(set)).has_value());
    }
    u64 load_set(u64 address)
    {
        u64 set = 0;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&set, UserAddress(address), sizeof(set)).has_value());
        return set;
    }
};

// --- rt_sigaction -------------------------------------------------------

TEST_F(SignalSyscallTest, Sigaction_SigsetsizeNot8_IsEinval)
{
    EXPECT_EQ(call(__NR_rt_sigaction, SIGUSR1, 0, kOld, 4), -EINVAL);
    EXPECT_EQ(call(__NR_rt_sigaction, SIGUSR1, 0, kOld, 16), -EINVAL);
}

TEST_F(SignalSyscallTest, Sigaction_SignalOutOfRange_IsEinval)
{
    EXPECT_EQ(call(__NR_rt_sigaction, 0, 0, kOld, kSetSize), -EINVAL);
    EXPECT_EQ(call(__NR_rt_sigaction, 65, 0, kOld, kSetSize), -EINVAL);
    EXPECT_EQ(call(__NR_rt_sigaction, static_cast<u64>(-1), 0, kOld, kSetSize), -EINVAL);
    EXPECT_EQ(call(__NR_rt_sigaction, 64, 0, kOld, kSetSize), 0);
}

TEST_F(SignalSyscallTest, Sigaction_CatchOrIgnoreSigkillOrSigstop_IsEinval)
{
    store_action({ signal::kSigIgnore, 0, 0, 0 });
    EXPECT_EQ(call(__NR_rt_sigaction, SIGKILL, kNew, 0, kSetSize), -EINVAL);
    EXPECT_EQ(call(__NR_rt_sigaction, SIGSTOP, kNew, 0, kSetSize), -EINVAL);
    // Reading their action is allowed.
    EXPECT_EQ(call(__NR_rt_sigaction, SIGKILL, 0, kOld, kSetSize), 0);
    EXPECT_EQ(load_action().handler, signal::kSigDefault);
}

TEST_F(SignalSyscallTest, Sigaction_ReturnsOldActionAndInstallsNew)
{
    store_action({ 0x401000, SA_SIGINFO | kSaRestorer, 0x402000, bit(SIGUSR2) });
    ASSERT_EQ(call(__NR_rt_sigaction, SIGUSR1, kNew, kOld, kSetSize), 0);
    EXPECT_EQ(load_action().handler, signal::kSigDefault);
    store_action({ signal::kSigIgnore, 0, 0, 0 });
    ASSERT_EQ(call(__NR_rt_sigaction, SIGUSR1, kNew, kOld, kSetSize), 0);
    const KernelSigaction old = load_action();
    EXPECT_EQ(old.handler, 0x401000U);
    EXPECT_EQ(old.flags, static_cast<u64>(SA_SIGINFO | kSaRestorer));
    EXPECT_EQ(old.restorer, 0x402000U);
    EXPECT_EQ(old.mask, bit(SIGUSR2));
}

TEST_F(SignalSyscallTest, Sigaction_BadNewPointer_IsEfaultAndChangesNothing)
{
    EXPECT_EQ(call(__NR_rt_sigaction, SIGUSR1, kBad, 0, kSetSize), -EFAULT);
    EXPECT_EQ(caller().signal_actions->action(SIGUSR1).handler, signal::kSigDefault);
}

TEST_F(SignalSyscallTest, Sigaction_BadNewPointerBeatsBadSignal)
{
    // The struct is copied before the signal number is checked.
    EXPECT_EQ(call(__NR_rt_sigaction, 0, kBad, 0, kSetSize), -EFAULT);
}

TEST_F(SignalSyscallTest, Sigaction_BadOldPointer_IsEfaultButNewActionIsSet)
{
    store_action({ signal::kSigIgnore, 0, 0, 0 });
    EXPECT_EQ(call(__NR_rt_sigaction, SIGUSR1, kNew, kBad, kSetSize), -EFAULT);
    EXPECT_EQ(caller().signal_actions->action(SIGUSR1).handler, signal::kSigIgnore);
}

TEST_F(SignalSyscallTest, Sigaction_UnknownFlagBits_AreCleared)
{
    // sigaction(2) SA_UNSUPPORTED: unknown bits do not survive, so user space
    // can tell which flags the kernel supports.
    store_action({ 0x401000, SA_RESTART | kSaUnsupported | (u64 { 1 } << 40), 0, 0 });
    ASSERT_EQ(call(__NR_rt_sigaction, SIGUSR1, kNew, 0, kSetSize), 0);
    ASSERT_EQ(call(__NR_rt_sigaction, SIGUSR1, 0, kOld, kSetSize), 0);
    EXPECT_EQ(load_action().flags, static_cast<u64>(SA_RESTART));
}

TEST_F(SignalSyscallTest, Sigaction_HandlerMaskNeverBlocksSigkillOrSigstop)
{
    store_action({ 0x401000, 0, 0, ~u64 { 0 } });
    ASSERT_EQ(call(__NR_rt_sigaction, SIGUSR1, kNew, 0, kSetSize), 0);
    const signal::SignalSet mask = caller().signal_actions->action(SIGUSR1).mask;
    EXPECT_FALSE(mask.contains(SIGKILL));
    EXPECT_FALSE(mask.contains(SIGSTOP));
    EXPECT_TRUE(mask.contains(SIGTERM));
}

TEST_F(SignalSyscallTest, Sigaction_SigIgn_DiscardsPendingEverywhereEvenIfBlocked)
{
    proc::Thread* sibling = clone_ok(request_with(kThreadFlags, 0));
    ASSERT_NE(sibling, nullptr);
    caller().blocked.add(SIGUSR1);
    caller().pending.add(SIGUSR1);
    sibling->pending.add(SIGUSR1);
    caller().process().shared_pending().add(SIGUSR1);
    caller().pending.add(SIGUSR2);
    store_action({ signal::kSigIgnore, 0, 0, 0 });
    ASSERT_EQ(call(__NR_rt_sigaction, SIGUSR1, kNew, 0, kSetSize), 0);
    EXPECT_FALSE(caller().pending.set().contains(SIGUSR1));
    EXPECT_FALSE(sibling->pending.set().contains(SIGUSR1));
    EXPECT_FALSE(caller().process().shared_pending().set().contains(SIGUSR1));
    EXPECT_TRUE(caller().pending.set().contains(SIGUSR2));
}

TEST_F(SignalSyscallTest, Sigaction_DefaultForIgnoredByDefault_DiscardsPending)
{
    caller().pending.add(SIGCHLD);
    caller().pending.add(SIGTERM);
    store_action({ signal::kSigDefault, 0, 0, 0 });
    ASSERT_EQ(call(__NR_rt_sigaction, SIGCHLD, kNew, 0, kSetSize), 0);
    ASSERT_EQ(call(__NR_rt_sigaction, SIGTERM, kNew, 0, kSetSize), 0);
    EXPECT_FALSE(caller().pending.set().contains(SIGCHLD));
    EXPECT_TRUE(caller().pending.set().contains(SIGTERM)); // its default is to terminate
}

TEST_F(SignalSyscallTest, Sigaction_OtherProcessesPendingSignalsAreUntouched)
{
    proc::Thread* other = clone_ok(request_with(0));
    ASSERT_NE(other, nullptr);
    other->pending.add(SIGUSR1);
    store_action({ signal::kSigIgnore, 0, 0, 0 });
    ASSERT_EQ(call(__NR_rt_sigaction, SIGUSR1, kNew, 0, kSetSize), 0);
    EXPECT_TRUE(other->pending.set().contains(SIGUSR1));
}

// --- rt_sigprocmask -----------------------------------------------------

TEST_F(SignalSyscallTest, Sigprocmask_BlockUnblockSetmask)
{
    store_set(kNew, bit(SIGUSR1) | bit(SIGUSR2));
    ASSERT_EQ(call(__NR_rt_sigprocmask, SIG_BLOCK, kNew, 0, kSetSize), 0);
    EXPECT_EQ(caller().blocked.bits(), bit(SIGUSR1) | bit(SIGUSR2));
    store_set(kNew, bit(SIGUSR1));
    ASSERT_EQ(call(__NR_rt_sigprocmask, SIG_UNBLOCK, kNew, kOld, kSetSize), 0);
    EXPECT_EQ(caller().blocked.bits(), bit(SIGUSR2));
    EXPECT_EQ(load_set(kOld), bit(SIGUSR1) | bit(SIGUSR2)); // the mask before the call
    store_set(kNew, bit(SIGTERM));
    ASSERT_EQ(call(__NR_rt_sigprocmask, SIG_SETMASK, kNew, 0, kSetSize), 0);
    EXPECT_EQ(caller().blocked.bits(), bit(SIGTERM));
}

TEST_F(SignalSyscallTest, Sigprocmask_SigkillAndSigstopAreSilentlyNotBlocked)
{
    // sigprocmask(2): "It is not possible to block SIGKILL or SIGSTOP.
    // Attempts to do so are silently ignored."
    store_set(kNew, ~u64 { 0 });
    ASSERT_EQ(call(__NR_rt_sigprocmask, SIG_SETMASK, kNew, 0, kSetSize), 0);
    EXPECT_FALSE(caller().blocked.contains(SIGKILL));
    EXPECT_FALSE(caller().blocked.contains(SIGSTOP));
    EXPECT_TRUE(caller().blocked.contains(SIGRTMIN));
}

TEST_F(SignalSyscallTest, Sigprocmask_InvalidHow_IsEinvalAndChangesNothing)
{
    store_set(kNew, bit(SIGUSR1));
    EXPECT_EQ(call(__NR_rt_sigprocmask, 3, kNew, 0, kSetSize), -EINVAL);
    EXPECT_TRUE(caller().blocked.is_empty());
}

TEST_F(SignalSyscallTest, Sigprocmask_InvalidHowWithoutSet_IsIgnored)
{
    // `how` matters only when there is a new set.
    EXPECT_EQ(call(__NR_rt_sigprocmask, 99, 0, kOld, kSetSize), 0);
}

TEST_F(SignalSyscallTest, Sigprocmask_BadSetPointerBeatsInvalidHow)
{
    EXPECT_EQ(call(__NR_rt_sigprocmask, 99, kBad, 0, kSetSize), -EFAULT);
}

TEST_F(SignalSyscallTest, Sigprocmask_BadOldPointer_IsEfaultAfterTheChange)
{
    store_set(kNew, bit(SIGUSR1));
    EXPECT_EQ(call(__NR_rt_sigprocmask, SIG_BLOCK, kNew, kBad, kSetSize), -EFAULT);
    EXPECT_TRUE(caller().blocked.contains(SIGUSR1));
}

TEST_F(SignalSyscallTest, Sigprocmask_SigsetsizeNot8_IsEinval)
{
    store_set(kNew, bit(SIGUSR1));
    EXPECT_EQ(call(__NR_rt_sigprocmask, SIG_BLOCK, kNew, 0, 4), -EINVAL);
    EXPECT_TRUE(caller().blocked.is_empty());
}

// --- rt_sigpending ------------------------------------------------------

TEST_F(SignalSyscallTest, Sigpending_ReportsThreadAndProcessPendingThatAreBlocked)
{
    caller().blocked = signal::SignalSet(bit(SIGUSR1) | bit(SIGUSR2));
    caller().pending.add(SIGUSR1);
    caller().process().shared_pending().add(SIGUSR2);
    caller().pending.add(SIGTERM); // pending but not blocked: not reported
    ASSERT_EQ(call(__NR_rt_sigpending, kOld, kSetSize), 0);
    EXPECT_EQ(load_set(kOld), bit(SIGUSR1) | bit(SIGUSR2));
}

TEST_F(SignalSyscallTest, Sigpending_SizeAbove8_IsEinval)
{
    EXPECT_EQ(call(__NR_rt_sigpending, kOld, 9), -EINVAL);
}

TEST_F(SignalSyscallTest, Sigpending_SmallerSize_CopiesThatManyBytes)
{
    store_set(kOld, ~u64 { 0 });
    caller().blocked.add(SIGUSR1);
    caller().pending.add(SIGUSR1);
    ASSERT_EQ(call(__NR_rt_sigpending, kOld, 4), 0);
    EXPECT_EQ(load_set(kOld), 0xFFFF'FFFF'0000'0000ULL | bit(SIGUSR1));
}

TEST_F(SignalSyscallTest, Sigpending_BadPointer_IsEfault)
{
    EXPECT_EQ(call(__NR_rt_sigpending, kBad, kSetSize), -EFAULT);
}

} // namespace
} // namespace sirius::testing
