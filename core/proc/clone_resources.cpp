#include "core/proc/clone_resources.h"

#include <linux/sched.h>

namespace sirius::proc {

Result<RefPtr<Credentials>> clone_credentials(Kernel& kernel, const Thread& current, u64 flags)
{
    // copy_creds: threads share the credentials object.
    if ((flags & CLONE_THREAD) != 0) {
        return current.credentials;
    }
    auto credentials = TRY(current.credentials->clone());
    if ((flags & CLONE_NEWUSER) == 0) {
        return credentials;
    }
    // create_user_ns, in its order.
    const RefPtr<ns::UserNamespace>& parent_ns = current.credentials->user_ns;
    if (parent_ns->level() > ns::kMaxUserNamespaceLevel) {
        return errno_error(ENOSPC);
    }
    // "Verify that we can not violate the policy of which files may be
    // accessed that is specified by the root directory."
    if (current.fs->is_chrooted()) {
        return errno_error(EPERM);
    }
    // "The creator needs a mapping in the parent user namespace."
    const u32 owner = credentials->uid.effective;
    const u32 group = credentials->gid.effective;
    if (!parent_ns->uid_has_mapping(owner) || !parent_ns->gid_has_mapping(group)) {
        return errno_error(EPERM);
    }
    credentials->user_ns = TRY(ns::UserNamespace::create_child(kernel.namespace_inodes(), parent_ns, owner, group));
    // "ns->parent_could_setfcap = cap_raised(new->cap_effective, CAP_SETFCAP)",
    // from the creator's capabilities before they become the new set.
    credentials->user_ns->set_parent_could_setfcap(credentials->effective.has(CAP_SETFCAP));
    // set_cred_user_ns: "Start with the same capabilities as init but useless
    // for doing anything as the capabilities are bound to the new user
    // namespace."
    credentials->securebits = 0;
    credentials->inheritable = CapabilitySet();
    credentials->permitted = CapabilitySet::full();
    credentials->effective = CapabilitySet::full();
    credentials->ambient = CapabilitySet();
    credentials->bounding = CapabilitySet::full();
    return credentials;
}

Result<RefPtr<fs::FdTable>> clone_files(const Thread& current, u64 flags)
{
    if ((flags & CLONE_FILES) != 0) {
        return current.files;
    }
    return current.files->clone();
}

Result<RefPtr<fs::FsContext>> clone_fs(const Thread& current, u64 flags)
{
    if ((flags & CLONE_FS) != 0) {
        return current.fs;
    }
    return current.fs->clone();
}

Result<RefPtr<signal::SignalActions>> clone_sighand(const Thread& current, u64 flags)
{
    if ((flags & CLONE_SIGHAND) != 0) {
        return current.signal_actions;
    }
    auto actions = TRY(current.signal_actions->clone());
    // clone(2) CLONE_CLEAR_SIGHAND: "reset all signal handlers in the child
    // to SIG_DFL"; ignored signals stay ignored (flush_signal_handlers(p, 0)).
    if ((flags & CLONE_CLEAR_SIGHAND) != 0) {
        actions->reset_handlers(false);
    }
    return actions;
}

Result<RefPtr<mm::MemoryDescriptor>> clone_vm(const Thread& current, u64 flags)
{
    if ((flags & CLONE_VM) != 0) {
        return current.memory;
    }
    return current.memory->clone_for_fork();
}

Result<RefPtr<ns::NsProxy>> clone_namespaces(Kernel& kernel, const Thread& current, u64 flags, const Credentials& child_credentials, fs::FsContext& child_fs)
{
    constexpr u64 kNewNamespaceFlags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME;
    const ns::NsProxy& old = *current.namespaces;
    const ns::NamespaceSet& old_set = old.namespaces();
    // copy_namespaces: nothing new, and the child stays in the caller's time
    // namespace (it shares the VM, or there is no pending time namespace):
    // share the whole set.
    if ((flags & kNewNamespaceFlags) == 0) {
        if ((flags & CLONE_VM) != 0 || old_set.time_for_children == old_set.time) {
            return current.namespaces;
        }
    } else if (!has_capability_in(*current.credentials, *child_credentials.user_ns, CAP_SYS_ADMIN)) {
        // namespaces(7): creating any namespace but a user namespace needs
        // CAP_SYS_ADMIN in the (possibly new) user namespace.
        return errno_error(EPERM);
    }
    // "CLONE_NEWIPC must detach from the undolist ... so we must forbid using
    // it along with CLONE_NEWIPC."
    if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM)) {
        return errno_error(EINVAL);
    }
    // copy_namespaces(flags, tsk) passes tsk->fs: the child's own context.
    fs::FsContext* fs = (flags & CLONE_NEWNS) != 0 && &child_fs != current.fs.get() ? &child_fs : nullptr;
    auto fresh = TRY(ns::NsProxy::create_for_clone(kernel.namespace_inodes(), old, flags, child_credentials.user_ns, current.active_pid_namespace(), fs));
    // copy_cgroup_ns: the parent's cgroup (not a CLONE_INTO_CGROUP target,
    // chosen later) is the new namespace's root.
    if ((flags & CLONE_NEWCGROUP) != 0) {
        fresh->namespaces().cgroup->set_root(current.process().cgroup_ref());
    }
    // timens_on_fork: a new process (not a CLONE_VM sibling) enters the time
    // namespace its parent prepared for children.
    if ((flags & CLONE_VM) == 0) {
        fresh->namespaces().time = fresh->namespaces().time_for_children;
        // timens_commit: once a task is in it, the offsets are fixed
        // (time_namespaces(7): timens_offsets "can be written ... before the
        // first process is created in the namespace").
        fresh->namespaces().time->freeze_offsets();
    }
    return fresh;
}

Result<OwnPtr<hal::UserContext>> clone_user_context(Kernel& kernel, const Thread& current, const CloneRequest& request)
{
    auto context = TRY(current.context->clone());
    context->set_child_return_state();
    // copy_thread: "if (sp) childregs->sp = sp".
    if (request.stack != 0) {
        context->set_stack_pointer(request.stack);
    }
    if ((request.flags & CLONE_SETTLS) != 0) {
        // x86_64 do_arch_prctl_64(ARCH_SET_FS): "if (unlikely(arg2 >=
        // TASK_SIZE_MAX)) return -EPERM".
        if (request.tls >= kernel.mmu().user_address_limit()) {
            return errno_error(EPERM);
        }
        context->set_tls(request.tls);
    }
    return context;
}

} // namespace sirius::proc
