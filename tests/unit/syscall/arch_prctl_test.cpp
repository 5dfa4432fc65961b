// arch_prctl(2) as Linux's arch/x86/kernel/process_64.c and process.c have
// it: one test per rule. Each answer was checked on the host (Linux 6.18).
#include <asm/prctl.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kSlot = KernelTest::kUserData + 0x200;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kKernel = 0xffff800000000000;
constexpr u64 kLimit = host::kUserAddressLimit; // TASK_SIZE_MAX

class ArchPrctlTest : public SignalTest {
protected:
    host::FakeUserContext& registers() { return static_cast<host::FakeUserContext&>(*caller().context); }
    i64 arch_prctl(u64 option, u64 argument) { return call(__NR_arch_prctl, option, argument); }
    u64 peek_u64(u64 address)
    {
        u64 value = 0;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(address), sizeof(value)).has_value());
        return value;
    }
};

TEST_F(ArchPrctlTest, ArchPrctl_SetFs_SetsTheThreadPointer)
{
    EXPECT_EQ(arch_prctl(ARCH_SET_FS, 0x7f0000001000), 0);
    EXPECT_EQ(registers().fs_base, 0x7f0000001000U);
    EXPECT_EQ(registers().user_gs_base, 0U);
}

TEST_F(ArchPrctlTest, ArchPrctl_SetGs_SetsTheGsBase)
{
    EXPECT_EQ(arch_prctl(ARCH_SET_GS, 0x7f0000002000), 0);
    EXPECT_EQ(registers().user_gs_base, 0x7f0000002000U);
    EXPECT_EQ(registers().fs_base, 0U);
}

TEST_F(ArchPrctlTest, ArchPrctl_GetFsAndGs_StoreTheBasesAsU64)
{
    registers().fs_base = 0x7f00deadbeef;
    registers().user_gs_base = 0x1234;
    EXPECT_EQ(arch_prctl(ARCH_GET_FS, kSlot), 0);
    EXPECT_EQ(peek_u64(kSlot), 0x7f00deadbeefU);
    EXPECT_EQ(arch_prctl(ARCH_GET_GS, kSlot), 0);
    EXPECT_EQ(peek_u64(kSlot), 0x1234U);
}

TEST_F(ArchPrctlTest, ArchPrctl_SetThenGet_RoundTrips)
{
    ASSERT_EQ(arch_prctl(ARCH_SET_GS, kLimit - 1), 0);
    ASSERT_EQ(arch_prctl(ARCH_GET_GS, kSlot), 0);
    EXPECT_EQ(peek_u64(kSlot), kLimit - 1);
}

TEST_F(ArchPrctlTest, ArchPrctl_SetFsAboveUserLimit_IsEperm)
{
    // "if (unlikely(arg2 >= TASK_SIZE_MAX)) return -EPERM;" (host: 1 << 47,
    // TASK_SIZE_MAX and -1 are EPERM, TASK_SIZE_MAX - 1 is accepted).
    registers().fs_base = 0x5000;
    EXPECT_EQ(arch_prctl(ARCH_SET_FS, kLimit), -EPERM);
    EXPECT_EQ(arch_prctl(ARCH_SET_FS, u64 { 1 } << 47), -EPERM);
    EXPECT_EQ(arch_prctl(ARCH_SET_FS, kKernel), -EPERM);
    EXPECT_EQ(arch_prctl(ARCH_SET_FS, ~u64 { 0 }), -EPERM);
    EXPECT_EQ(registers().fs_base, 0x5000U);
    EXPECT_EQ(arch_prctl(ARCH_SET_FS, kLimit - 1), 0);
    EXPECT_EQ(registers().fs_base, kLimit - 1);
}

TEST_F(ArchPrctlTest, ArchPrctl_SetGsAboveUserLimit_IsEperm)
{
    registers().user_gs_base = 0x5000;
    EXPECT_EQ(arch_prctl(ARCH_SET_GS, kLimit), -EPERM);
    EXPECT_EQ(arch_prctl(ARCH_SET_GS, kKernel), -EPERM);
    EXPECT_EQ(registers().user_gs_base, 0x5000U);
}

