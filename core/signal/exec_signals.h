#pragma once

// What execve(2) does to a thread's signal state (Linux begin_new_exec's
// flush_signal_handlers(me, 0) and the alternate stack reset). execve(2):
// "The dispositions of any signals that are being caught are reset to the
// default"; "Any alternate signal stack is not preserved"; the signal mask
// and pending signals are kept; ignored signals stay ignored (signal(7)).
// The exec issue calls this once the new image is committed and the
// thread's signal actions are private (unshare_sighand).
namespace sirius::proc {
class Thread;
} // namespace sirius::proc

namespace sirius::signal {

void reset_signals_for_exec(proc::Thread& thread);

} // namespace sirius::signal
