#include "core/ns/nsproxy.h"

#include <linux/sched.h>

namespace sirius::ns {

NsProxy::NsProxy(NamespaceSet set)
    : m_set(move(set))
{
}

Result<RefPtr<NsProxy>> NsProxy::create_initial(NamespaceInodeAllocator& inodes, const RefPtr<UserNamespace>& user_ns, fs::MountNumbers& mount_numbers)
{
    NamespaceSet set;
    set.uts = TRY(UtsNamespace::create_initial(user_ns));
    set.ipc = TRY(IpcNamespace::create(user_ns, kInitIpcInode));
    set.mount = TRY(MountNamespace::create(user_ns, inodes.allocate(), mount_numbers));
    set.pid_for_children = TRY(PidNamespace::create_initial(user_ns));
    set.net = TRY(NetNamespace::create(user_ns, inodes.allocate()));
    set.time = TRY(TimeNamespace::create_initial(user_ns));
    set.time_for_children = set.time;
    set.cgroup = TRY(CgroupNamespace::create(user_ns, kInitCgroupInode));
    return try_make_ref<NsProxy>(move(set));
}

Result<RefPtr<NsProxy>> NsProxy::create_for_clone(NamespaceInodeAllocator& inodes, const NsProxy& current, u64 flags, const RefPtr<UserNamespace>& user_ns, const PidNamespace& active_pid_ns, fs::FsContext* fs)
{
    const NamespaceSet& old = current.m_set;
    NamespaceSet set;
    // The order is Linux's create_new_namespaces: mnt, uts, ipc, pid, cgroup,
    // net, time; the first failure wins.
    set.mount = (flags & CLONE_NEWNS) != 0 ? TRY(old.mount->copy(inodes, user_ns, fs)) : old.mount;
    set.uts = (flags & CLONE_NEWUTS) != 0 ? TRY(old.uts->clone(inodes, user_ns)) : old.uts;
    set.ipc = (flags & CLONE_NEWIPC) != 0 ? TRY(IpcNamespace::create(user_ns, inodes.allocate(), old.ipc->shm_lock_charges)) : old.ipc;
    if ((flags & CLONE_NEWPID) != 0) {
        // copy_pid_ns: after unshare(CLONE_NEWPID) the children's namespace is
        // not the caller's own; nesting another one then is EINVAL.
        if (old.pid_for_children.get() != &active_pid_ns) {
            return errno_error(EINVAL);
        }
        set.pid_for_children = TRY(PidNamespace::create_child(inodes, old.pid_for_children, user_ns));
    } else {
        set.pid_for_children = old.pid_for_children;
    }
    set.cgroup = (flags & CLONE_NEWCGROUP) != 0 ? TRY(CgroupNamespace::create(user_ns, inodes.allocate())) : old.cgroup;
    set.net = (flags & CLONE_NEWNET) != 0 ? TRY(NetNamespace::create(user_ns, inodes.allocate())) : old.net;
    // copy_time_ns: the new time namespace is for children; the task itself
    // moves into it at fork (timens_on_fork), done by the caller.
    set.time_for_children = (flags & CLONE_NEWTIME) != 0 ? TRY(old.time_for_children->clone(inodes, user_ns)) : old.time_for_children;
    set.time = old.time;
    return try_make_ref<NsProxy>(move(set));
}

} // namespace sirius::ns
