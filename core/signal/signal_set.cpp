#include "core/signal/signal_set.h"

#include <asm/signal.h>

namespace sirius::signal {

// <asm/signal.h> gives user space no _NSIG; its sigset_t has one bit per signal.
static_assert(kSignalCount == 8 * sizeof(sigset_t), "x86_64 has 64 signals");
static_assert(kSigKill == SIGKILL);
static_assert(kSigStop == SIGSTOP);
static_assert(kSigChld == SIGCHLD);

} // namespace sirius::signal
