#include "core/ns/namespace_handle.h"

#include <linux/sched.h>

namespace sirius::ns {

NamespaceHandle::NamespaceHandle(RefPtr<UtsNamespace> ns)
    : m_type(NamespaceType::Uts)
    , m_inode(ns->inode())
    , m_uts(move(ns))
{
}

NamespaceHandle::NamespaceHandle(RefPtr<IpcNamespace> ns)
    : m_type(NamespaceType::Ipc)
    , m_inode(ns->inode())
    , m_ipc(move(ns))
{
}

NamespaceHandle::NamespaceHandle(RefPtr<MountNamespace> ns)
    : m_type(NamespaceType::Mount)
    , m_inode(ns->inode())
    , m_mount(move(ns))
{
}

NamespaceHandle::NamespaceHandle(RefPtr<PidNamespace> ns)
    : m_type(NamespaceType::Pid)
    , m_inode(ns->inode())
    , m_pid(move(ns))
{
}

NamespaceHandle::NamespaceHandle(RefPtr<NetNamespace> ns)
    : m_type(NamespaceType::Net)
    , m_inode(ns->inode())
    , m_net(move(ns))
{
}

NamespaceHandle::NamespaceHandle(RefPtr<UserNamespace> ns)
    : m_type(NamespaceType::User)
    , m_inode(ns->inode())
    , m_user(move(ns))
{
}

NamespaceHandle::NamespaceHandle(RefPtr<CgroupNamespace> ns)
    : m_type(NamespaceType::Cgroup)
    , m_inode(ns->inode())
    , m_cgroup(move(ns))
{
}

NamespaceHandle::NamespaceHandle(RefPtr<TimeNamespace> ns)
    : m_type(NamespaceType::Time)
    , m_inode(ns->inode())
    , m_time(move(ns))
{
}

u32 NamespaceHandle::clone_flag() const
{
    switch (m_type) {
    case NamespaceType::Uts:
        return CLONE_NEWUTS;
    case NamespaceType::Ipc:
        return CLONE_NEWIPC;
    case NamespaceType::Mount:
        return CLONE_NEWNS;
    case NamespaceType::Pid:
        return CLONE_NEWPID;
    case NamespaceType::Net:
        return CLONE_NEWNET;
    case NamespaceType::User:
        return CLONE_NEWUSER;
    case NamespaceType::Cgroup:
        return CLONE_NEWCGROUP;
    case NamespaceType::Time:
        return CLONE_NEWTIME;
    }
    return 0;
}

const char* NamespaceHandle::type_name() const
{
    switch (m_type) {
    case NamespaceType::Uts:
        return "uts";
    case NamespaceType::Ipc:
        return "ipc";
    case NamespaceType::Mount:
        return "mnt";
    case NamespaceType::Pid:
        return "pid";
    case NamespaceType::Net:
        return "net";
    case NamespaceType::User:
        return "user";
    case NamespaceType::Cgroup:
        return "cgroup";
    case NamespaceType::Time:
        return "time";
    }
    return "";
}

UserNamespace* NamespaceHandle::owner() const
{
    switch (m_type) {
    case NamespaceType::Uts:
        return &m_uts->owner();
    case NamespaceType::Ipc:
        return &m_ipc->owner();
    case NamespaceType::Mount:
        return &m_mount->owner();
    case NamespaceType::Pid:
        return &m_pid->owner();
    case NamespaceType::Net:
        return &m_net->owner();
    case NamespaceType::User:
        // userns_owner: "return to_user_ns(ns)->parent;"
        return m_user->parent();
    case NamespaceType::Cgroup:
        return &m_cgroup->owner();
    case NamespaceType::Time:
        return &m_time->owner();
    }
    return nullptr;
}

} // namespace sirius::ns
