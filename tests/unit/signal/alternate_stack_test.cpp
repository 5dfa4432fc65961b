// sigaltstack(2) as Linux's do_sigaltstack has it, and its inheritance by
// clone (copy_process: cleared for a CLONE_VM child that is not a vfork
// child). The same facts, measured on Linux, are in
// tests/conformance/signal/sigaltstack_rules.expected.
#include <asm/unistd_64.h>
#include <signal.h>

#include "core/syscall/syscall_table.h"
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kNew = KernelTest::kUserData + 0x100;
constexpr u64 kOld = KernelTest::kUserData + 0x200;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kAlt = 0x5000'0000;
// <linux/signal.h>'s SS_AUTODISARM: glibc's <signal.h> lacks it and the
// two headers cannot be combined.
constexpr u32 kSsAutodisarm = 1U << 31;
// <asm/signal.h>'s MINSIGSTKSZ, the kernel's bound; glibc's MINSIGSTKSZ is
// sysconf(_SC_MINSIGSTKSZ) under _GNU_SOURCE, a different number.
constexpr u64 kMinSigStackSize = 2048;

class AlternateStackTest : public CloneTest {
protected:
    i64 sigaltstack(u64 new_address, u64 old_address)
    {
        syscall::SyscallContext context { *kernel, caller() };
        syscall::SyscallArguments args;
        args.values[0] = new_address;
        args.values[1] = old_address;
        return syscall::dispatch_syscall(context, __NR_sigaltstack, args);
    }
    i64 set(u64 base, u64 size, int flags)
    {
        const stack_t ss { reinterpret_cast<void*>(base), flags, size };
        EXPECT_TRUE(caller_space().backing().copy_to_user(UserAddress(kNew), &ss, sizeof(ss)).has_value());
        return sigaltstack(kNew, 0);
    }
    stack_t query()
    {
        stack_t old {};
        EXPECT_EQ(sigaltstack(0, kOld), 0);
        EXPECT_TRUE(caller_space().backing().copy_from_user(&old, UserAddress(kOld), sizeof(old)).has_value());
        return old;
    }
};

TEST_F(AlternateStackTest, Initially_DisabledWithSizeZero)
{
    const stack_t old = query();
    EXPECT_EQ(old.ss_flags, SS_DISABLE);
    EXPECT_EQ(old.ss_size, 0U);
}

TEST_F(AlternateStackTest, SizeBelowMinsigstksz_IsEnomem)
{
    EXPECT_EQ(set(kAlt, kMinSigStackSize - 1, 0), -ENOMEM);
    EXPECT_EQ(query().ss_flags, SS_DISABLE);
    EXPECT_EQ(set(kAlt, kMinSigStackSize, 0), 0);
}

TEST_F(AlternateStackTest, UnknownMode_IsEinval)
{
    EXPECT_EQ(set(kAlt, 16384, 4), -EINVAL);
}

TEST_F(AlternateStackTest, OnstackMode_EnablesAndReportsZeroWhenNotInUse)
{
    ASSERT_EQ(set(kAlt, 16384, SS_ONSTACK), 0);
    const stack_t old = query();
    EXPECT_EQ(old.ss_flags, 0);
    EXPECT_EQ(old.ss_size, 16384U);
    EXPECT_EQ(reinterpret_cast<u64>(old.ss_sp), kAlt);
}

TEST_F(AlternateStackTest, Disable_ClearsBaseAndSizeWhateverWasPassed)
{
    ASSERT_EQ(set(kAlt, 16384, 0), 0);
    ASSERT_EQ(set(kAlt, 100, SS_DISABLE), 0);
    const stack_t old = query();
    EXPECT_EQ(old.ss_flags, SS_DISABLE);
    EXPECT_EQ(old.ss_size, 0U);
    EXPECT_EQ(old.ss_sp, nullptr);
}

TEST_F(AlternateStackTest, Autodisarm_IsReportedBack)
{
    ASSERT_EQ(set(kAlt, 16384, static_cast<int>(kSsAutodisarm)), 0);
    EXPECT_EQ(static_cast<u32>(query().ss_flags), kSsAutodisarm);
}

TEST_F(AlternateStackTest, ChangeWhileRunningOnIt_IsEpermAndReportsOnstack)
{
    ASSERT_EQ(set(kAlt, 16384, 0), 0);
    caller().context->set_stack_pointer(kAlt + 8000); // inside a handler on it
    EXPECT_EQ(set(kAlt, 8192, 0), -EPERM);
    EXPECT_EQ(query().ss_flags, SS_ONSTACK);
    caller().context->set_stack_pointer(kAlt); // the base itself is not on it
    EXPECT_EQ(query().ss_flags, 0);
}

TEST_F(AlternateStackTest, AutodisarmedStack_CanBeChangedFromIt)
{
    ASSERT_EQ(set(kAlt, 16384, static_cast<int>(kSsAutodisarm)), 0);
    caller().context->set_stack_pointer(kAlt + 8000);
    EXPECT_EQ(set(kAlt, 8192, 0), 0);
}

TEST_F(AlternateStackTest, BadNewPointer_IsEfault)
{
    EXPECT_EQ(sigaltstack(kBad, 0), -EFAULT);
}

TEST_F(AlternateStackTest, BadOldPointer_IsEfaultAfterTheChange)
{
    ASSERT_EQ(set(kAlt, 16384, 0), 0);
    const stack_t disable { nullptr, SS_DISABLE, 0 };
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kNew), &disable, sizeof(disable)).has_value());
    EXPECT_EQ(sigaltstack(kNew, kBad), -EFAULT);
    EXPECT_EQ(query().ss_flags, SS_DISABLE);
}

TEST_F(AlternateStackTest, Fork_InheritsAlternateStack)
{
    ASSERT_EQ(set(kAlt, 16384, 0), 0);
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->alternate_stack.base, kAlt);
    EXPECT_EQ(child->alternate_stack.size, 16384U);
}

TEST_F(AlternateStackTest, CloneVmWithoutVfork_ClearsAlternateStack)
{
    ASSERT_EQ(set(kAlt, 16384, 0), 0);
    proc::Thread* thread = clone_ok(request_with(kThreadFlags, 0));
    ASSERT_NE(thread, nullptr);
    EXPECT_EQ(thread->alternate_stack.size, 0U);
}

TEST_F(AlternateStackTest, Vfork_InheritsAlternateStack)
{
    ASSERT_EQ(set(kAlt, 16384, 0), 0);
    proc::Thread* child = nullptr;
    EXPECT_CALL(scheduler, start_thread(_)).WillOnce([&](proc::Thread& started) { child = &started; });
    EXPECT_CALL(scheduler, wait_until(_, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        EXPECT_EQ(child->alternate_stack.size, 16384U);
        kernel->exit_thread(*child, 0);
        return hal::WakeReason::Woken;
    });
    EXPECT_TRUE(clone_from_caller(proc::clone_request_for_vfork()).has_value());
}

} // namespace
} // namespace sirius::testing
