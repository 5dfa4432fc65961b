// sched_getaffinity(2) and sched_setaffinity(2) through the syscall table,
// on Sirius's one CPU: kernel/sched/core.c's checks in their order.
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

class SchedAffinityTest : public SignalTest {
protected:
    static constexpr u64 kMask = kUserData;
    i64 get(i32 pid, u64 length, u64 mask = kMask) { return call(__NR_sched_getaffinity, static_cast<u64>(static_cast<i64>(pid)), length, mask); }
    i64 set(i32 pid, u64 length, u64 mask = kMask) { return call(__NR_sched_setaffinity, static_cast<u64>(static_cast<i64>(pid)), length, mask); }
    void put_mask(u64 bits) { ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kMask), &bits, sizeof bits).has_value()); }
    u64 mask_bits()
    {
        u64 bits = 0;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&bits, UserAddress(kMask), sizeof bits).has_value());
        return bits;
    }
};

TEST_F(SchedAffinityTest, Getaffinity_ReturnsCpumaskSizeAndCpuZero)
{
    // "retlen = min(len, cpumask_size()) ... ret = retlen": 8 bytes for up
    // to 64 CPUs, whatever length above that the caller offers.
    put_mask(~0ULL);
    EXPECT_EQ(get(0, 128), 8);
    EXPECT_EQ(mask_bits(), 1u);
}

TEST_F(SchedAffinityTest, Getaffinity_LengthNotAMultipleOfLong_IsEinval)
{
    // "if (len & (sizeof(unsigned long)-1)) return -EINVAL;"
    EXPECT_EQ(get(0, 4), -EINVAL);
    EXPECT_EQ(get(0, 9), -EINVAL);
}

TEST_F(SchedAffinityTest, Getaffinity_UnknownPid_IsEsrch_BadPointer_IsEfault)
{
    EXPECT_EQ(get(4000, 8), -ESRCH);
    EXPECT_EQ(get(0, 8, 0), -EFAULT);
}

TEST_F(SchedAffinityTest, Getaffinity_AnotherThreadById)
{
    proc::Thread* thread = spawn_thread();
    EXPECT_EQ(get(static_cast<i32>(tid_of(*thread)), 8), 8);
}

TEST_F(SchedAffinityTest, Setaffinity_MaskWithCpuZero_Succeeds_WithoutIt_IsEinval)
{
    put_mask(0x3);
    EXPECT_EQ(set(0, 8), 0);
    // "if (!cpumask_intersects(new_mask, cpu_valid_mask)) ret = -EINVAL".
    put_mask(0x2);
    EXPECT_EQ(set(0, 8), -EINVAL);
    // get_user_cpu_mask: a mask shorter than cpumask_size() is
    // zero-extended.
    put_mask(0x1);
    EXPECT_EQ(set(0, 1), 0);
    EXPECT_EQ(set(0, 0), -EINVAL);
}

TEST_F(SchedAffinityTest, Setaffinity_BadPointer_IsEfaultBeforeEsrch)
{
    // get_user_cpu_mask comes before find_process_by_pid.
    EXPECT_EQ(set(4000, 8, 0), -EFAULT);
    put_mask(1);
    EXPECT_EQ(set(4000, 8), -ESRCH);
}

TEST_F(SchedAffinityTest, Setaffinity_AnotherUsersThreadWithoutCapSysNice_IsEperm)
{
    // check_same_owner: "uid_eq(cred->euid, pcred->euid) ||
    // uid_eq(cred->euid, pcred->uid)", else CAP_SYS_NICE.
    become_user(1000);
    put_mask(1);
    EXPECT_EQ(set(static_cast<i32>(tid_of(*init)), 8), -EPERM);
    EXPECT_EQ(set(0, 8), 0);
    // Reading another user's mask needs no permission.
    EXPECT_EQ(get(static_cast<i32>(tid_of(*init)), 8), 8);
}

} // namespace
} // namespace sirius::testing
