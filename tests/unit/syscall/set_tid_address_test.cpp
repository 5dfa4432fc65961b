// set_tid_address(2) as kernel/fork.c has it: it stores the address
// unchecked and returns the caller's tid; the exit clears the tid there.
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kTid = KernelTest::kUserData + 0x400;
constexpr u64 kBad = 0xdead0000;

class SetTidAddressTest : public SignalTest { };

TEST_F(SetTidAddressTest, SetTidAddress_ReturnsTheCallersTid)
{
    EXPECT_EQ(call(__NR_set_tid_address, kTid), static_cast<i64>(tid_of(caller())));
    EXPECT_EQ(call(__NR_set_tid_address, kTid), call(__NR_gettid));
}

TEST_F(SetTidAddressTest, SetTidAddress_StoresClearChildTid)
{
    ASSERT_GT(call(__NR_set_tid_address, kTid), 0);
    EXPECT_EQ(caller().clear_child_tid, UserAddress(kTid));
}

TEST_F(SetTidAddressTest, SetTidAddress_InAThread_ReturnsTheThreadsTidNotTheTgid)
{
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    EXPECT_EQ(call_as(*thread, __NR_set_tid_address, kTid), static_cast<i64>(tid_of(*thread)));
    EXPECT_NE(tid_of(*thread), tgid_of(*thread));
    EXPECT_EQ(thread->clear_child_tid, UserAddress(kTid));
    EXPECT_TRUE(caller().clear_child_tid.is_null());
}

TEST_F(SetTidAddressTest, SetTidAddress_BadPointer_IsNotChecked)
{
    // set_tid_address(2): "always succeeds".
    EXPECT_GT(call(__NR_set_tid_address, kBad), 0);
    EXPECT_EQ(caller().clear_child_tid, UserAddress(kBad));
    EXPECT_GT(call(__NR_set_tid_address, 0xffff800000000000), 0);
}

TEST_F(SetTidAddressTest, SetTidAddress_Null_TurnsTheClearOff)
{
    ASSERT_GT(call(__NR_set_tid_address, kTid), 0);
    ASSERT_GT(call(__NR_set_tid_address, 0), 0);
    EXPECT_TRUE(caller().clear_child_tid.is_null());
}

TEST_F(SetTidAddressTest, SetTidAddress_InAChildPidNamespace_ReturnsTheTidThere)
{
    // task_pid_vnr: the number in the caller's own pid namespace.
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    EXPECT_EQ(call_as(*ns_init, __NR_set_tid_address, kTid), 1);
}

TEST_F(SetTidAddressTest, SetTidAddress_TheExitClearsTheTid)
{
    // clone(2) CLONE_CHILD_CLEARTID, the same field: "clear the child
    // thread ID at the location child_tid in child memory when the child
    // exits".
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    poke(kTid, 1234);
    ASSERT_GT(call_as(*thread, __NR_set_tid_address, kTid), 0);
    kernel->exit_thread(*thread, 0);
    EXPECT_EQ(peek(kTid), 0);
}

} // namespace
} // namespace sirius::testing
