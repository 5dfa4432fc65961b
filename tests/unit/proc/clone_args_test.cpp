// clone3(2)'s struct decoding and the legacy clone/fork/vfork argument forms,
// as Linux's copy_clone_args_from_user, clone3_args_valid and the clone
// SYSCALL_DEFINEs have them. One test per rule, named after it.
#include <cstring>
#include <linux/sched.h>
#include <signal.h>

#include "core/proc/clone_args.h"
#include "platform/host/fake_address_space.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kArgs = 0x10000;
constexpr u64 kMapped = 2 * host::kPageSize;

class Clone3ArgsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(space.map(UserAddress(kArgs), kMapped, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private).has_value());
        args.exit_signal = SIGCHLD;
    }
    void store(const void* bytes, usize size, u64 at = kArgs)
    {
        ASSERT_TRUE(space.copy_to_user(UserAddress(at), bytes, size).has_value());
    }
    Result<proc::CloneRequest> decode(u64 size, u64 at = kArgs)
    {
        store(&args, sizeof(args), at);
        return proc::clone_request_from_clone3(space, UserAddress(at), size, mmu);
    }

    host::FakeAddressSpace space;
    host::FakeMmu mmu;
    clone_args args {};
};

TEST_F(Clone3ArgsTest, Clone3_SizeAbovePage_IsE2big)
{
    EXPECT_EQ(errno_of(decode(host::kPageSize + 1)), E2BIG);
}

TEST_F(Clone3ArgsTest, Clone3_SizeBelowVer0_IsEinval)
{
    EXPECT_EQ(errno_of(decode(CLONE_ARGS_SIZE_VER0 - 1)), EINVAL);
    EXPECT_EQ(errno_of(decode(0)), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_EachKnownSize_IsAccepted)
{
    for (u64 size : { CLONE_ARGS_SIZE_VER0, CLONE_ARGS_SIZE_VER1, CLONE_ARGS_SIZE_VER2 }) {
        EXPECT_TRUE(decode(size).has_value()) << size;
    }
}

TEST_F(Clone3ArgsTest, Clone3_ZeroBytesPastKnownStruct_AreAccepted)
{
    EXPECT_TRUE(decode(host::kPageSize).has_value());
}

TEST_F(Clone3ArgsTest, Clone3_NonZeroBytePastKnownStruct_IsE2big)
{
    const u8 junk = 1;
    store(&junk, 1, kArgs + sizeof(clone_args) + 7);
    EXPECT_EQ(errno_of(decode(sizeof(clone_args) + 8)), E2BIG);
}

TEST_F(Clone3ArgsTest, Clone3_BadPointer_IsEfault)
{
    EXPECT_EQ(errno_of(proc::clone_request_from_clone3(space, UserAddress(0xdead0000), sizeof(clone_args), mmu)), EFAULT);
}

TEST_F(Clone3ArgsTest, Clone3_StructRunningIntoUnmappedMemory_IsEfault)
{
    const u64 at = kArgs + kMapped - 64;
    store(&args, 64, at);
    EXPECT_EQ(errno_of(proc::clone_request_from_clone3(space, UserAddress(at), sizeof(clone_args), mmu)), EFAULT);
}

TEST_F(Clone3ArgsTest, Clone3_SetTidSizeAboveMaxNesting_IsEinval)
{
    args.set_tid = kArgs + 1024;
    args.set_tid_size = ns::kMaxPidNamespaceLevel + 1;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_SetTidSizeWithoutArray_IsEinval)
{
    args.set_tid_size = 1;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_SetTidArrayWithoutSize_IsEinval)
{
    args.set_tid = kArgs + 1024;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_UnreadableSetTidArray_IsEfault)
{
    args.set_tid = 0xdead0000;
    args.set_tid_size = 1;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EFAULT);
}

TEST_F(Clone3ArgsTest, Clone3_SetTidArray_IsRead)
{
    const i32 tids[2] = { 7, 9 };
    store(tids, sizeof(tids), kArgs + 1024);
    args.set_tid = kArgs + 1024;
    args.set_tid_size = 2;
    auto request = decode(sizeof(args));
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request.value().set_tid[0], 7);
    EXPECT_EQ(request.value().set_tid[1], 9);
    EXPECT_EQ(request.value().set_tid_size, 2U);
}

TEST_F(Clone3ArgsTest, Clone3_ExitSignalUpperBits_IsEinval)
{
    args.exit_signal = (u64 { 1 } << 32) | SIGCHLD;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_ExitSignalAboveNsig_IsEinval)
{
    args.exit_signal = 65;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
    args.exit_signal = 64;
    EXPECT_TRUE(decode(sizeof(args)).has_value());
}

