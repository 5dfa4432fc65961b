#pragma once

// A reference to one namespace of any type (Linux struct ns_common seen
// through its proc_ns_operations): what a namespace file (nsfs) holds and
// what setns(2) installs. Holding a handle keeps the namespace alive, as an
// open /proc/<pid>/ns/<type> does on Linux.
#include "core/ns/cgroup_namespace.h"
#include "core/ns/ipc_namespace.h"
#include "core/ns/mount_namespace.h"
#include "core/ns/net_namespace.h"
#include "core/ns/pid_namespace.h"
#include "core/ns/time_namespace.h"
#include "core/ns/uts_namespace.h"

namespace sirius::ns {

class NamespaceHandle {
public:
    NamespaceHandle() = default;
    explicit NamespaceHandle(RefPtr<UtsNamespace> ns);
    explicit NamespaceHandle(RefPtr<IpcNamespace> ns);
    explicit NamespaceHandle(RefPtr<MountNamespace> ns);
    explicit NamespaceHandle(RefPtr<PidNamespace> ns);
    explicit NamespaceHandle(RefPtr<NetNamespace> ns);
    explicit NamespaceHandle(RefPtr<UserNamespace> ns);
    explicit NamespaceHandle(RefPtr<CgroupNamespace> ns);
    explicit NamespaceHandle(RefPtr<TimeNamespace> ns);

    [[nodiscard]] bool is_null() const { return m_inode == 0; }
    [[nodiscard]] NamespaceType type() const { return m_type; }
    // The proc inode number (ns_common.inum): st_ino of the namespace file.
    [[nodiscard]] u32 inode() const { return m_inode; }
    // The CLONE_NEW* flag of the type (ns_common.ns_type), which setns(2)
    // compares with its nstype and NS_GET_NSTYPE returns.
    [[nodiscard]] u32 clone_flag() const;
    // proc_ns_operations.name: "uts", "mnt", "pid"... as the namespace
    // file's name "type:[inode]" has it (pid_for_children says "pid").
    [[nodiscard]] const char* type_name() const;
    // proc_ns_operations.owner: the user namespace that owns the namespace;
    // for a user namespace its parent (nullptr for the initial one).
    [[nodiscard]] UserNamespace* owner() const;

    // The namespace itself when the handle is of that type, else nullptr.
    [[nodiscard]] const RefPtr<UtsNamespace>& uts() const { return m_uts; }
    [[nodiscard]] const RefPtr<IpcNamespace>& ipc() const { return m_ipc; }
    [[nodiscard]] const RefPtr<MountNamespace>& mount() const { return m_mount; }
    [[nodiscard]] const RefPtr<PidNamespace>& pid() const { return m_pid; }
    [[nodiscard]] const RefPtr<NetNamespace>& net() const { return m_net; }
    [[nodiscard]] const RefPtr<UserNamespace>& user() const { return m_user; }
    [[nodiscard]] const RefPtr<CgroupNamespace>& cgroup() const { return m_cgroup; }
    [[nodiscard]] const RefPtr<TimeNamespace>& time() const { return m_time; }

private:
    NamespaceType m_type { NamespaceType::Uts };
    u32 m_inode { 0 };
    // Exactly one of these is set (none in a null handle).
    RefPtr<UtsNamespace> m_uts;
    RefPtr<IpcNamespace> m_ipc;
    RefPtr<MountNamespace> m_mount;
    RefPtr<PidNamespace> m_pid;
    RefPtr<NetNamespace> m_net;
    RefPtr<UserNamespace> m_user;
    RefPtr<CgroupNamespace> m_cgroup;
    RefPtr<TimeNamespace> m_time;
};

} // namespace sirius::ns
