#pragma once

// A UTS namespace (uts_namespaces(7)): the hostname and NIS domain name that
// uname(2) reports, per namespace.
#include <linux/utsname.h>

#include "core/ns/owned_namespace.h"

namespace sirius::ns {

class UtsNamespace
    : public RefCounted<UtsNamespace>
    , public OwnedNamespace {
public:
    // The initial namespace: Linux's defaults ("(none)" for both names).
    static Result<RefPtr<UtsNamespace>> create_initial(RefPtr<UserNamespace> owner);
    // A new namespace starting with a copy of this one's names (copy_utsname).
    Result<RefPtr<UtsNamespace>> clone(NamespaceInodeAllocator&, RefPtr<UserNamespace> owner) const;

    [[nodiscard]] const new_utsname& names() const { return m_names; }
    new_utsname& names() { return m_names; }

    UtsNamespace(RefPtr<UserNamespace> owner, u32 inode, const new_utsname& names);

private:
    new_utsname m_names;
};

} // namespace sirius::ns
