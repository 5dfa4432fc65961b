#pragma once

// The namespaces that hold little more than their identity until their own
// issues give them content: network (interfaces). (IPC has its System V
// tables, core/ns/ipc_namespace.h; mount its tree, core/ns/mount_namespace.h;
// cgroup its root view, core/ns/cgroup_namespace.h.) Each is a
// distinct type so an NsProxy slot cannot take the wrong kind.
#include "core/ns/cgroup_namespace.h"
#include "core/ns/owned_namespace.h"

namespace sirius::ns {

template<NamespaceType Kind>
class IdentityNamespace
    : public RefCounted<IdentityNamespace<Kind>>
    , public OwnedNamespace {
public:
    static constexpr NamespaceType kType = Kind;

    static Result<RefPtr<IdentityNamespace>> create(RefPtr<UserNamespace> owner, u32 inode)
    {
        return try_make_ref<IdentityNamespace>(move(owner), inode);
    }

    IdentityNamespace(RefPtr<UserNamespace> owner, u32 inode)
        : OwnedNamespace(move(owner), inode)
    {
    }
};

using NetNamespace = IdentityNamespace<NamespaceType::Net>;

} // namespace sirius::ns
