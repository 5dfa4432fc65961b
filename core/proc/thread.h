#pragma once

// Thread: one schedulable task (Linux task_struct). The resources clone may
// share or copy hang off it, each reference counted: memory, fs context, fd
// table, signal actions, credentials, namespaces.
#include "core/base/own_ptr.h"
#include "core/base/user_memory.h"
#include "core/fs/fd_table.h"
#include "core/fs/fs_context.h"
#include "core/hal/user_context.h"
#include "core/hal/wait_queue.h"
#include "core/ipc/semaphore_undo.h"
#include "core/mm/memory_descriptor.h"
#include "core/ns/nsproxy.h"
#include "core/proc/credentials.h"
#include "core/proc/process.h"
#include "core/signal/alternate_stack.h"
#include "core/signal/signal_actions.h"
#include "core/time/cpu_time.h"

namespace sirius::hal {
struct SchedulerThread; // the platform's (core/hal/scheduler.h)
}

namespace sirius::proc {

// The parent of a vfork child waits on this until the child execs or exits
// (Linux vfork_done completion).
struct VforkCompletion {
    bool done { false };
    hal::WaitQueue waiters;
};

// What ptrace has to say about a thread, as far as clone needs it.
struct PtraceState {
    Thread* tracer { nullptr };
    u32 options { 0 }; // PTRACE_O_* of the tracer
};

class Thread : public RefCounted<Thread> {
public:
    Thread(RefPtr<Process> process, RefPtr<Pid> pid);
    ~Thread();

    [[nodiscard]] Process& process() const { return *m_process; }
    [[nodiscard]] const RefPtr<Process>& process_ref() const { return m_process; }
    [[nodiscard]] Pid& pid() const { return *m_pid; }
    [[nodiscard]] const RefPtr<Pid>& pid_ref() const { return m_pid; }
    [[nodiscard]] bool is_group_leader() const { return m_process->leader() == this; }
    // exchange_tids (kernel/pid.c): the two threads of a group trade pids
    // (de_thread, for a thread that execs while not the leader).
    void exchange_pid(Thread& other);

    // The pid namespace the thread itself is in (Linux task_active_pid_ns).
    [[nodiscard]] ns::PidNamespace& active_pid_namespace() const { return m_pid->innermost_namespace(); }

    // A signal is pending and not blocked (Linux task_sigpending after
    // recalc_sigpending): a syscall about to block or fork must back off.
    [[nodiscard]] bool has_deliverable_signal() const;
    // SIGKILL is pending: the thread is dying (Linux fatal_signal_pending).
    [[nodiscard]] bool has_fatal_signal() const;

    // The resources clone shares or copies.
    RefPtr<mm::MemoryDescriptor> memory;
    RefPtr<fs::FsContext> fs;
    RefPtr<fs::FdTable> files;
    RefPtr<signal::SignalActions> signal_actions;
    RefPtr<Credentials> credentials;
    RefPtr<ns::NsProxy> namespaces;
    OwnPtr<hal::UserContext> context;
    // The SEM_UNDO adjustments (Linux task->sysvsem.undo_list): none until
    // the first semop with SEM_UNDO; shared with CLONE_SYSVSEM.
    RefPtr<ipc::SemUndoList> sem_undo;

    signal::SignalSet blocked;
    signal::PendingSignals pending;
    signal::AlternateStack alternate_stack;
    // The mask to restore when the syscall that replaced `blocked` returns
    // (rt_sigsuspend; Linux saved_sigmask with TIF_RESTORE_SIGMASK).
    signal::SignalSet saved_blocked;
    bool restore_saved_blocked { false };
    // While rt_sigtimedwait unblocks the signals it waits for, the mask it
    // goes back to (Linux real_blocked; empty otherwise). A signal in it is
    // still "blocked" for the ignore and fatal-signal rules.
    signal::SignalSet real_blocked;
    // Job control: this thread still has to join its group's stop (Linux
    // JOBCTL_STOP_PENDING), and it is stopped now (TASK_STOPPED).
    bool group_stop_pending { false };
    bool group_stopped { false };
    // On its way out (Linux PF_EXITING): takes no more signals.
    bool exiting { false };
    // Where rt_sigsuspend and rt_sigtimedwait sleep: nothing wakes this
    // queue; a signal interrupts the wait (Linux just schedules).
    hal::WaitQueue signal_wait;

    // CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID / set_tid_address(2).
    UserAddress set_child_tid;
    UserAddress clear_child_tid;
    // set_robust_list(2): the head of the robust futexes the thread holds
    // (struct robust_list_head), walked when it exits. A new thread has
    // none (Linux copy_process).
    UserAddress robust_list;

    // The CPU time the thread has used, charged by the tick (Linux
    // utime, stime; core/time/cpu_time.h). A new thread starts at 0.
    time::CpuTimeCounter cpu_time;

    u32 personality { 0 };
    int parent_death_signal { 0 }; // prctl(PR_SET_PDEATHSIG); cleared by fork
    bool no_new_privs { false }; // prctl(PR_SET_NO_NEW_PRIVS); inherited
    int nice { 0 };
    PtraceState ptrace;
    char name[16] {}; // comm: prctl(PR_SET_NAME), /proc/<pid>/comm

    // The real uid this thread is counted under (RLIMIT_NPROC), fixed when it
    // was published; a credential change moves it (credentials issue).
    u32 accounted_uid { 0 };

    // Set while a vfork parent waits for this thread.
    VforkCompletion* vfork_done { nullptr };

    hal::WaitQueueEntry wait_entry;
    // Set by Scheduler::prepare_thread; the platform's, opaque here.
    hal::SchedulerThread* scheduler_thread { nullptr };
    IntrusiveListNode m_task_node; // the Kernel's list of all threads
    ThreadGroupLink m_group_link; // its Process's list of threads

private:
    RefPtr<Process> m_process;
    RefPtr<Pid> m_pid;
};

} // namespace sirius::proc