TEST_F(ArchPrctlTest, ArchPrctl_SetZero_IsAllowed)
{
    registers().fs_base = 0x5000;
    EXPECT_EQ(arch_prctl(ARCH_SET_FS, 0), 0);
    EXPECT_EQ(registers().fs_base, 0U);
}

TEST_F(ArchPrctlTest, ArchPrctl_GetWithBadPointer_IsEfault)
{
    // put_user (host: GET_FS to 0xdead0000 or a kernel address is EFAULT).
    EXPECT_EQ(arch_prctl(ARCH_GET_FS, kBad), -EFAULT);
    EXPECT_EQ(arch_prctl(ARCH_GET_GS, kBad), -EFAULT);
    EXPECT_EQ(arch_prctl(ARCH_GET_FS, kKernel), -EFAULT);
    EXPECT_EQ(arch_prctl(ARCH_GET_FS, 0), -EFAULT);
}

TEST_F(ArchPrctlTest, ArchPrctl_UnknownOption_IsEinval)
{
    EXPECT_EQ(arch_prctl(0x9999, 0), -EINVAL);
    EXPECT_EQ(arch_prctl(0, 0), -EINVAL);
    // Options of a Linux with features Sirius does not have: the vDSO
    // mapping, shadow stacks, tagged addresses, the old CET interface.
    EXPECT_EQ(arch_prctl(ARCH_MAP_VDSO_64, 0x400000), -EINVAL);
    EXPECT_EQ(arch_prctl(0x5005, kSlot), -EINVAL); // ARCH_SHSTK_STATUS
    EXPECT_EQ(arch_prctl(0x4001, kSlot), -EINVAL); // ARCH_GET_UNTAG_MASK
    EXPECT_EQ(arch_prctl(0x3001, kSlot), -EINVAL); // ARCH_CET_STATUS
}

TEST_F(ArchPrctlTest, ArchPrctl_OptionIsAnInt_UpperHalfIgnored)
{
    // SYSCALL_DEFINE2(arch_prctl, int, option, ...) (host: (1 << 32) |
    // ARCH_GET_FS is ARCH_GET_FS).
    registers().fs_base = 0x7777;
    EXPECT_EQ(arch_prctl((u64 { 1 } << 32) | ARCH_GET_FS, kSlot), 0);
    EXPECT_EQ(peek_u64(kSlot), 0x7777U);
}

TEST_F(ArchPrctlTest, ArchPrctl_GetCpuid_IsOne)
{
    // get_cpuid_mode: "return !test_thread_flag(TIF_NOCPUID);" - the
    // argument is not used (host: 1 with a bad pointer too).
    EXPECT_EQ(arch_prctl(ARCH_GET_CPUID, 0), 1);
    EXPECT_EQ(arch_prctl(ARCH_GET_CPUID, kBad), 1);
}

TEST_F(ArchPrctlTest, ArchPrctl_SetCpuidWithoutCpuidFaulting_IsEnodev)
{
    // set_cpuid_mode: "if (!boot_cpu_has(X86_FEATURE_CPUID_FAULT)) return
    // -ENODEV;" (host, without cpuid_fault: ENODEV).
    EXPECT_EQ(arch_prctl(ARCH_SET_CPUID, 1), -ENODEV);
    EXPECT_EQ(arch_prctl(ARCH_SET_CPUID, 0), -ENODEV);
    EXPECT_EQ(arch_prctl(ARCH_GET_CPUID, 0), 1);
}

TEST_F(ArchPrctlTest, ArchPrctl_BasesAreInheritedByAForkChild)
{
    // copy_thread: the child starts with the parent's FS and GS bases.
    ASSERT_EQ(arch_prctl(ARCH_SET_FS, 0x7f0000003000), 0);
    ASSERT_EQ(arch_prctl(ARCH_SET_GS, 0x7f0000004000), 0);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->context->tls(), 0x7f0000003000U);
    EXPECT_EQ(child->context->gs_base(), 0x7f0000004000U);
}

} // namespace
} // namespace sirius::testing
