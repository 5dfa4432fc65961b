#pragma once

// A cgroup namespace (cgroup_namespaces(7)): a view of the cgroup v2
// hierarchy rooted at the cgroup its creator was in (copy_cgroup_ns's
// root_cset). /proc/<pid>/cgroup shows paths relative to that root, and a
// cgroup2 mount made inside it shows the tree from there.
#include "core/ns/owned_namespace.h"
#include "core/proc/cgroup.h"

namespace sirius::ns {

class CgroupNamespace
    : public RefCounted<CgroupNamespace>
    , public OwnedNamespace {
public:
    static constexpr NamespaceType kType = NamespaceType::Cgroup;

    // A namespace rooted at `root`; nullptr is the hierarchy's root (the
    // initial namespace). Errors: ENOMEM.
    static Result<RefPtr<CgroupNamespace>> create(RefPtr<UserNamespace> owner, u32 inode, RefPtr<proc::Cgroup> root = {})
    {
        return try_make_ref<CgroupNamespace>(move(owner), inode, move(root));
    }

    // The cgroup that is "/" here, or nullptr for the hierarchy's root.
    [[nodiscard]] proc::Cgroup* root() const { return m_root.get(); }
    // copy_cgroup_ns: the creator's cgroup becomes the root. Called once,
    // on a namespace just made by clone or unshare.
    void set_root(RefPtr<proc::Cgroup> root) { m_root = move(root); }

    CgroupNamespace(RefPtr<UserNamespace> owner, u32 inode, RefPtr<proc::Cgroup> root)
        : OwnedNamespace(move(owner), inode)
        , m_root(move(root))
    {
    }

private:
    RefPtr<proc::Cgroup> m_root;
};

} // namespace sirius::ns
