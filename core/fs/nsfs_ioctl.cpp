// ioctl_ns(2) (Linux fs/nsfs.c ns_ioctl): a namespace file names its owning
// user namespace, its parent (pid and user namespaces), its type, and a user
// namespace's owner.
#include <linux/nsfs.h>

#include "core/base/user_ptr.h"
#include "core/fs/io_context.h"
#include "core/fs/nsfs.h"
#include "core/proc/kernel.h"

namespace sirius::fs {

namespace {

// ns_get_owner (userns_get_parent is the same): "See if the owner is in the
// current user namespace" - walking up from `candidate` must meet the
// caller's user namespace. Errors: EPERM (outside the caller's view, or no
// namespace at all).
Result<ns::NamespaceHandle> visible_user_namespace(ns::UserNamespace* candidate, const ns::UserNamespace& mine)
{
    for (const ns::UserNamespace* p = candidate;; p = p->parent()) {
        if (p == nullptr) {
            return errno_error(EPERM);
        }
        if (p == &mine) {
            return ns::NamespaceHandle(RefPtr<ns::UserNamespace>(candidate));
        }
    }
}

// pidns_get_parent: the parent pid namespace when it is the caller's active
// one or below it. Errors: EPERM.
Result<ns::NamespaceHandle> visible_parent_pid_namespace(const ns::PidNamespace& pid_ns, const ns::PidNamespace& active)
{
    ns::PidNamespace* parent = pid_ns.parent();
    for (const ns::PidNamespace* p = parent;; p = p->parent()) {
        if (p == nullptr) {
            return errno_error(EPERM);
        }
        if (p == &active) {
            return ns::NamespaceHandle(RefPtr<ns::PidNamespace>(parent));
        }
    }
}

} // namespace

Result<i64> NsInode::ioctl(IoContext& io, u32 command, u64 argument)
{
    if (m_handle.is_null()) {
        return errno_error(ENOTTY);
    }
    const ns::UserNamespace& my_user_ns = *io.caller.credentials->user_ns;
    switch (command) {
    case NS_GET_USERNS: {
        ns::NamespaceHandle owner = TRY(visible_user_namespace(m_handle.owner(), my_user_ns));
        return open_namespace_file(io.kernel, io.caller, move(owner));
    }
    case NS_GET_PARENT: {
        // "if (!ns->ops->get_parent) return -EINVAL;": only pid and user
        // namespaces have parents.
        if (m_handle.type() == ns::NamespaceType::Pid) {
            ns::NamespaceHandle parent = TRY(visible_parent_pid_namespace(*m_handle.pid(), io.caller.active_pid_namespace()));
            return open_namespace_file(io.kernel, io.caller, move(parent));
        }
        if (m_handle.type() == ns::NamespaceType::User) {
            ns::NamespaceHandle parent = TRY(visible_user_namespace(m_handle.user()->parent(), my_user_ns));
            return open_namespace_file(io.kernel, io.caller, move(parent));
        }
        return errno_error(EINVAL);
    }
    case NS_GET_NSTYPE:
        return static_cast<i64>(m_handle.clone_flag());
    case NS_GET_OWNER_UID: {
        if (m_handle.type() != ns::NamespaceType::User) {
            return errno_error(EINVAL);
        }
        // "uid = from_kuid_munged(current_user_ns(), user_ns->owner);"
        const u32 uid = my_user_ns.uid_from_kernel_munged(m_handle.user()->owner_uid());
        TRY(UserPtr<u32>(argument).write(io.memory, uid));
        return 0;
    }
    default:
        return errno_error(ENOTTY);
    }
}

} // namespace sirius::fs
