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

// UID_GID_MAP_MAX_EXTENTS (include/linux/user_namespace.h, not a UAPI
// header): the most lines an id map may have; user_namespaces(7) "Since
// Linux 4.15, 340 lines".
inline constexpr u32 kMaxIdMapExtents = 340;

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
    // Linux from_kuid / from_kgid: as above, but kInvalidId (-1) for an id
    // without a mapping (what uid_map shows for such a lower id).
    [[nodiscard]] u32 uid_from_kernel(u32 kernel_uid) const;
    [[nodiscard]] u32 gid_from_kernel(u32 kernel_gid) const;
    // Linux make_kuid / make_kgid: the kernel id of an id as this namespace
    // names it, or kInvalidId when this namespace does not map it.
    [[nodiscard]] u32 uid_to_kernel(u32 uid) const;
    [[nodiscard]] u32 gid_to_kernel(u32 gid) const;

    // Linux map_id_range_down succeeding: [first, first+count) lies inside
    // one extent of this namespace's map (the ids as this namespace names
    // them). What an extent of a child's map may cover in this one.
    [[nodiscard]] bool uid_range_mapped(u32 first, u32 count) const { return range_mapped(m_uid_map, first, count); }
    [[nodiscard]] bool gid_range_mapped(u32 first, u32 count) const { return range_mapped(m_gid_map, first, count); }

    // Linux userns_may_setgroups: setgroups(2) is possible once gid_map is
    // written (the initial namespace's always is) and while
    // /proc/<pid>/setgroups says "allow".
    [[nodiscard]] bool may_setgroups() const { return !m_gid_map.is_empty() && m_setgroups_allowed; }
    // /proc/<pid>/setgroups (USERNS_SETGROUPS_ALLOWED): "allow" unless
    // "deny" was written here or in an ancestor before this namespace was
    // made (create_user_ns copies the parent's flags).
    [[nodiscard]] bool setgroups_allowed() const { return m_setgroups_allowed; }
    // Writing "deny" (proc_setgroups_write): EPERM once gid_map is written,
    // "Permanently disabling setgroups after setgroups has been enabled by
    // writing the gid_map is not allowed."
    Result<void> deny_setgroups();

    // The lines of /proc/<pid>/uid_map and gid_map: `lower_first` is the
    // id in the parent namespace (Linux keeps the kernel id; the two agree
    // since an extent lies inside one extent of the parent's map).
    [[nodiscard]] const Vector<IdMapExtent>& uid_map() const { return m_uid_map; }
    [[nodiscard]] const Vector<IdMapExtent>& gid_map() const { return m_gid_map; }
    // Installs a map written once (map_write's last step); the caller has
    // checked every rule (core/proc/id_map_write.h). EPERM if the map is
    // already there ("Only allow one successful write to the map").
    Result<void> install_uid_map(Vector<IdMapExtent>&& extents);
    Result<void> install_gid_map(Vector<IdMapExtent>&& extents);

    // create_user_ns: "ns->parent_could_setfcap = cap_raised(new->cap_effective,
    // CAP_SETFCAP)" - whether the creator could set file capabilities, which
    // verify_root_map asks before a process maps root of its own namespace.
    [[nodiscard]] bool parent_could_setfcap() const { return m_parent_could_setfcap; }
    void set_parent_could_setfcap(bool could) { m_parent_could_setfcap = could; }

    // Is `ancestor` this namespace or one of its ancestors?
    [[nodiscard]] bool is_same_or_descendant_of(const UserNamespace& ancestor) const;

    UserNamespace(RefPtr<UserNamespace> parent, u32 level, u32 owner_uid, u32 owner_gid, u32 inode);

private:
    using IdMap = Vector<IdMapExtent>;
    // The id a kernel id has inside this namespace (Linux from_kuid); false
    // when some namespace on the way down has no mapping for it.
    bool map_from_kernel(IdMap UserNamespace::* map, u32 kernel_id, u32& inner_id) const;
    u32 map_to_kernel(IdMap UserNamespace::* map, u32 id) const;
    static bool range_mapped(const IdMap& map, u32 first, u32 count);

    RefPtr<UserNamespace> m_parent;
    u32 m_level;
    u32 m_owner_uid;
    u32 m_owner_gid;
    NamespaceIdentity m_identity;
    IdMap m_uid_map;
    IdMap m_gid_map;
    bool m_setgroups_allowed { true };
    bool m_parent_could_setfcap { false };
};

} // namespace sirius::ns
