#include "core/ns/user_namespace.h"

namespace sirius::ns {

namespace {

// Finds the extent whose lower (parent-side) range holds `lower_id`.
bool lookup_lower(const Vector<IdMapExtent>& map, u32 lower_id, u32& inner_id)
{
    for (const IdMapExtent& extent : map) {
        if (lower_id >= extent.lower_first && lower_id - extent.lower_first < extent.count) {
            inner_id = extent.first + (lower_id - extent.lower_first);
            return true;
        }
    }
    return false;
}

// Finds the extent whose inner range holds `inner_id`.
bool lookup_inner(const Vector<IdMapExtent>& map, u32 inner_id, u32& lower_id)
{
    for (const IdMapExtent& extent : map) {
        if (inner_id >= extent.first && inner_id - extent.first < extent.count) {
            lower_id = extent.lower_first + (inner_id - extent.first);
            return true;
        }
    }
    return false;
}

} // namespace

UserNamespace::UserNamespace(RefPtr<UserNamespace> parent, u32 level, u32 owner_uid, u32 owner_gid, u32 inode)
    : m_parent(move(parent))
    , m_level(level)
    , m_owner_uid(owner_uid)
    , m_owner_gid(owner_gid)
    , m_identity { inode }
{
}

Result<RefPtr<UserNamespace>> UserNamespace::create_initial()
{
    auto ns = TRY(try_make_ref<UserNamespace>(RefPtr<UserNamespace>(), 0U, 0U, 0U, kInitUserInode));
    // The identity mapping over the 32-bit id space, as Linux's init_user_ns
    // ("0 0 4294967295"): the id -1 stays unmapped.
    constexpr IdMapExtent kIdentity { 0, 0, 0xFFFFFFFFU };
    TRY(ns->m_uid_map.try_append(kIdentity));
    TRY(ns->m_gid_map.try_append(kIdentity));
    return ns;
}

Result<RefPtr<UserNamespace>> UserNamespace::create_child(NamespaceInodeAllocator& inodes, const RefPtr<UserNamespace>& parent, u32 owner_uid, u32 owner_gid)
{
    // kernel/user_namespace.c create_user_ns: "if (parent_ns->level > 32)" is ENOSPC.
    if (parent->level() > kMaxUserNamespaceLevel) {
        return errno_error(ENOSPC);
    }
    auto child = TRY(try_make_ref<UserNamespace>(parent, parent->level() + 1, owner_uid, owner_gid, inodes.allocate()));
    // "ns->flags = parent_ns->flags": a namespace below one whose setgroups
    // is "deny" starts with "deny" (user_namespaces(7)).
    child->m_setgroups_allowed = parent->m_setgroups_allowed;
    return child;
}

Result<void> UserNamespace::deny_setgroups()
{
    if (!m_gid_map.is_empty()) {
        return errno_error(EPERM);
    }
    m_setgroups_allowed = false;
    return {};
}

Result<void> UserNamespace::install_uid_map(Vector<IdMapExtent>&& extents)
{
    if (!m_uid_map.is_empty()) {
        return errno_error(EPERM);
    }
    m_uid_map = move(extents);
    return {};
}

Result<void> UserNamespace::install_gid_map(Vector<IdMapExtent>&& extents)
{
    if (!m_gid_map.is_empty()) {
        return errno_error(EPERM);
    }
    m_gid_map = move(extents);
    return {};
}

bool UserNamespace::map_from_kernel(IdMap UserNamespace::* map, u32 kernel_id, u32& inner_id) const
{
    u32 id_in_parent = kernel_id;
    if (m_parent != nullptr && !m_parent->map_from_kernel(map, kernel_id, id_in_parent)) {
        return false;
    }
    return lookup_lower(this->*map, id_in_parent, inner_id);
}

bool UserNamespace::uid_has_mapping(u32 kernel_uid) const
{
    u32 inner = 0;
    return map_from_kernel(&UserNamespace::m_uid_map, kernel_uid, inner);
}

bool UserNamespace::gid_has_mapping(u32 kernel_gid) const
{
    u32 inner = 0;
    return map_from_kernel(&UserNamespace::m_gid_map, kernel_gid, inner);
}

u32 UserNamespace::uid_from_kernel_munged(u32 kernel_uid) const
{
    u32 inner = 0;
    return map_from_kernel(&UserNamespace::m_uid_map, kernel_uid, inner) ? inner : kOverflowId;
}

u32 UserNamespace::gid_from_kernel_munged(u32 kernel_gid) const
{
    u32 inner = 0;
    return map_from_kernel(&UserNamespace::m_gid_map, kernel_gid, inner) ? inner : kOverflowId;
}

u32 UserNamespace::uid_from_kernel(u32 kernel_uid) const
{
    u32 inner = 0;
    return map_from_kernel(&UserNamespace::m_uid_map, kernel_uid, inner) ? inner : kInvalidId;
}

u32 UserNamespace::gid_from_kernel(u32 kernel_gid) const
{
    u32 inner = 0;
    return map_from_kernel(&UserNamespace::m_gid_map, kernel_gid, inner) ? inner : kInvalidId;
}

u32 UserNamespace::map_to_kernel(IdMap UserNamespace::* map, u32 id) const
{
    for (const UserNamespace* ns = this; ns != nullptr; ns = ns->m_parent.get()) {
        u32 lower = 0;
        if (!lookup_inner(ns->*map, id, lower)) {
            return kInvalidId;
        }
        id = lower;
    }
    return id;
}

u32 UserNamespace::uid_to_kernel(u32 uid) const
{
    return map_to_kernel(&UserNamespace::m_uid_map, uid);
}

u32 UserNamespace::gid_to_kernel(u32 gid) const
{
    return map_to_kernel(&UserNamespace::m_gid_map, gid);
}

bool UserNamespace::range_mapped(const IdMap& map, u32 first, u32 count)
{
    // map_id_range_down_base: both ends of the range in the same extent.
    const u32 last = first + count - 1;
    for (const IdMapExtent& extent : map) {
        const u32 extent_last = extent.first + extent.count - 1;
        if (first >= extent.first && first <= extent_last && last >= extent.first && last <= extent_last) {
            return true;
        }
    }
    return false;
}

bool UserNamespace::is_same_or_descendant_of(const UserNamespace& ancestor) const
{
    for (const UserNamespace* ns = this; ns != nullptr; ns = ns->m_parent.get()) {
        if (ns == &ancestor) {
            return true;
        }
    }
    return false;
}

} // namespace sirius::ns
