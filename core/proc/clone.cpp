#include "core/proc/clone.h"

#include <asm/signal.h>
#include <linux/fcntl.h>
#include <linux/ptrace.h>
#include <linux/resource.h>
#include <linux/sched.h>

#include "core/base/scope_guard.h"
#include "core/base/user_ptr.h"
#include "core/fs/cgroupfs/cgroup_fs.h"
#include "core/ipc/sem.h"
#include "core/proc/clone_resources.h"
#include "core/proc/pidfd_file.h"

namespace sirius::proc {

namespace {

// The copy_process checks that need nothing but the flags and the caller's
// state, in Linux's order. Each is EINVAL.
Result<void> check_clone_flags(const Thread& current, u64 flags)
{
    const ns::NamespaceSet& namespaces = current.namespaces->namespaces();
    // clone(2): "CLONE_NEWNS and CLONE_FS were both specified".
    if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)) {
        return errno_error(EINVAL);
    }
    // clone(2): "CLONE_NEWUSER and CLONE_FS were both specified".
    if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) {
        return errno_error(EINVAL);
    }
    // "Thread groups must share signals as well."
    if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0) {
        return errno_error(EINVAL);
    }
    // "Shared signal handlers imply shared VM."
    if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) {
        return errno_error(EINVAL);
    }
    // "prevent global and container-inits from creating siblings."
    if ((flags & CLONE_PARENT) != 0 && current.process().is_unkillable()) {
        return errno_error(EINVAL);
    }
    // "If the new process will be in a different pid or user namespace do not
    // allow it to share a thread group with the forking task."
    if ((flags & CLONE_THREAD) != 0) {
        if ((flags & (CLONE_NEWUSER | CLONE_NEWPID)) != 0 || namespaces.pid_for_children.get() != &current.active_pid_namespace()) {
            return errno_error(EINVAL);
        }
    }
    // (Linux 6.1 also refused CLONE_VM or CLONE_THREAD while the caller's
    // time namespace for children differed from its own; 6.x later dropped
    // that rule: such a child simply stays in the caller's time namespace,
    // see clone_namespaces.)
    // CLONE_DETACHED "is blocked so that we can potentially reuse it later
    // for CLONE_PIDFD". (Linux >= 6.9 allows CLONE_PIDFD with CLONE_THREAD:
    // the pidfd then refers to the thread, PIDFD_THREAD.)
    if ((flags & CLONE_PIDFD) != 0 && (flags & CLONE_DETACHED) != 0) {
        return errno_error(EINVAL);
    }
    return {};
}

// Linux capable(): a capability in the initial user namespace.
bool is_capable(const Kernel& kernel, const Thread& thread, int capability)
{
    return has_capability_in(*thread.credentials, *kernel.initial_user_namespace(), capability);
}

// copy_process: "if (is_rlimit_overlimit(task_ucounts(p), UCOUNT_RLIMIT_NPROC,
// rlimit(RLIMIT_NPROC)))" unless root or CAP_SYS_RESOURCE/CAP_SYS_ADMIN.
Result<void> check_thread_limits(const Kernel& kernel, const Thread& current)
{
    const u32 uid = current.credentials->uid.real;
    const u64 limit = current.process().limits().get(RLIMIT_NPROC).soft;
    if (kernel.threads_of_user(uid) > limit) {
        if (uid != 0 && !is_capable(kernel, current, CAP_SYS_RESOURCE) && !is_capable(kernel, current, CAP_SYS_ADMIN)) {
            return errno_error(EAGAIN);
        }
    }
    // "if (data_race(nr_threads >= max_threads))": a system-wide bound.
    if (kernel.thread_count() >= kernel.max_threads()) {
        return errno_error(EAGAIN);
    }
    return {};
}

// The cgroup a new process goes into: the parent's, or CLONE_INTO_CGROUP's
// (Linux cgroup_css_set_fork).
Result<RefPtr<Cgroup>> choose_cgroup(const Kernel& kernel, const Thread& current, const CloneRequest& request)
{
    if ((request.flags & CLONE_INTO_CGROUP) == 0) {
        return current.process().cgroup_ref();
    }
    RefPtr<fs::File> file = current.files->get(static_cast<int>(request.cgroup));
    if (!file) {
        return errno_error(EBADF);
    }
    // cgroup_get_from_file: EBADF for anything but a cgroup2 directory
    // (O_PATH too), ENOENT for a removed one.
    RefPtr<Cgroup> target = TRY(fs::cgroup_from_file(*file));
    const fs::CgroupSuperBlock& hierarchy = *kernel.cgroup_hierarchy();
    // "Verify that we the target cgroup is writable for us": its
    // cgroup.procs, as the caller.
    TRY(fs::may_write_procs(hierarchy, *current.credentials, *target));
    // cgroup_attach_permissions with the caller's credentials: the common
    // ancestor's cgroup.procs, no internal processes (EBUSY), a thread only
    // into its process's cgroup (EOPNOTSUPP).
    TRY(fs::check_attach(hierarchy, *current.credentials, current.process().cgroup(), *target, (request.flags & CLONE_THREAD) == 0));
    return target;
}

