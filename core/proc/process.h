#pragma once

// Process: a thread group (Linux's signal_struct plus the process-wide parts of
// the group leader's task_struct): its threads, its place in the process tree,
// its process group, limits and shared pending signals.
#include "core/base/intrusive_list.h"
#include "core/proc/cgroup.h"
#include "core/proc/process_group.h"
#include "core/proc/resource_limits.h"
#include "core/signal/job_control.h"
#include "core/signal/pending_signals.h"
#include "core/time/interval_timers.h"

namespace sirius::proc {

class Thread;

// A thread's entry in its group's list (Linux thread_node). A separate link
// type because Process is defined before Thread.
struct ThreadGroupLink {
    Thread* thread { nullptr };
    IntrusiveListNode node;
};

enum class ProcessState : u8 {
    Alive,
    Zombie, // every thread has exited; waiting for the parent to reap it
    Reaped,
};

class Process : public RefCounted<Process> {
public:
    // Preconditions: `cgroup` is not null (every process is in one).
    Process(RefPtr<Pid> pid, RefPtr<Cgroup> cgroup);
    ~Process();

    // The thread-group id: the leader's pid (getpid(2)).
    [[nodiscard]] Pid& pid() const { return *m_pid; }
    [[nodiscard]] const RefPtr<Pid>& pid_ref() const { return m_pid; }

    [[nodiscard]] Process* parent() const { return m_parent; }
    // The thread that created the group. It stays (as a zombie thread when
    // it exited first) until the process is reaped, as Linux keeps the
    // group leader's task: its pid names the process.
    [[nodiscard]] Thread* leader() const { return m_leader; }
    // The thread that created this process (Linux real_parent): its exit
    // sends the parent-death signal. Null for init and for orphans of a
    // dead namespace.
    [[nodiscard]] Thread* parent_thread() const { return m_parent_thread; }

    [[nodiscard]] ProcessGroup& process_group() const { return *m_process_group; }
    [[nodiscard]] const RefPtr<ProcessGroup>& process_group_ref() const { return m_process_group; }
    void set_process_group(RefPtr<ProcessGroup> group) { m_process_group = move(group); }

    // Linux SIGNAL_UNKILLABLE: set on the init of a pid namespace. Such a
    // process may not create siblings (clone CLONE_PARENT is EINVAL).
    [[nodiscard]] bool is_unkillable() const { return m_unkillable; }
    void set_unkillable(bool value) { m_unkillable = value; }

    // Linux PF_FORKNOEXEC of the group leader: made by fork and not exec'd
    // since. setpgid(2) moves a child of the caller only while this holds
    // (EACCES once it has exec'd).
    [[nodiscard]] bool forked_without_exec() const { return m_forked_without_exec; }
    void set_forked_without_exec(bool value) { m_forked_without_exec = value; }

    [[nodiscard]] bool is_child_subreaper() const { return m_is_child_subreaper; }
    // prctl(PR_SET_CHILD_SUBREAPER): becoming one also marks every existing
    // descendant as having a subreaper ancestor (Linux
    // propagate_has_child_subreaper), up to the inits of nested pid
    // namespaces, whose subtrees never reparent past them.
    void set_child_subreaper(bool value);
    // Some ancestor is a subreaper (Linux has_child_subreaper).
    [[nodiscard]] bool has_child_subreaper() const { return m_has_child_subreaper; }
    void set_has_child_subreaper(bool value) { m_has_child_subreaper = value; }

    // The signal the parent gets when this process exits (0: none).
    [[nodiscard]] int exit_signal() const { return m_exit_signal; }
    void set_exit_signal(int signal) { m_exit_signal = signal; }

    [[nodiscard]] ResourceLimits& limits() { return m_limits; }
    [[nodiscard]] const ResourceLimits& limits() const { return m_limits; }
    [[nodiscard]] signal::PendingSignals& shared_pending() { return m_shared_pending; }
    [[nodiscard]] const signal::PendingSignals& shared_pending() const { return m_shared_pending; }

    [[nodiscard]] signal::GroupSignalState& group_signals() { return m_group_signals; }
    [[nodiscard]] const signal::GroupSignalState& group_signals() const { return m_group_signals; }
    // Where the search for a thread to take a process-directed signal starts
    // (Linux signal->curr_target), so that the work spreads over threads.
    [[nodiscard]] Thread* signal_target() const { return m_signal_target; }
    void set_signal_target(Thread* thread) { m_signal_target = thread; }

