#include "core/proc/setns.h"

#include <linux/capability.h>
#include <linux/sched.h>

#include "core/ipc/sem.h"
#include "core/ns/mount_namespace.h"
#include "core/proc/kernel.h"
#include "core/proc/ptrace_access.h"

namespace sirius::proc {

namespace {

constexpr u64 kSetnsFlags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWTIME | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP;

// struct nsset: what the caller will have once every namespace is
// installed. Nothing of it is the caller's until commit().
struct NsSet {
    u64 flags { 0 };
    ns::NamespaceSet namespaces;
    // A private copy when a user namespace is joined, else the caller's.
    RefPtr<Credentials> credentials;
    // With CLONE_NEWNS: where the root and cwd go, a copy of the caller's
    // fs that commit() writes back (so that a failure changes nothing).
    RefPtr<fs::FsContext> fs;
    // mntns_install's "fs->users != 1" of the fs prepare_nsset chose: "Only
    // create a temporary copy of fs_struct if we really need to" - the
    // caller's own for a lone CLONE_NEWNS (shared if CLONE_FS shares it), a
    // private copy when other namespaces come with it.
    bool fs_shared { false };
};

// prepare_nsset.
Result<NsSet> prepare(const Thread& current, u64 flags)
{
    NsSet set;
    set.flags = flags;
    // create_new_namespaces(0, ...): a copy sharing every namespace.
    set.namespaces = current.namespaces->namespaces();
    set.credentials = (flags & CLONE_NEWUSER) != 0 ? TRY(current.credentials->clone()) : current.credentials;
    if ((flags & CLONE_NEWNS) != 0) {
        set.fs = TRY(current.fs->clone());
        set.fs_shared = flags == CLONE_NEWNS && current.fs->ref_count() > 1;
    }
    return set;
}

// The check most ->install functions open with: "if
// (!ns_capable(ns->user_ns, CAP_SYS_ADMIN) ||
// !ns_capable(nsset->cred->user_ns, CAP_SYS_ADMIN)) return -EPERM;" -
// ns_capable asks of the caller's credentials as they are now.
bool may_administer(const Thread& current, const NsSet& set, const ns::UserNamespace& owner)
{
    const Credentials& mine = *current.credentials;
    return has_capability_in(mine, owner, CAP_SYS_ADMIN) && has_capability_in(mine, *set.credentials->user_ns, CAP_SYS_ADMIN);
}

// userns_install.
Result<void> install_user(const Thread& current, NsSet& set, const RefPtr<ns::UserNamespace>& user_ns)
{
    // "Don't allow gaining capabilities by reentering the same user
    // namespace."
    if (user_ns == current.credentials->user_ns) {
        return errno_error(EINVAL);
    }
    // "Tasks that share a thread group must share a user namespace".
    if (current.process().live_thread_count() > 1) {
        return errno_error(EINVAL);
    }
    // "if (current->fs->users != 1) return -EINVAL;"
    if (current.fs->ref_count() != 1) {
        return errno_error(EINVAL);
    }
    if (!has_capability_in(*current.credentials, *user_ns, CAP_SYS_ADMIN)) {
        return errno_error(EPERM);
    }
    // set_cred_user_ns: the same ids, every capability, in the namespace.
    Credentials& credentials = *set.credentials;
    credentials.user_ns = user_ns;
    credentials.securebits = 0;
    credentials.inheritable = CapabilitySet();
    credentials.permitted = CapabilitySet::full();
    credentials.effective = CapabilitySet::full();
    credentials.bounding = CapabilitySet::full();
    credentials.ambient = CapabilitySet();
    return {};
}

// mntns_install.
Result<void> install_mount(const Thread& current, NsSet& set, const RefPtr<ns::MountNamespace>& mount_ns)
{
    const ns::UserNamespace& user_ns = *set.credentials->user_ns;
    const Credentials& mine = *current.credentials;
    if (!has_capability_in(mine, mount_ns->owner(), CAP_SYS_ADMIN) || !has_capability_in(mine, user_ns, CAP_SYS_CHROOT)
        || !has_capability_in(mine, user_ns, CAP_SYS_ADMIN)) {
        return errno_error(EPERM);
    }
    // "if (fs->users != 1) return -EINVAL;"
    if (set.fs_shared) {
        return errno_error(EINVAL);
    }
    // "Update the pwd and root" to the namespace's root ("/" looked up
    // from its root mount).
    ns::enter_mount_namespace(*set.fs, *mount_ns);
    set.namespaces.mount = mount_ns;
    return {};
}

// pidns_install.
Result<void> install_pid(const Thread& current, NsSet& set, const RefPtr<ns::PidNamespace>& pid_ns)
{
    if (!may_administer(current, set, pid_ns->owner())) {
        return errno_error(EPERM);
    }
    // "Only allow entering the current active pid namespace or a child of
    // the current active pid namespace."
    const ns::PidNamespace& active = current.active_pid_namespace();
    if (pid_ns->level() < active.level()) {
        return errno_error(EINVAL);
    }
    const ns::PidNamespace* ancestor = pid_ns.get();
    while (ancestor->level() > active.level()) {
        ancestor = ancestor->parent();
    }
    if (ancestor != &active) {
        return errno_error(EINVAL);
    }
    // Only the children's namespace changes; the caller keeps its pid.
    set.namespaces.pid_for_children = pid_ns;
    return {};
}

// timens_install.
Result<void> install_time(const Thread& current, NsSet& set, const RefPtr<ns::TimeNamespace>& time_ns)
{
    // "if (!current_is_single_threaded()) return -EUSERS;": no other thread
    // in the group, no other process on the memory.
    if (current.process().live_thread_count() > 1 || (current.memory && current.memory->ref_count() > 1)) {
        return errno_error(EUSERS);
    }
    if (!may_administer(current, set, time_ns->owner())) {
        return errno_error(EPERM);
    }
    // Both the caller's clocks and its children's.
    set.namespaces.time = time_ns;
    set.namespaces.time_for_children = time_ns;
    return {};
}

// utsns_install, ipcns_install, netns_install, cgroupns_install: the
// capability check, then the namespace is the set's.
template<typename Namespace>
Result<void> install_plain(const Thread& current, NsSet& set, RefPtr<Namespace>& slot, const RefPtr<Namespace>& target)
{
    if (!may_administer(current, set, target->owner())) {
        return errno_error(EPERM);
    }
    slot = target;
    return {};
}

// validate_ns: `target`'s ->install.
Result<void> install(const Thread& current, NsSet& set, const ns::NamespaceHandle& target)
{
    ns::NamespaceSet& namespaces = set.namespaces;
    switch (target.type()) {
    case ns::NamespaceType::User:
        return install_user(current, set, target.user());
    case ns::NamespaceType::Mount:
        return install_mount(current, set, target.mount());
    case ns::NamespaceType::Pid:
        return install_pid(current, set, target.pid());
    case ns::NamespaceType::Time:
        return install_time(current, set, target.time());
    case ns::NamespaceType::Uts:
        return install_plain(current, set, namespaces.uts, target.uts());
    case ns::NamespaceType::Ipc:
        // ipcns_install (commit_nsset drops the undo list).
        return install_plain(current, set, namespaces.ipc, target.ipc());
    case ns::NamespaceType::Net:
        return install_plain(current, set, namespaces.net, target.net());
    case ns::NamespaceType::Cgroup:
        return install_plain(current, set, namespaces.cgroup, target.cgroup());
    }
    return errno_error(EINVAL);
}

// commit_nsset: cannot fail.
Result<void> commit(Kernel& kernel, Thread& current, NsSet set)
{
    auto proxy = TRY(try_make_ref<ns::NsProxy>(move(set.namespaces)));
    // "if ((flags & CLONE_NEWNS) && (flags & ~CLONE_NEWNS)) set_fs_root(...)":
    // the caller's fs (shared or not) takes the root and cwd the namespace
    // gave (mntns_install set them on it directly for a lone CLONE_NEWNS).
    if ((set.flags & CLONE_NEWNS) != 0) {
        current.fs->set_root(set.fs->root());
        current.fs->set_cwd(set.fs->cwd());
        current.fs->set_chrooted(set.fs->is_chrooted());
    }
    if ((set.flags & CLONE_NEWIPC) != 0) {
        // commit_nsset: "if (flags & CLONE_NEWIPC) exit_sem(me);" - the
        // undo list's adjustments are made in the namespace it belongs to,
        // before the caller leaves it.
        ipc::exit_semaphores(kernel, current);
    }
    current.namespaces = move(proxy);
    if ((set.flags & CLONE_NEWTIME) != 0) {
        // timens_commit: a task has entered, so /proc/<pid>/timens_offsets
        // can no longer change the namespace's offsets.
        current.namespaces->namespaces().time->freeze_offsets();
    }
    if ((set.flags & CLONE_NEWUSER) != 0) {
        // The same ids in another namespace: no RLIMIT_NPROC move, so
        // committing cannot fail.
        (void)kernel.commit_credentials(current, move(set.credentials));
    }
    return {};
}

} // namespace

Result<void> setns_to_namespace(Kernel& kernel, Thread& current, const ns::NamespaceHandle& target, u32 nstype)
{
    // "if (flags && (ns->ns_type != flags)) err = -EINVAL; flags =
    // ns->ns_type;"
    if (nstype != 0 && nstype != target.clone_flag()) {
        return errno_error(EINVAL);
    }
    NsSet set = TRY(prepare(current, target.clone_flag()));
    TRY(install(current, set, target));
    return commit(kernel, current, move(set));
}

Result<void> setns_to_process(Kernel& kernel, Thread& current, const Pid& target, u64 flags)
{
    // check_setns_flags: "if (!flags || (flags & ~(CLONE_NEWNS | ... )))
    // return -EINVAL;"
    if (flags == 0 || (flags & ~kSetnsFlags) != 0) {
        return errno_error(EINVAL);
    }
    NsSet set = TRY(prepare(current, flags));
    // validate_nsset: "tsk = pid_task(pid, PIDTYPE_PID); if (!tsk) return
    // -ESRCH;", then its nsproxy, gone once it exited.
    const Thread* task = target.thread;
    if (task == nullptr || task->exiting || !task->namespaces) {
        return errno_error(ESRCH);
    }
    if (!ptrace_may_access(current, *task, PtraceMode::ReadRealCreds)) {
        return errno_error(EPERM);
    }
    const ns::NamespaceSet& theirs = task->namespaces->namespaces();
    // "Install requested namespaces" in validate_nsset's order: user, mnt,
    // uts, ipc, pid (the task's own), cgroup, net, time (its own).
    if ((flags & CLONE_NEWUSER) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(task->credentials->user_ns)));
    }
    if ((flags & CLONE_NEWNS) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(theirs.mount)));
    }
    if ((flags & CLONE_NEWUTS) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(theirs.uts)));
    }
    if ((flags & CLONE_NEWIPC) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(theirs.ipc)));
    }
    if ((flags & CLONE_NEWPID) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(RefPtr<ns::PidNamespace>(&task->active_pid_namespace()))));
    }
    if ((flags & CLONE_NEWCGROUP) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(theirs.cgroup)));
    }
    if ((flags & CLONE_NEWNET) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(theirs.net)));
    }
    if ((flags & CLONE_NEWTIME) != 0) {
        TRY(install(current, set, ns::NamespaceHandle(theirs.time)));
    }
    return commit(kernel, current, move(set));
}

} // namespace sirius::proc
