#pragma once

// Moving a process between process groups and sessions: setpgid(2) and
// setsid(2) (Linux kernel/sys.c ksys_setpgid, ksys_setsid). Groups and
// sessions are the objects of process_group.h; a process holds its group,
// the group its session, and each is freed with its last member.
//
// Neither call sends a signal: a group that a move leaves orphaned (POSIX
// 3.2.2.2) is found orphaned from then on by core/signal/orphaned_group.h,
// which looks at the groups as they are, but gets SIGHUP and SIGCONT only
// from an exit, as in Linux (kill_orphaned_pgrp runs in exit_notify and
// reparenting alone).
#include "core/proc/kernel.h"

namespace sirius::proc {

// The process leads its session (Linux signal->leader): its pid names it.
[[nodiscard]] bool is_session_leader(const Process& process);

// The group named by `pid` if it still has a member (Linux pid_task(pid,
// PIDTYPE_PGID)), zombies included; nullptr otherwise.
[[nodiscard]] ProcessGroup* find_process_group(Kernel& kernel, const Pid& pid);

// setpgid(2) by `caller`: moves process `pid` (0: the caller's process)
// into group `pgid` (0: the group named by `pid`), numbers as the caller's
// pid namespace sees them. Linux's order:
//   EINVAL  pgid < 0
//   ESRCH   no such task
//   EINVAL  the task is not a thread-group leader
//   EPERM   a child of the caller in another session
//   EACCES  a child of the caller that has exec'd
//   ESRCH   neither the caller nor its child
//   EPERM   the process leads its session
//   EPERM   pgid != pid and no group pgid with a member in the caller's
//           session
//   ENOMEM  a new group could not be made (Linux cannot fail here)
// Nothing changes on error.
Result<void> set_process_group(Kernel& kernel, Thread& caller, PidNr pid, PidNr pgid);

// setsid(2) by `caller`: its process leads a new session and a new group,
// both named by its pid, and has no controlling terminal. Returns the new
// session id in the caller's pid namespace.
// Errors: EPERM (already a session leader, or some group has the caller's
// pid as its id), ENOMEM (Linux cannot fail here). Nothing changes on error.
Result<PidNr> create_session(Kernel& kernel, Thread& caller);

} // namespace sirius::proc
