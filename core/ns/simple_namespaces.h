#pragma once

// The namespaces that hold little more than their identity until their own
// issues give them content: mount (the mount table), network (interfaces)
// and cgroup (a root view of the hierarchy). Each is a
// distinct type so an NsProxy slot cannot take the wrong kind.
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

using MountNamespace = IdentityNamespace<NamespaceType::Mount>;
using NetNamespace = IdentityNamespace<NamespaceType::Net>;
using CgroupNamespace = IdentityNamespace<NamespaceType::Cgroup>;

} // namespace sirius::ns
