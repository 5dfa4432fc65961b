// sched_yield(2) through the syscall table: kernel/sched/core.c
// do_sched_yield, then "return 0".
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using SchedYieldSyscallTest = SignalTest;

TEST_F(SchedYieldSyscallTest, SchedYield_GivesUpTheCpuOnce_AndReturnsZero)
{
    // sched_yield(2): "causes the calling thread to relinquish the CPU ...
    // On success, sched_yield() returns 0."
    EXPECT_CALL(scheduler, yield()).Times(1);
    EXPECT_EQ(call(__NR_sched_yield), 0);
}

TEST_F(SchedYieldSyscallTest, SchedYield_IgnoresItsArgumentRegisters)
{
    // SYSCALL_DEFINE0: whatever is in the argument registers.
    EXPECT_CALL(scheduler, yield()).Times(1);
    EXPECT_EQ(call(__NR_sched_yield, ~0ULL, ~0ULL, ~0ULL), 0);
}

TEST_F(SchedYieldSyscallTest, SchedYield_PendingSignal_StillReturnsZero)
{
    // Linux has no failing path: a pending signal is delivered on the way
    // out, the call itself returns 0.
    set_handler(caller(), SIGUSR1, 0x401000);
    caller().pending.add(SIGUSR1);
    EXPECT_EQ(call(__NR_sched_yield), 0);
}

} // namespace
} // namespace sirius::testing
