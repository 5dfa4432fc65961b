// getrlimit(2), setrlimit(2) and prlimit(2) as Linux's kernel/sys.c
// (do_prlimit, check_prlimit_permission) has them: one test per rule.
#include <sys/resource.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kNew = KernelTest::kUserData + 0x100;
constexpr u64 kOld = KernelTest::kUserData + 0x200;
constexpr u64 kBad = 0xdead0000;

struct Limit {
    u64 soft, hard;
    bool operator==(const Limit&) const = default;
};

class ResourceLimitsTest : public SignalTest {
protected:
    void store(const Limit& limit)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kNew), &limit, sizeof(limit)).has_value());
    }
    Limit load()
    {
        Limit limit {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(&limit, UserAddress(kOld), sizeof(limit)).has_value());
        return limit;
    }
};

TEST_F(ResourceLimitsTest, Getrlimit_ReadsTheLimit)
{
    ASSERT_EQ(call(__NR_getrlimit, RLIMIT_NOFILE, kOld), 0);
    EXPECT_EQ(load(), (Limit { 1024, 4096 }));
    EXPECT_EQ(call(__NR_getrlimit, RLIM_NLIMITS, kOld), -EINVAL);
    EXPECT_EQ(call(__NR_getrlimit, RLIMIT_NOFILE, kBad), -EFAULT);
}

TEST_F(ResourceLimitsTest, Setrlimit_SoftAboveHard_IsEinval)
{
    // setrlimit(2) EINVAL: "rlim->rlim_cur was greater than rlim->rlim_max".
    store({ 10, 5 });
    EXPECT_EQ(call(__NR_setrlimit, RLIMIT_CORE, kNew), -EINVAL);
}

TEST_F(ResourceLimitsTest, Setrlimit_LowersAndReads)
{
    store({ 3, 7 });
    ASSERT_EQ(call(__NR_setrlimit, RLIMIT_CORE, kNew), 0);
    ASSERT_EQ(call(__NR_getrlimit, RLIMIT_CORE, kOld), 0);
    EXPECT_EQ(load(), (Limit { 3, 7 }));
    EXPECT_EQ(call(__NR_setrlimit, RLIMIT_CORE, kBad), -EFAULT);
}

TEST_F(ResourceLimitsTest, RaisingTheHardLimit_NeedsCapSysResource)
{
    // setrlimit(2): "An unprivileged process may ... irreversibly lower its
    // hard limit. A privileged process (... CAP_SYS_RESOURCE ...) may make
    // arbitrary changes to either limit value."
    store({ 1, 2 });
    ASSERT_EQ(call(__NR_setrlimit, RLIMIT_CORE, kNew), 0);
    become_user(1000);
    store({ 1, 3 });
    EXPECT_EQ(call(__NR_setrlimit, RLIMIT_CORE, kNew), -EPERM);
    store({ 2, 2 });
    EXPECT_EQ(call(__NR_setrlimit, RLIMIT_CORE, kNew), 0);
}

TEST_F(ResourceLimitsTest, HardLimit_RaisedOnlyWithCapSysResourceOfTheInitialNamespace)
{
    // "Keep the capable check against init_user_ns": root of a new user
    // namespace cannot raise a hard limit.
    // CLONE_VM: the child reads the limits from our memory.
    proc::Thread* inner = clone_ok(request_with(CLONE_NEWUSER | CLONE_VM));
    ASSERT_NE(inner, nullptr);
    store({ 1, 1 });
    ASSERT_EQ(call_as(*inner, __NR_setrlimit, RLIMIT_CORE, kNew), 0);
    store({ 1, 2 });
    EXPECT_EQ(call_as(*inner, __NR_setrlimit, RLIMIT_CORE, kNew), -EPERM);
    EXPECT_EQ(call_as(*inner, __NR_prlimit64, 0, RLIM_NLIMITS, 0, kOld), -EINVAL);
}

TEST_F(ResourceLimitsTest, NofileAboveNrOpen_IsEperm)
{
    // setrlimit(2) EPERM: "an attempt to set RLIMIT_NOFILE greater than
    // /proc/sys/fs/nr_open", even for root.
    store({ 1024, 1024 * 1024 + 1 });
    EXPECT_EQ(call(__NR_setrlimit, RLIMIT_NOFILE, kNew), -EPERM);
}

TEST_F(ResourceLimitsTest, Limits_AreInheritedByFork)
{
    store({ 5, 5 });
    ASSERT_EQ(call(__NR_setrlimit, RLIMIT_CORE, kNew), 0);
    proc::Thread* child = spawn_child();
    EXPECT_EQ(child->process().limits().get(RLIMIT_CORE).soft, 5U);
}

TEST_F(ResourceLimitsTest, Prlimit_SetsAndReturnsTheOldLimitAtOnce)
{
    store({ 4, 8 });
    ASSERT_EQ(call(__NR_prlimit64, 0, RLIMIT_CORE, kNew, kOld), 0);
    EXPECT_EQ(load(), (Limit { 0, RLIM_INFINITY }));
    ASSERT_EQ(call(__NR_prlimit64, 0, RLIMIT_CORE, 0, kOld), 0);
    EXPECT_EQ(load(), (Limit { 4, 8 }));
}

TEST_F(ResourceLimitsTest, Prlimit_OtherProcess_NeedsMatchingIdsOrCapSysResource)
{
    // prlimit(2): "the real, effective, and saved set user IDs of the target
    // process match the real user ID of the caller and the real, effective,
    // and saved set group IDs of the target process match the real group ID
    // of the caller".
    proc::Thread* root_child = spawn_child();
    ASSERT_EQ(call(__NR_prlimit64, tgid_of(*root_child), RLIMIT_CORE, 0, kOld), 0);
    become_user(1000);
    EXPECT_EQ(call(__NR_prlimit64, tgid_of(*root_child), RLIMIT_CORE, 0, kOld), -EPERM);
    proc::Thread* own_child = spawn_child();
    store({ 0, 0 });
    // The same real, effective and saved ids: allowed.
    EXPECT_EQ(call(__NR_prlimit64, tgid_of(*own_child), RLIMIT_CORE, kNew, 0), 0);
}

TEST_F(ResourceLimitsTest, Prlimit_NoSuchProcess_IsEsrch)
{
    EXPECT_EQ(call(__NR_prlimit64, 30000, RLIMIT_CORE, 0, kOld), -ESRCH);
}

} // namespace
} // namespace sirius::testing
