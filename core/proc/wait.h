#pragma once

// Waiting for children (wait4(2), waitid(2); Linux kernel/exit.c do_wait,
// eligible_child, wait_task_zombie, wait_task_stopped,
// wait_task_continued). Which children, which changes of state, and what
// the caller is told; the syscall layer decodes and stores the result.
#include "core/base/result.h"
#include "core/proc/pid.h"
#include "core/time/cpu_time.h"

namespace sirius::proc {

class Kernel;
class Process;
class Thread;

// Which children a wait is for (Linux enum pid_type in wait_opts).
struct WaitSelector {
    enum class Kind : u8 {
        Any,          // P_ALL, wait4(-1)
        Process,      // P_PID, P_PIDFD, wait4(pid > 0)
        ProcessGroup, // P_PGID, wait4(0) and wait4(< -1)
    };
    Kind kind { Kind::Any };
    // The process's or group's Pid; null for Any (and for a number nobody
    // has, which then matches no child).
    Pid* pid { nullptr };
};

// What the caller is told about one child.
struct WaitReport {
    PidNr pid { 0 };  // in the caller's pid namespace
    u32 uid { 0 };    // the child's real uid in the caller's user namespace
    i32 status { 0 }; // wait4's status word
    i32 code { 0 };   // waitid's si_code: CLD_EXITED, KILLED, DUMPED, STOPPED, CONTINUED
    i32 child_status { 0 }; // waitid's si_status
    // The child's CPU time and that of the children it waited for
    // (getrusage(p, RUSAGE_BOTH)): wait4's and waitid's rusage.
    time::CpuTimes usage;
};

// Waits as `options` (WNOHANG, WEXITED, WSTOPPED/WUNTRACED, WCONTINUED,
// WNOWAIT, __WNOTHREAD, __WCLONE, __WALL) say, for a child of `current`'s
// process (of `current` alone with __WNOTHREAD) that `selector` names. A
// dead child is reaped unless WNOWAIT - its CPU times then join the
// caller's process's children times; a stop or continue is reported once.
// A "clone" child - one whose exit signal is not SIGCHLD - is seen only
// with __WCLONE, the others only without it, all with __WALL.
// Returns the report, or no value (pid 0) under WNOHANG when no child has
// changed state.
// Errors: ECHILD (no such child), ERESTARTSYS (a signal interrupted the
// wait). The caller has checked `options`.
Result<WaitReport> wait_for_child(Kernel& kernel, Thread& current, const WaitSelector& selector, u32 options);

} // namespace sirius::proc
