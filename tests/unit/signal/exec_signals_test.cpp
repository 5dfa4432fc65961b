// What execve(2) keeps and resets of a thread's signal state (Linux
// begin_new_exec: flush_signal_handlers(me, 0) and the alternate stack).
#include "core/signal/exec_signals.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kHandler = 0x401000;

class ExecSignalsTest : public SignalTest { };

TEST_F(ExecSignalsTest, Exec_CaughtSignalsBecomeDefault)
{
    // execve(2): "The dispositions of any signals that are being caught are
    // reset to the default."
    set_handler(caller(), SIGUSR1, kHandler, SA_RESTART | SA_SIGINFO);
    caller().signal_actions->action(SIGUSR1).mask = signal::SignalSet(~u64 { 0 } >> 32);
    signal::reset_signals_for_exec(caller());
    const signal::SignalAction& action = caller().signal_actions->action(SIGUSR1);
    EXPECT_EQ(action.handler, signal::kSigDefault);
    EXPECT_EQ(action.flags, 0U);
    EXPECT_TRUE(action.mask.is_empty());
}

TEST_F(ExecSignalsTest, Exec_IgnoredSignalsStayIgnored)
{
    // signal(7): "During an execve(2), the dispositions of handled signals
    // are reset to the default; the dispositions of ignored signals are
    // left unchanged."
    set_handler(caller(), SIGHUP, signal::kSigIgnore);
    signal::reset_signals_for_exec(caller());
    EXPECT_EQ(caller().signal_actions->action(SIGHUP).handler, signal::kSigIgnore);
}

TEST_F(ExecSignalsTest, Exec_KeepsTheMaskAndPendingSignals)
{
    // execve(2): "The signal mask is preserved" and "The set of pending
    // signals is preserved" (signal(7)).
    block(caller(), SIGUSR2);
    set_handler(caller(), SIGUSR2, kHandler);
    caller().process().shared_pending().add(SIGUSR2);
    signal::reset_signals_for_exec(caller());
    EXPECT_TRUE(caller().blocked.contains(SIGUSR2));
    EXPECT_TRUE(group_pending(caller(), SIGUSR2));
}

TEST_F(ExecSignalsTest, Exec_DropsTheAlternateStack)
{
    // execve(2): "Any alternate signal stack is not preserved."
    caller().alternate_stack = signal::AlternateStack { 0x20000, 0x4000, 0 };
    signal::reset_signals_for_exec(caller());
    EXPECT_EQ(caller().alternate_stack.size, 0U);
}

} // namespace
} // namespace sirius::testing
