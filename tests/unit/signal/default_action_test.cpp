// The default action of every signal, as the table in signal(7),
// "Standard signals", gives it (Linux's SIG_KERNEL_*_MASK sets).
#include <signal.h>

#include "core/signal/default_action.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using signal::DefaultAction;

TEST(DefaultActionTest, EveryStandardSignal_HasSignal7sDefault)
{
    struct Row {
        int signal;
        DefaultAction action;
    };
    const Row table[] = {
        { SIGHUP, DefaultAction::Terminate }, { SIGINT, DefaultAction::Terminate }, { SIGQUIT, DefaultAction::CoreDump },
        { SIGILL, DefaultAction::CoreDump }, { SIGTRAP, DefaultAction::CoreDump }, { SIGABRT, DefaultAction::CoreDump },
        { SIGBUS, DefaultAction::CoreDump }, { SIGFPE, DefaultAction::CoreDump }, { SIGKILL, DefaultAction::Terminate },
        { SIGUSR1, DefaultAction::Terminate }, { SIGSEGV, DefaultAction::CoreDump }, { SIGUSR2, DefaultAction::Terminate },
        { SIGPIPE, DefaultAction::Terminate }, { SIGALRM, DefaultAction::Terminate }, { SIGTERM, DefaultAction::Terminate },
        { SIGSTKFLT, DefaultAction::Terminate }, { SIGCHLD, DefaultAction::Ignore }, { SIGCONT, DefaultAction::Continue },
        { SIGSTOP, DefaultAction::Stop }, { SIGTSTP, DefaultAction::Stop }, { SIGTTIN, DefaultAction::Stop },
        { SIGTTOU, DefaultAction::Stop }, { SIGURG, DefaultAction::Ignore }, { SIGXCPU, DefaultAction::CoreDump },
        { SIGXFSZ, DefaultAction::CoreDump }, { SIGVTALRM, DefaultAction::Terminate }, { SIGPROF, DefaultAction::Terminate },
        { SIGWINCH, DefaultAction::Ignore }, { SIGIO, DefaultAction::Terminate }, { SIGPWR, DefaultAction::Terminate },
        { SIGSYS, DefaultAction::CoreDump },
    };
    for (const Row& row : table) {
        EXPECT_EQ(signal::default_action(row.signal), row.action) << row.signal;
    }
}

TEST(DefaultActionTest, RealtimeSignals_Terminate)
{
    // signal(7): "The default action for an unhandled real-time signal is
    // to terminate the receiving process."
    for (int signal = 32; signal <= 64; ++signal) {
        EXPECT_EQ(signal::default_action(signal), DefaultAction::Terminate) << signal;
    }
}

TEST(DefaultActionTest, OnlySigkillAndSigstop_AreKernelOnly)
{
    for (int signal = 1; signal <= 64; ++signal) {
        EXPECT_EQ(signal::is_kernel_only(signal), signal == SIGKILL || signal == SIGSTOP) << signal;
    }
}

} // namespace
} // namespace sirius::testing