// kernel_clone: which ptrace event the caller's tracer wants for this clone.
int ptrace_event_for(const Thread& current, const CloneRequest& request)
{
    if ((request.flags & CLONE_UNTRACED) != 0 || current.ptrace.tracer == nullptr) {
        return 0;
    }
    int event = PTRACE_EVENT_FORK;
    if ((request.flags & CLONE_VFORK) != 0) {
        event = PTRACE_EVENT_VFORK;
    } else if (request.exit_signal != SIGCHLD) {
        event = PTRACE_EVENT_CLONE;
    }
    // ptrace_event_enabled: the tracer set PTRACE_O_TRACE<event>.
    return (current.ptrace.options & (1U << event)) != 0 ? event : 0;
}

// copy_process: builds the child and publishes it, not yet running.
Result<RefPtr<Thread>> copy_process(Kernel& kernel, Thread& current, const CloneRequest& request, int trace)
{
    const u64 flags = request.flags;
    TRY(check_clone_flags(current, flags));

    // "Force any signals received before this point to be delivered before
    // the fork happens": the syscall is restarted once they are handled.
    if (current.has_deliverable_signal()) {
        return errno_error(ERESTARTNOINTR);
    }
    TRY(check_thread_limits(kernel, current));

    auto credentials = TRY(clone_credentials(kernel, current, flags));
    auto files = TRY(clone_files(current, flags));
    auto fs = TRY(clone_fs(current, flags));
    auto signal_actions = TRY(clone_sighand(current, flags));
    auto memory = TRY(clone_vm(current, flags));
    auto namespaces = TRY(clone_namespaces(kernel, current, flags, *credentials, *fs));
    auto context = TRY(clone_user_context(kernel, current, request));

    // alloc_pid in the namespace the child's nsproxy names for children; the
    // caller may choose numbers only where it has CAP_SYS_ADMIN or
    // CAP_CHECKPOINT_RESTORE over the namespace's owner.
    const Credentials& caller = *current.credentials;
    auto pid = TRY(Pid::allocate(namespaces->namespaces().pid_for_children, request.set_tid, request.set_tid_size, [&](const ns::PidNamespace& ns) {
        return has_capability_in(caller, ns.owner(), CAP_SYS_ADMIN) || has_capability_in(caller, ns.owner(), CAP_CHECKPOINT_RESTORE);
    }));

    // The pidfd goes into the caller's table, after the child's table was
    // copied, so the child does not inherit it.
    RefPtr<fs::File> pidfd_file;
    int pidfd = -1;
    if ((flags & CLONE_PIDFD) != 0) {
        pidfd = TRY(current.files->reserve(0, current.process().limits().get(RLIMIT_NOFILE).soft));
    }
    ScopeGuard release_pidfd([&] {
        if (pidfd >= 0) {
            current.files->unreserve(pidfd);
        }
    });
    if ((flags & CLONE_PIDFD) != 0) {
        // A thread's pidfd is a PIDFD_THREAD one (Linux 6.9: O_EXCL).
        const u32 thread_pidfd = (flags & CLONE_THREAD) != 0 ? static_cast<u32>(O_EXCL) : 0U;
        pidfd_file = TRY(try_make_ref<PidfdFile>(pid, static_cast<u32>(O_RDWR | O_CLOEXEC) | thread_pidfd));
        TRY(UserPtr<i32>(request.pidfd).write(current.memory->address_space(), pidfd));
    }

    auto cgroup = TRY(choose_cgroup(kernel, current, request));

    // The thread group: the caller's for CLONE_THREAD, else a new process
    // with a copy of the caller's limits (copy_signal).
    RefPtr<Process> process;
    if ((flags & CLONE_THREAD) != 0) {
        process = current.process_ref();
    } else {
        process = TRY(try_make_ref<Process>(pid, cgroup));
        process->limits() = current.process().limits();
        process->set_process_group(current.process().process_group_ref());
        // copy_process: "p->flags |= PF_FORKNOEXEC", until execve.
        process->set_forked_without_exec(true);
    }
    auto child = TRY(try_make_ref<Thread>(process, pid));
    child->credentials = move(credentials);
    child->files = move(files);
    child->fs = move(fs);
    child->signal_actions = move(signal_actions);
    child->memory = move(memory);
    child->namespaces = move(namespaces);
    child->context = move(context);
    TRY(ipc::clone_semaphore_undo(current, *child, flags));
    // fork(2): the mask is inherited, the pending set starts empty, the
    // parent-death signal is cleared.
    child->blocked = current.blocked;
    // copy_process: "sigaltstack should be cleared when sharing the same VM"
    // (a CLONE_VM child that is not a vfork child runs concurrently on the
    // same memory; a vfork child borrows the parent's stack until exec).
    if ((flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
        child->alternate_stack = current.alternate_stack;
    }
    child->personality = current.personality;
    child->no_new_privs = current.no_new_privs;
    child->nice = current.nice;
    child->parent_death_signal = 0;
    copy_bytes(child->name, current.name, sizeof(child->name));
    if ((flags & CLONE_CHILD_SETTID) != 0) {
        child->set_child_tid = request.child_tid;
    }
    if ((flags & CLONE_CHILD_CLEARTID) != 0) {
        child->clear_child_tid = request.child_tid;
    }
    // ptrace_init_task: a traced caller's child is traced too when it asked
    // (CLONE_PTRACE) or the tracer wants this kind of event.
    if (((flags & CLONE_PTRACE) != 0 || trace != 0) && current.ptrace.tracer != nullptr) {
        child->ptrace = current.ptrace;
    }

    TRY(kernel.reserve_thread_accounting());
    TRY(kernel.scheduler().prepare_thread(*child));
    ScopeGuard discard_thread([&] { kernel.scheduler().discard_thread(*child); });

    // "Don't start children in a dying pid namespace."
    if (!pid->innermost_namespace().is_accepting_pids()) {
        return errno_error(ENOMEM);
    }
    // "Let kill terminate clone/fork in the middle."
    if (current.has_fatal_signal()) {
        return errno_error(EINTR);
    }
    // No more failure paths after this point.
    discard_thread.disarm();
    release_pidfd.disarm();

    Process* parent = &current.process();
    Thread* parent_thread = &current;
    if ((flags & (CLONE_PARENT | CLONE_THREAD)) != 0) {
        // CLONE_PARENT re-uses the old parent; a sibling inherits the group
        // leader's exit signal.
        parent = current.process().parent();
        parent_thread = current.process().parent_thread();
    }
    if ((flags & CLONE_THREAD) == 0) {
        process->set_exit_signal((flags & CLONE_PARENT) != 0 ? current.process().exit_signal() : request.exit_signal);
        if (pid->is_namespace_init()) {
            pid->innermost_namespace().set_child_reaper(process.get());
            process->set_unkillable(true);
        }
        process->set_has_child_subreaper(parent != nullptr && (parent->has_child_subreaper() || parent->is_child_subreaper()));
    }
    kernel.publish_thread(*child, parent, parent_thread);
    if (pidfd >= 0) {
        current.files->install(pidfd, move(pidfd_file), true);
    }
    return child;
}

// wait_for_vfork_done: the parent sleeps, killable, until the child execs or
// exits. If it is killed first, it stops waiting and the child no longer
// points at its completion.
void wait_for_vfork_done(Kernel& kernel, Thread& current, Thread& child, VforkCompletion& completion)
{
    while (!completion.done) {
        const hal::WakeReason reason = kernel.scheduler().wait_until(completion.waiters, hal::BlockMode::Killable, [&] { return completion.done; });
        if (reason == hal::WakeReason::Interrupted && current.has_fatal_signal()) {
            child.vfork_done = nullptr;
            return;
        }
    }
}

} // namespace

