#include "core/proc/unshare.h"

#include <linux/sched.h>

#include "core/ipc/sem.h"
#include "core/proc/clone_resources.h"
#include "core/proc/kernel.h"

namespace sirius::proc {

namespace {

constexpr u64 kNewNamespaceFlags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME;

// ksys_unshare: what one flag needs the others to unshare too.
u64 with_implied_flags(u64 flags)
{
    // "If unsharing a user namespace must also unshare the thread group
    // and unshare the filesystem root and working directories."
    if ((flags & CLONE_NEWUSER) != 0) {
        flags |= CLONE_THREAD | CLONE_FS;
    }
    // "If unsharing vm, must also unshare signal handlers."
    if ((flags & CLONE_VM) != 0) {
        flags |= CLONE_SIGHAND;
    }
    // "If unsharing a signal handlers, must also unshare the signal queues."
    if ((flags & CLONE_SIGHAND) != 0) {
        flags |= CLONE_THREAD;
    }
    // "If unsharing namespace, must also unshare filesystem information."
    if ((flags & CLONE_NEWNS) != 0) {
        flags |= CLONE_FS;
    }
    return flags;
}

// check_unshare_flags. Unsharing the thread group, the signal actions or
// the memory is "not implemented, but pretend it works if there is nothing
// to unshare".
Result<void> check_flags(const Thread& current, u64 flags)
{
    constexpr u64 kKnown = CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES | CLONE_SYSVSEM | CLONE_NEWUSER | kNewNamespaceFlags;
    if ((flags & ~kKnown) != 0) {
        return errno_error(EINVAL);
    }
    if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) != 0 && current.process().live_thread_count() > 1) {
        return errno_error(EINVAL);
    }
    if ((flags & (CLONE_SIGHAND | CLONE_VM)) != 0 && current.signal_actions->ref_count() > 1) {
        return errno_error(EINVAL);
    }
    // current_is_single_threaded: no other process shares the memory.
    if ((flags & CLONE_VM) != 0 && current.memory->ref_count() > 1) {
        return errno_error(EINVAL);
    }
    return {};
}

} // namespace

Result<void> unshare(Kernel& kernel, Thread& current, u64 flags)
{
    flags = with_implied_flags(flags);
    TRY(check_flags(current, flags));

    // Each new resource is prepared first; nothing is installed until all
    // of them exist.
    // unshare_fs copies a shared context. With CLONE_NEWNS Sirius copies
    // even an unshared one, which copy_mnt_ns then moves into the new
    // tree: a later failure leaves the caller's own untouched (Linux
    // moves current->fs in place).
    RefPtr<fs::FsContext> new_fs;
    if ((flags & CLONE_FS) != 0 && (current.fs->ref_count() > 1 || (flags & CLONE_NEWNS) != 0)) {
        new_fs = TRY(current.fs->clone());
    }
    RefPtr<fs::FdTable> new_files;
    if ((flags & CLONE_FILES) != 0 && current.files->ref_count() > 1) {
        new_files = TRY(current.files->clone());
    }
    RefPtr<Credentials> new_credentials;
    if ((flags & CLONE_NEWUSER) != 0) {
        new_credentials = TRY(clone_credentials(kernel, current, CLONE_NEWUSER));
    }
    RefPtr<ns::NsProxy> new_namespaces;
    if ((flags & kNewNamespaceFlags) != 0) {
        const RefPtr<ns::UserNamespace>& user_ns = new_credentials != nullptr ? new_credentials->user_ns : current.credentials->user_ns;
        // namespaces(7): every namespace but a user one needs CAP_SYS_ADMIN
        // in the user namespace that will own it.
        if (!has_capability_in(*current.credentials, *user_ns, CAP_SYS_ADMIN)) {
            return errno_error(EPERM);
        }
        new_namespaces = TRY(ns::NsProxy::create_for_clone(kernel.namespace_inodes(), *current.namespaces, flags, user_ns, current.active_pid_namespace(), new_fs.get()));
        // copy_cgroup_ns: the caller's cgroup is the new namespace's root.
        if ((flags & CLONE_NEWCGROUP) != 0) {
            new_namespaces->namespaces().cgroup->set_root(current.process().cgroup_ref());
        }
    }

    // ksys_unshare: "CLONE_NEWIPC must also detach from the undolist: after
    // switching to a new ipc namespace, the semaphore arrays from the old
    // namespace are unreachable." Either flag is an exit_sem, in the old
    // namespace.
    if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) != 0) {
        ipc::exit_semaphores(kernel, current);
    }
    if (new_namespaces != nullptr) {
        current.namespaces = move(new_namespaces);
    }
    if (new_fs != nullptr) {
        current.fs = move(new_fs);
    }
    if (new_files != nullptr) {
        current.files = move(new_files);
    }
    if (new_credentials != nullptr) {
        // The same ids in a new namespace: committing cannot fail.
        (void)kernel.commit_credentials(current, move(new_credentials));
    }
    return {};
}

} // namespace sirius::proc
