#include "core/proc/set_process_group.h"

namespace sirius::proc {

bool is_session_leader(const Process& process)
{
    // Only setsid makes a session, on its caller's pid, and that pid cannot
    // be reused while the session lives (the session holds it): the pid
    // naming the session is the leader's. Linux keeps a flag for it.
    return &process.process_group().session().pid() == &process.pid();
}

ProcessGroup* find_process_group(Kernel& kernel, const Pid& pid)
{
    ProcessGroup* group = pid.process_group;
    if (group == nullptr) {
        return nullptr;
    }
    // A reaped process still referenced somewhere keeps its group object;
    // Linux detached it from the group at release_task.
    for (Process& process : kernel.processes()) {
        if (&process.process_group() == group) {
            return group;
        }
    }
    return nullptr;
}

Result<void> set_process_group(Kernel& kernel, Thread& caller, PidNr pid, PidNr pgid)
{
    Process& self = caller.process();
    const ns::PidNamespace& ns = caller.active_pid_namespace();
    // "if (!pid) pid = task_pid_vnr(group_leader); if (!pgid) pgid = pid;
    // if (pgid < 0) return -EINVAL;"
    if (pid == 0) {
        pid = self.pid().nr_in(ns);
    }
    if (pgid == 0) {
        pgid = pid;
    }
    if (pgid < 0) {
        return errno_error(EINVAL);
    }
    // find_task_by_vpid: a thread numbered `pid` in the caller's namespace;
    // no negative number names one.
    Thread* task = pid > 0 ? kernel.find_thread(ns, pid) : nullptr;
    if (task == nullptr) {
        return errno_error(ESRCH);
    }
    // "if (!thread_group_leader(p)) goto out" (EINVAL): a thread's tid is
    // no process.
    if (!task->is_group_leader()) {
        return errno_error(EINVAL);
    }
    Process& target = task->process();
    // "if (same_thread_group(p->real_parent, group_leader))": a child of
    // the caller (a CLONE_PARENT sibling's parent is the caller's parent).
    if (target.parent() == &self) {
        // setpgid(2): "EPERM ... to change the process group ID of a
        // process that is not in the same session as the calling process".
        if (&target.process_group().session() != &self.process_group().session()) {
            return errno_error(EPERM);
        }
        // "EACCES An attempt was made to change the process group ID of
        // one of the children of the calling process and the child had
        // already performed an execve(2)."
        if (!target.forked_without_exec()) {
            return errno_error(EACCES);
        }
    } else if (&target != &self) {
        // "ESRCH For setpgid(): pid is not the calling process and not a
        // child of the calling process."
        return errno_error(ESRCH);
    }
    // "EPERM An attempt was made to move a process into a process group
    // ... or to change the process group ID of a session leader".
    if (is_session_leader(target)) {
        return errno_error(EPERM);
    }
    RefPtr<ProcessGroup> group;
    if (pgid != pid) {
        // "EPERM ... into a process group in a different session": the
        // group must exist (a member, zombie or not) in the caller's
        // session.
        Pid* named = ns.find(pgid);
        ProcessGroup* existing = named != nullptr ? find_process_group(kernel, *named) : nullptr;
        if (existing == nullptr || &existing->session() != &self.process_group().session()) {
            return errno_error(EPERM);
        }
        group = RefPtr<ProcessGroup>(existing);
    } else if (ProcessGroup* existing = find_process_group(kernel, target.pid())) {
        // "pgrp = task_pid(p)": the group named by the process's own pid,
        // which it may have left while others stayed in it.
        group = RefPtr<ProcessGroup>(existing);
    } else {
        // A new group, in the process's session (the caller's: a child in
        // another one was refused above).
        group = TRY(ProcessGroup::create(target.pid_ref(), target.process_group().session_ref()));
    }
    // "if (task_pgrp(p) != pgrp) change_pid(p, PIDTYPE_PGID, pgrp)". The old
    // group is freed with its last member.
    if (group.get() != &target.process_group()) {
        target.set_process_group(move(group));
    }
    return {};
}

Result<PidNr> create_session(Kernel& kernel, Thread& caller)
{
    Process& self = caller.process();
    // setsid(2): "EPERM The process group ID of any process equals the PID
    // of the calling process. Thus, in particular, setsid() fails if the
    // calling process is already a process group leader." Linux checks
    // leadership of a session first ("if (group_leader->signal->leader)"),
    // then "if (pid_task(sid, PIDTYPE_PGID))".
    if (is_session_leader(self) || find_process_group(kernel, self.pid()) != nullptr) {
        return errno_error(EPERM);
    }
    auto session = TRY(Session::create(self.pid_ref()));
    auto group = TRY(ProcessGroup::create(self.pid_ref(), move(session)));
    // set_special_pids: the caller's process group and session become the
    // new ones; the old group is freed with its last member.
    self.set_process_group(move(group));
    // proc_clear_tty(group_leader): "The calling process ... has no
    // controlling terminal." Sirius has no terminals yet; when the tty
    // issue lands, its controlling-terminal link (Linux signal->tty) is
    // dropped here.
    return self.pid().nr_in(caller.active_pid_namespace());
}

} // namespace sirius::proc