Result<CloneResult> kernel_clone(Kernel& kernel, Thread& current, const CloneRequest& request)
{
    // "For legacy clone() calls, CLONE_PIDFD uses the parent_tid argument to
    // return the pidfd. Hence, CLONE_PIDFD and CLONE_PARENT_SETTID are
    // mutually exclusive." clone3 may use both, at different addresses.
    if ((request.flags & CLONE_PIDFD) != 0 && (request.flags & CLONE_PARENT_SETTID) != 0 && request.pidfd == request.parent_tid) {
        return errno_error(EINVAL);
    }
    const int trace = ptrace_event_for(current, request);
    RefPtr<Thread> child = TRY(copy_process(kernel, current, request, trace));

    CloneResult result;
    result.pid = child->pid().nr_in(current.active_pid_namespace());
    result.ptrace_event = trace;
    if ((request.flags & CLONE_PARENT_SETTID) != 0) {
        // A bad address does not fail the clone (Linux ignores put_user here).
        (void)UserPtr<i32>(request.parent_tid).write(current.memory->address_space(), result.pid);
    }
    VforkCompletion completion;
    if ((request.flags & CLONE_VFORK) != 0) {
        child->vfork_done = &completion;
    }
    kernel.scheduler().start_thread(*child);
    if ((request.flags & CLONE_VFORK) != 0) {
        wait_for_vfork_done(kernel, current, *child, completion);
    }
    return result;
}

void finish_clone_in_child(Thread& child)
{
    if (child.set_child_tid.is_null()) {
        return;
    }
    const PidNr tid = child.pid().nr_in(child.active_pid_namespace());
    (void)UserPtr<i32>(child.set_child_tid).write(child.memory->address_space(), tid);
}

} // namespace sirius::proc
