#include "core/signal/exec_signals.h"

#include <linux/signal.h>

#include "core/proc/thread.h"

namespace sirius::signal {

void reset_signals_for_exec(proc::Thread& thread)
{
    thread.signal_actions->reset_handlers(false);
    thread.alternate_stack = AlternateStack { 0, 0, SS_DISABLE };
}

} // namespace sirius::signal
