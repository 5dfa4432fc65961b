#pragma once

// NsProxy: the set of namespaces a task is in (Linux struct nsproxy). Tasks
// that share every namespace share one NsProxy; clone with a CLONE_NEW* flag
// gets a new one. The user namespace is not here: it belongs to credentials.
#include "core/ns/cgroup_namespace.h"
#include "core/ns/ipc_namespace.h"
#include "core/ns/mount_namespace.h"
#include "core/ns/net_namespace.h"
#include "core/ns/pid_namespace.h"
#include "core/ns/time_namespace.h"
#include "core/ns/uts_namespace.h"

namespace sirius::ns {

struct NamespaceSet {
    RefPtr<UtsNamespace> uts;
    RefPtr<IpcNamespace> ipc;
    RefPtr<MountNamespace> mount;
    // The pid namespace the task's *children* will be in. A task's own pid
    // namespace is the one of its Pid (unshare(CLONE_NEWPID) changes only
    // this one).
    RefPtr<PidNamespace> pid_for_children;
    RefPtr<NetNamespace> net;
    RefPtr<TimeNamespace> time;
    RefPtr<TimeNamespace> time_for_children;
    RefPtr<CgroupNamespace> cgroup;
};

class NsProxy : public RefCounted<NsProxy> {
public:
    // The initial namespaces, all owned by `user_ns`; the mount namespace
    // is empty until the kernel gives it a root.
    static Result<RefPtr<NsProxy>> create_initial(NamespaceInodeAllocator&, const RefPtr<UserNamespace>& user_ns, fs::MountNumbers& mount_numbers);

    // Linux create_new_namespaces: a copy of `current` where each CLONE_NEW*
    // flag in `flags` gives a fresh namespace owned by `user_ns`.
    // `active_pid_ns` is the caller's own pid namespace. With CLONE_NEWNS,
    // `fs` (the fs context of the task the namespaces are for, not shared
    // with another) has its root and working directory moved into the
    // copied tree (copy_mnt_ns); nullptr leaves them.
    // Errors: EINVAL (CLONE_NEWPID after unshare(CLONE_NEWPID)), ENOSPC
    // (nesting limits), ENOMEM. On error nothing was created, but `fs` may
    // point into the discarded copy: the caller discards it too.
    static Result<RefPtr<NsProxy>> create_for_clone(NamespaceInodeAllocator&, const NsProxy& current, u64 flags, const RefPtr<UserNamespace>& user_ns, const PidNamespace& active_pid_ns, fs::FsContext* fs = nullptr);

    [[nodiscard]] const NamespaceSet& namespaces() const { return m_set; }
    NamespaceSet& namespaces() { return m_set; }

    explicit NsProxy(NamespaceSet set);

private:
    NamespaceSet m_set;
};

} // namespace sirius::ns
