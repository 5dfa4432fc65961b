#pragma once

// A user namespace (user_namespaces(7)): uid/gid mappings to its parent, a
// level in the tree, and the owner whose effective uid created it. Capabilities
// are always held *relative to* a user namespace.
#include "core/base/vector.h"
#include "core/ns/namespace_common.h"

namespace sirius::ns {

// INVALID_UID / INVALID_GID: the id that no namespace maps.
inline constexpr u32 kInvalidId = 0xFFFFFFFFU;
// The overflow uid/gid (/proc/sys/kernel/overflowuid): shown for an id with
// no mapping in the viewer's namespace.
inline constexpr u32 kOverflowId = 65534;

// Linux allows 32 nested user namespaces below the initial one.
inline constexpr u32 kMaxUserNamespaceLevel = 32;

// One line of /proc/<pid>/uid_map: ids [first, first+count) inside map to
// [lower_first, ...) in the parent namespace.
struct IdMapExtent {
    u32 first;
    u32 lower_first;
    u32 count;
};

class UserNamespace : public RefCounted<UserNamespace> {
public:
    // The initial user namespace maps every id to itself.
    static Result<RefPtr<UserNamespace>> create_initial();
    // Errors: ENOSPC past kMaxUserNamespaceLevel, ENOMEM.
    static Result<RefPtr<UserNamespace>> create_child(NamespaceInodeAllocator&, const RefPtr<UserNamespace>& parent, u32 owner_uid, u32 owner_gid);

    [[nodiscard]] UserNamespace* parent() const { return m_parent.get(); }
    [[nodiscard]] u32 level() const { return m_level; }
    [[nodiscard]] u32 owner_uid() const { return m_owner_uid; }
    [[nodiscard]] u32 owner_gid() const { return m_owner_gid; }
    [[nodiscard]] u32 inode() const { return m_identity.inode; }

    // Whether a kernel uid/gid has a mapping in this namespace (Linux
    // kuid_has_mapping). A new namespace has no mapping until uid_map is
    // written.
    [[nodiscard]] bool uid_has_mapping(u32 kernel_uid) const;
    [[nodiscard]] bool gid_has_mapping(u32 kernel_gid) const;

    // Linux from_kuid_munged / from_kgid_munged: the id a kernel id has in
    // this namespace, or the overflow id (65534) when it has none - what a
    // siginfo, getuid(2) or stat shows.
    [[nodiscard]] u32 uid_from_kernel_munged(u32 kernel_uid) const;
    [[nodiscard]] u32 gid_from_kernel_munged(u32 kernel_gid) const;
    // Linux make_kuid / make_kgid: the kernel id of an id as this namespace
    // names it, or kInvalidId when this namespace does not map it.
    [[nodiscard]] u32 uid_to_kernel(u32 uid) const;
    [[nodiscard]] u32 gid_to_kernel(u32 gid) const;

    // Linux userns_may_setgroups: setgroups(2) is possible in the initial
    // namespace, and in another once its gid_map is written.
    [[nodiscard]] bool may_setgroups() const { return m_parent == nullptr || !m_gid_map.is_empty(); }

    // Is `ancestor` this namespace or one of its ancestors?
    [[nodiscard]] bool is_same_or_descendant_of(const UserNamespace& ancestor) const;

    UserNamespace(RefPtr<UserNamespace> parent, u32 level, u32 owner_uid, u32 owner_gid, u32 inode);

private:
    using IdMap = Vector<IdMapExtent>;
    // The id a kernel id has inside this namespace (Linux from_kuid); false
    // when some namespace on the way down has no mapping for it.
    bool map_from_kernel(IdMap UserNamespace::* map, u32 kernel_id, u32& inner_id) const;
    u32 map_to_kernel(IdMap UserNamespace::* map, u32 id) const;

    RefPtr<UserNamespace> m_parent;
    u32 m_level;
    u32 m_owner_uid;
    u32 m_owner_gid;
    NamespaceIdentity m_identity;
    IdMap m_uid_map;
    IdMap m_gid_map;
};

} // namespace sirius::ns
