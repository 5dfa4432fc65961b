#pragma once

// What a signal does when its handler is SIG_DFL (signal(7), "Standard
// signals"; Linux's SIG_KERNEL_*_MASK sets in kernel/signal.c).
#include "core/base/types.h"

namespace sirius::signal {

enum class DefaultAction : u8 {
    Terminate,
    CoreDump, // terminate, with a core dump when one can be written
    Ignore,
    Stop,
    Continue, // resumes a stopped group when sent; ignored when delivered
};

// Preconditions: 1 <= signal <= 64. Real-time signals terminate.
[[nodiscard]] DefaultAction default_action(int signal);

// SIGKILL and SIGSTOP: never caught, blocked or ignored (sig_kernel_only).
[[nodiscard]] bool is_kernel_only(int signal);
// SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU (sig_kernel_stop).
[[nodiscard]] bool is_stop_signal(int signal);
// SIGCHLD, SIGCONT, SIGURG, SIGWINCH (sig_kernel_ignore): discarded on
// arrival while their handler is SIG_DFL and they are not blocked.
[[nodiscard]] bool is_ignored_by_default(int signal);

} // namespace sirius::signal