TEST_F(Clone3ArgsTest, Clone3_IntoCgroupFdAboveIntMax_IsEinval)
{
    args.flags = CLONE_INTO_CGROUP;
    args.cgroup = u64 { 0x80000000 };
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_IntoCgroupWithVer1Struct_IsEinval)
{
    args.flags = CLONE_INTO_CGROUP;
    EXPECT_EQ(errno_of(decode(CLONE_ARGS_SIZE_VER1)), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_UnknownFlagBit_IsEinval)
{
    args.flags = u64 { 1 } << 40;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_Detached_IsEinval)
{
    args.flags = CLONE_DETACHED;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_CsignalBitsInFlags_IsEinval)
{
    args.flags = SIGCHLD;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_NewtimeInsideCsignal_IsAccepted)
{
    args.flags = CLONE_NEWTIME;
    EXPECT_TRUE(decode(sizeof(args)).has_value());
}

TEST_F(Clone3ArgsTest, Clone3_SighandWithClearSighand_IsEinval)
{
    args.flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_ThreadWithExitSignal_IsEinval)
{
    args.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_ParentWithExitSignal_IsEinval)
{
    args.flags = CLONE_PARENT;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_StackSizeWithoutStack_IsEinval)
{
    args.stack_size = 4096;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_StackWithoutSize_IsEinval)
{
    args.stack = 0x7000'0000;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_StackOutsideUserHalf_IsEinval)
{
    args.stack = host::kUserAddressLimit - 4096;
    args.stack_size = 8192;
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
    args.stack = 0x1000;
    args.stack_size = host::kUserAddressLimit + 1; // larger than the user half
    EXPECT_EQ(errno_of(decode(sizeof(args))), EINVAL);
}

TEST_F(Clone3ArgsTest, Clone3_ThreadOrParentWithoutExitSignal_IsAccepted)
{
    args.exit_signal = 0;
    args.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
    EXPECT_TRUE(decode(sizeof(args)).has_value());
    args.flags = CLONE_PARENT;
    EXPECT_TRUE(decode(sizeof(args)).has_value());
}

TEST_F(Clone3ArgsTest, Clone3_IntoCgroupWithVer2Struct_IsAccepted)
{
    args.flags = CLONE_INTO_CGROUP;
    args.cgroup = 3;
    auto request = decode(CLONE_ARGS_SIZE_VER2);
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request.value().cgroup, 3U);
}

TEST_F(Clone3ArgsTest, Clone3_Stack_ChildStartsAtItsTop)
{
    args.stack = 0x7000'0000;
    args.stack_size = 0x1'0000;
    auto request = decode(sizeof(args));
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request.value().stack, 0x7001'0000U);
}

TEST(CloneArgsTest, Clone_IgnoresUpper32BitsOfFlags)
{
    const proc::CloneRequest request = proc::clone_request_from_clone((u64 { 1 } << 40) | CLONE_VM | SIGCHLD, 0, 0, 0, 0);
    EXPECT_EQ(request.flags, static_cast<u64>(CLONE_VM));
    EXPECT_EQ(request.exit_signal, SIGCHLD);
}

TEST(CloneArgsTest, Clone_PidfdSharesParentTidArgument)
{
    const proc::CloneRequest request = proc::clone_request_from_clone(CLONE_PIDFD, 0x1000, 0x2000, 0x3000, 0x4000);
    EXPECT_EQ(request.pidfd, UserAddress(0x2000));
    EXPECT_EQ(request.parent_tid, UserAddress(0x2000));
    EXPECT_EQ(request.child_tid, UserAddress(0x3000));
    EXPECT_EQ(request.stack, 0x1000U);
    EXPECT_EQ(request.tls, 0x4000U);
}

TEST(CloneArgsTest, Fork_IsSigchldAndNothingShared)
{
    const proc::CloneRequest request = proc::clone_request_for_fork();
    EXPECT_EQ(request.flags, 0U);
    EXPECT_EQ(request.exit_signal, SIGCHLD);
}

TEST(CloneArgsTest, Vfork_IsVforkVmAndSigchld)
{
    const proc::CloneRequest request = proc::clone_request_for_vfork();
    EXPECT_EQ(request.flags, static_cast<u64>(CLONE_VFORK | CLONE_VM));
    EXPECT_EQ(request.exit_signal, SIGCHLD);
}

} // namespace
} // namespace sirius::testing
