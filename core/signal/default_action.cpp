#include "core/signal/default_action.h"

#include <asm/signal.h>

namespace sirius::signal {

DefaultAction default_action(int signal)
{
    switch (signal) {
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS:
        return DefaultAction::CoreDump;
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
        return DefaultAction::Ignore;
    case SIGCONT:
        return DefaultAction::Continue;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        return DefaultAction::Stop;
    default:
        return DefaultAction::Terminate;
    }
}

bool is_kernel_only(int signal)
{
    return signal == SIGKILL || signal == SIGSTOP;
}

bool is_stop_signal(int signal)
{
    return default_action(signal) == DefaultAction::Stop;
}

bool is_ignored_by_default(int signal)
{
    const DefaultAction action = default_action(signal);
    return action == DefaultAction::Ignore || action == DefaultAction::Continue;
}

} // namespace sirius::signal
