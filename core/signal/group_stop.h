#pragma once

// Group stop (Linux do_signal_stop, task_participate_group_stop): a stop
// signal's default action stops every thread of the group; the last one to
// stop tells the parent (CLD_STOPPED). SIGCONT (send_signal.cpp) and SIGKILL
// end it.
namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::signal {

// `thread` takes its part in a pending group stop: it no longer counts as
// to be stopped. Returns true if it was the last one, so the group is now
// stopped and the parent has to be told.
bool participate_in_group_stop(proc::Thread& thread);

// Linux do_signal_stop for the current thread. With `stop_signal` != 0 a
// new group stop starts (unless one is under way or the group is exiting):
// every other live thread gets its part pending and is woken to take it.
// The thread then stops and sleeps (killable) until SIGCONT or SIGKILL.
// Returns false if nothing was stopped (no group stop pending for it).
bool stop_current_thread(proc::Kernel& kernel, proc::Thread& thread, int stop_signal);

// Linux exit_signals: a thread on its way out takes no more signals; it
// hands the group's pending signals it could have taken to a thread that
// can, and leaves a pending group stop (telling the parent if it was the
// last to stop).
void exit_signals(proc::Kernel& kernel, proc::Thread& thread);

} // namespace sirius::signal