    [[nodiscard]] Cgroup& cgroup() const { return *m_cgroup; }
    [[nodiscard]] const RefPtr<Cgroup>& cgroup_ref() const { return m_cgroup; }
    // cgroup_attach_task: the process moves to `cgroup` (counted there
    // while it has a live thread).
    void move_to_cgroup(RefPtr<Cgroup> cgroup);
    // cgroup_exit: the last thread exited, so the process no longer counts
    // in its cgroup (cgroup.procs, populated), though a zombie still names
    // it (/proc/<pid>/cgroup).
    void leave_cgroup();

    // The CPU time of every thread the group has had, charged by the tick
    // (core/time/cpu_time.h), and that of the children it has waited for
    // (Linux signal->cutime, cstime).
    [[nodiscard]] time::CpuTimeCounter& cpu_time() { return m_cpu_time; }
    [[nodiscard]] const time::CpuTimeCounter& cpu_time() const { return m_cpu_time; }
    [[nodiscard]] time::CpuTimes& children_times() { return m_children_times; }
    [[nodiscard]] const time::CpuTimes& children_times() const { return m_children_times; }
    // ITIMER_REAL, ITIMER_VIRTUAL and ITIMER_PROF (setitimer(2)).
    [[nodiscard]] time::IntervalTimers& interval_timers() { return m_interval_timers; }
    [[nodiscard]] const time::IntervalTimers& interval_timers() const { return m_interval_timers; }

    [[nodiscard]] ProcessState state() const { return m_state; }
    // A dead pid-namespace init whose namespace still has live processes:
    // a zombie its parent may not see yet (zap_pid_ns_processes).
    [[nodiscard]] bool is_awaiting_namespace_exit() const { return m_awaiting_namespace_exit; }
    void set_state(ProcessState state) { m_state = state; }
    [[nodiscard]] int exit_status() const { return m_exit_status; }
    void set_exit_status(int status) { m_exit_status = status; }

    // Where the process's threads wait for a child to change state (Linux
    // signal->wait_chldexit); woken on every child exit, stop and continue.
    [[nodiscard]] hal::WaitQueue& child_waiters() { return m_child_waiters; }

    [[nodiscard]] u32 thread_count() const { return m_thread_count; }
    [[nodiscard]] u32 live_thread_count() const { return m_live_threads; }

    // Visits the live threads of the group in creation order (Linux
    // for_each_thread). `callback` may not unlink a thread other than the
    // one it is given.
    template<typename Callback>
    void for_each_thread(Callback callback)
    {
        for (ThreadGroupLink& link : m_threads) {
            callback(*link.thread);
        }
    }
    [[nodiscard]] Thread* first_thread() const
    {
        ThreadGroupLink* link = m_threads.first();
        return link != nullptr ? link->thread : nullptr;
    }
    // The thread after `link`'s in the group, wrapping around (next_thread).
    [[nodiscard]] Thread* next_thread_after(const ThreadGroupLink& link) const;

    // The Kernel's list of processes not yet reaped (Linux for_each_process).
    IntrusiveListNode m_process_node;

    // Tree links, kept by the Kernel.
    IntrusiveListNode m_sibling_node;
    IntrusiveList<Process, &Process::m_sibling_node>& children() { return m_children; }

private:
    friend class Kernel;
    friend class Thread;

    RefPtr<Pid> m_pid;
    Process* m_parent { nullptr };
    Thread* m_leader { nullptr };
    Thread* m_parent_thread { nullptr };
    Thread* m_held_leader { nullptr }; // the reference publish_thread took
    // A dead namespace init whose parent is told once the namespace is empty.
    bool m_awaiting_namespace_exit { false };
    // Wait(2) callers among the parent's threads sleep here (wait_chldexit).
    hal::WaitQueue m_child_waiters;
    IntrusiveList<Process, &Process::m_sibling_node> m_children;
    RefPtr<ProcessGroup> m_process_group;
    RefPtr<Cgroup> m_cgroup;
    bool m_counted_in_cgroup { true };
    ResourceLimits m_limits;
    signal::PendingSignals m_shared_pending;
    signal::GroupSignalState m_group_signals;
    IntrusiveList<ThreadGroupLink, &ThreadGroupLink::node> m_threads;
    Thread* m_signal_target { nullptr };
    time::CpuTimeCounter m_cpu_time;
    time::CpuTimes m_children_times;
    time::IntervalTimers m_interval_timers { *this };
    int m_exit_signal { 0 };
    int m_exit_status { 0 };
    u32 m_thread_count { 0 };
    u32 m_live_threads { 0 };
    ProcessState m_state { ProcessState::Alive };
    bool m_unkillable { false };
    bool m_forked_without_exec { false };
    bool m_is_child_subreaper { false };
    bool m_has_child_subreaper { false };
};

} // namespace sirius::proc
