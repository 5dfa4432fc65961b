#pragma once

// The thread group's signal state beyond its pending set (Linux
// signal_struct's flags, group_exit_code and group_stop_count): a group exit
// in progress, and job control - the group stop that SIGSTOP, SIGTSTP,
// SIGTTIN and SIGTTOU start and SIGCONT ends (signal(7), "Stop", "Cont").
#include "core/hal/wait_queue.h"

namespace sirius::proc {
class Thread;
}

namespace sirius::signal {

// What the parent still has to be told about a stop or continue (Linux
// SIGNAL_CLD_STOPPED / SIGNAL_CLD_CONTINUED); the first thread of the group
// to go through signal delivery tells it.
enum class ParentNotice : u8 {
    None,
    Stopped,
    Continued,
};

struct GroupSignalState {
    // SIGNAL_GROUP_EXIT: every thread is on its way out; new signals are
    // dropped and `exit_code` (a wait status) is what the group exits with.
    bool exiting { false };
    int exit_code { 0 };

    // A group stop: `stop_signal` is the signal that started it (Linux keeps
    // it in group_exit_code) and `threads_to_stop` counts the threads that
    // have not stopped yet (group_stop_count). When it reaches 0 the group
    // is `stopped` (SIGNAL_STOP_STOPPED) until SIGCONT or SIGKILL.
    bool stopped { false };
    u32 threads_to_stop { 0 };
    int stop_signal { 0 };
    // SIGNAL_STOP_CONTINUED: continued since the last stop, for
    // waitid(WCONTINUED).
    bool continued { false };
    ParentNotice parent_notice { ParentNotice::None };

    // Threads in a group stop sleep here; SIGCONT and SIGKILL wake them.
    hal::WaitQueue stopped_threads;

    // An execve from a thread of a group with several (Linux
    // group_exec_task): the other threads are being killed and their exits
    // are not a group exit; the exec'ing thread waits on `exec_waiters`,
    // which each exit wakes (proc/de_thread.h).
    proc::Thread* exec_thread { nullptr };
    hal::WaitQueue exec_waiters;
};

} // namespace sirius::signal
