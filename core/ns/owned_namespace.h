#pragma once

// Base of every namespace but the user namespace: an inode identity and the
// user namespace that owns it.
#include "core/ns/user_namespace.h"

namespace sirius::ns {

class OwnedNamespace {
public:
    [[nodiscard]] u32 inode() const { return m_identity.inode; }
    [[nodiscard]] UserNamespace& owner() const { return *m_owner; }
    [[nodiscard]] const RefPtr<UserNamespace>& owner_ref() const { return m_owner; }

protected:
    OwnedNamespace(RefPtr<UserNamespace> owner, u32 inode)
        : m_owner(move(owner))
        , m_identity { inode }
    {
    }
    ~OwnedNamespace() = default;

private:
    RefPtr<UserNamespace> m_owner;
    NamespaceIdentity m_identity;
};

} // namespace sirius::ns
