#include "core/proc/set_ids.h"

#include "core/base/sort.h"

namespace sirius::proc {

namespace {

// CAP_FS_MASK: the capabilities that follow the filesystem uid.
constexpr CapabilitySet filesystem_capabilities()
{
    constexpr int kCapabilities[] = { CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_LINUX_IMMUTABLE, CAP_MKNOD, CAP_MAC_OVERRIDE };
    CapabilitySet set;
    for (int capability : kCapabilities) {
        set.add(capability);
    }
    return set;
}

constexpr u32 kSecureNoSetuidFixup = 2; // SECURE_NO_SETUID_FIXUP
constexpr u32 kSecureKeepCaps = 4; // SECURE_KEEP_CAPS

bool is_secure(const Credentials& credentials, u32 bit)
{
    return (credentials.securebits & (1U << bit)) != 0;
}

// Linux ns_capable_setid over the caller's own namespace.
bool may_set_ids(const Credentials& credentials, int capability)
{
    return has_capability_in(credentials, *credentials.user_ns, capability);
}

// cap_emulate_setxuid: leaving root drops the capabilities; an effective
// uid leaving 0 drops the effective set, one reaching 0 regains it.
void fix_capabilities_for_uids(Credentials& changed, const Credentials& old)
{
    if (is_secure(old, kSecureNoSetuidFixup)) {
        return;
    }
    const u32 root = old.user_ns->uid_to_kernel(0);
    const bool was_root = old.uid.real == root || old.uid.effective == root || old.uid.saved == root;
    const bool is_root = changed.uid.real == root || changed.uid.effective == root || changed.uid.saved == root;
    if (was_root && !is_root) {
        if (!is_secure(old, kSecureKeepCaps)) {
            changed.permitted = CapabilitySet();
            changed.effective = CapabilitySet();
        }
        changed.ambient = CapabilitySet();
    }
    if (old.uid.effective == root && changed.uid.effective != root) {
        changed.effective = CapabilitySet();
    }
    if (old.uid.effective != root && changed.uid.effective == root) {
        changed.effective = changed.permitted;
    }
}

// The LSM_SETID_FS case of cap_task_fix_setuid.
void fix_capabilities_for_fsuid(Credentials& changed, const Credentials& old)
{
    if (is_secure(old, kSecureNoSetuidFixup)) {
        return;
    }
    const u32 root = old.user_ns->uid_to_kernel(0);
    const u64 fs = filesystem_capabilities().bits();
    if (old.uid.filesystem == root && changed.uid.filesystem != root) {
        changed.effective = CapabilitySet(changed.effective.bits() & ~fs);
    }
    if (old.uid.filesystem != root && changed.uid.filesystem == root) {
        changed.effective = CapabilitySet(changed.effective.bits() | (changed.permitted.bits() & fs));
    }
}

// Which of uid and gid a change is about: the id set, the namespace
// mapping, the capability that overrides the rules.
struct IdKind {
    IdSet Credentials::*ids;
    u32 (ns::UserNamespace::*to_kernel)(u32) const;
    int capability;
    bool is_uid;
};
constexpr IdKind kUids { &Credentials::uid, &ns::UserNamespace::uid_to_kernel, CAP_SETUID, true };
constexpr IdKind kGids { &Credentials::gid, &ns::UserNamespace::gid_to_kernel, CAP_SETGID, false };

// make_kuid for an argument that may be -1; false when it is not -1 but
// has no mapping (EINVAL).
bool to_kernel(const Credentials& old, const IdKind& kind, u32 id, u32& kernel_id)
{
    if (id == kUnchangedId) {
        kernel_id = kUnchangedId;
        return true;
    }
    kernel_id = (old.user_ns.get()->*kind.to_kernel)(id);
    return kernel_id != ns::kInvalidId;
}

bool is_one_of(u32 id, const IdSet& ids)
{
    return id == ids.real || id == ids.effective || id == ids.saved;
}

// Sets each id that is not "-1" (already mapped to kernel ids).
void assign_ids(IdSet& set, u32 real, u32 effective, u32 saved)
{
    if (real != kUnchangedId) {
        set.real = real;
    }
    if (effective != kUnchangedId) {
        set.effective = effective;
    }
    if (saved != kUnchangedId) {
        set.saved = saved;
    }
}

void fix_capabilities(Credentials& changed, const Credentials& old, const IdKind& kind)
{
    if (kind.is_uid) {
        fix_capabilities_for_uids(changed, old);
    }
}

Result<RefPtr<Credentials>> set_res(const RefPtr<Credentials>& old, const IdKind& kind, u32 real, u32 effective, u32 saved)
{
    u32 kernel_real = 0;
    u32 kernel_effective = 0;
    u32 kernel_saved = 0;
    if (!to_kernel(*old, kind, real, kernel_real) || !to_kernel(*old, kind, effective, kernel_effective) || !to_kernel(*old, kind, saved, kernel_saved)) {
        return errno_error(EINVAL);
    }
    const IdSet& ids = (*old).*kind.ids;
    // "check for no-op"
    if ((real == kUnchangedId || kernel_real == ids.real) && (effective == kUnchangedId || (kernel_effective == ids.effective && kernel_effective == ids.filesystem))
        && (saved == kUnchangedId || kernel_saved == ids.saved)) {
        return old;
    }
    const bool new_real = real != kUnchangedId && !is_one_of(kernel_real, ids);
    const bool new_effective = effective != kUnchangedId && !is_one_of(kernel_effective, ids);
    const bool new_saved = saved != kUnchangedId && !is_one_of(kernel_saved, ids);
    if ((new_real || new_effective || new_saved) && !may_set_ids(*old, kind.capability)) {
        return errno_error(EPERM);
    }
    auto changed = TRY(old->clone());
    IdSet& set = (*changed).*kind.ids;
    assign_ids(set, kernel_real, kernel_effective, kernel_saved);
    set.filesystem = set.effective;
    fix_capabilities(*changed, *old, kind);
    return changed;
}

Result<RefPtr<Credentials>> set_re(const RefPtr<Credentials>& old, const IdKind& kind, u32 real, u32 effective)
{
    u32 kernel_real = 0;
    u32 kernel_effective = 0;
    if (!to_kernel(*old, kind, real, kernel_real) || !to_kernel(*old, kind, effective, kernel_effective)) {
        return errno_error(EINVAL);
    }
    const IdSet& ids = (*old).*kind.ids;
    const bool privileged = may_set_ids(*old, kind.capability);
    // setreuid(2): "Unprivileged processes may only set the effective user
    // ID to the real user ID, the effective user ID, or the saved
    // set-user-ID. Unprivileged users may only set the real user ID to the
    // real user ID or the effective user ID."
    if (real != kUnchangedId && kernel_real != ids.real && kernel_real != ids.effective && !privileged) {
        return errno_error(EPERM);
    }
    if (effective != kUnchangedId && !is_one_of(kernel_effective, ids) && !privileged) {
        return errno_error(EPERM);
    }
    auto changed = TRY(old->clone());
    IdSet& set = (*changed).*kind.ids;
    assign_ids(set, kernel_real, kernel_effective, kUnchangedId);
    // "If the real user ID is set ... or the effective user ID is set to a
    // value not equal to the previous real user ID, the saved set-user-ID
    // will be set to the new effective user ID."
    if (real != kUnchangedId || (effective != kUnchangedId && kernel_effective != ids.real)) {
        set.saved = set.effective;
    }
    set.filesystem = set.effective;
    fix_capabilities(*changed, *old, kind);
    return changed;
}

Result<RefPtr<Credentials>> set_one(const RefPtr<Credentials>& old, const IdKind& kind, u32 id)
{
    u32 kernel_id = 0;
    if (id == kUnchangedId || !to_kernel(*old, kind, id, kernel_id)) {
        return errno_error(EINVAL);
    }
    const IdSet& ids = (*old).*kind.ids;
    auto changed = TRY(old->clone());
    IdSet& set = (*changed).*kind.ids;
    if (may_set_ids(*old, kind.capability)) {
        // setuid(2): "If the calling process is privileged ..., the real
        // UID and saved set-user-ID are also set."
        set.real = kernel_id;
        set.saved = kernel_id;
    } else if (kernel_id != ids.real && kernel_id != ids.saved) {
        return errno_error(EPERM);
    }
    set.effective = kernel_id;
    set.filesystem = kernel_id;
    fix_capabilities(*changed, *old, kind);
    return changed;
}

RefPtr<Credentials> set_fs(const RefPtr<Credentials>& old, const IdKind& kind, u32 id)
{
    u32 kernel_id = 0;
    if (id == kUnchangedId || !to_kernel(*old, kind, id, kernel_id)) {
        return old;
    }
    const IdSet& ids = (*old).*kind.ids;
    if (!is_one_of(kernel_id, ids) && kernel_id != ids.filesystem && !may_set_ids(*old, kind.capability)) {
        return old;
    }
    if (kernel_id == ids.filesystem) {
        return old;
    }
    auto changed = old->clone();
    if (changed.is_error()) {
        return old;
    }
    ((*changed.value()).*kind.ids).filesystem = kernel_id;
    if (kind.is_uid) {
        fix_capabilities_for_fsuid(*changed.value(), *old);
    }
    return changed.release_value();
}

} // namespace

Result<RefPtr<Credentials>> set_res_uids(const RefPtr<Credentials>& old, u32 real, u32 effective, u32 saved)
{
    return set_res(old, kUids, real, effective, saved);
}

Result<RefPtr<Credentials>> set_res_gids(const RefPtr<Credentials>& old, u32 real, u32 effective, u32 saved)
{
    return set_res(old, kGids, real, effective, saved);
}

Result<RefPtr<Credentials>> set_re_uids(const RefPtr<Credentials>& old, u32 real, u32 effective)
{
    return set_re(old, kUids, real, effective);
}

Result<RefPtr<Credentials>> set_re_gids(const RefPtr<Credentials>& old, u32 real, u32 effective)
{
    return set_re(old, kGids, real, effective);
}

Result<RefPtr<Credentials>> set_uid(const RefPtr<Credentials>& old, u32 id)
{
    return set_one(old, kUids, id);
}

Result<RefPtr<Credentials>> set_gid(const RefPtr<Credentials>& old, u32 id)
{
    return set_one(old, kGids, id);
}

RefPtr<Credentials> set_fs_uid(const RefPtr<Credentials>& old, u32 id)
{
    return set_fs(old, kUids, id);
}

RefPtr<Credentials> set_fs_gid(const RefPtr<Credentials>& old, u32 id)
{
    return set_fs(old, kGids, id);
}

Result<RefPtr<Credentials>> set_groups(const RefPtr<Credentials>& old, const Vector<u32>& gids)
{
    // may_setgroups: CAP_SETGID, and a namespace that allows it.
    if (!may_set_ids(*old, CAP_SETGID) || !old->user_ns->may_setgroups()) {
        return errno_error(EPERM);
    }
    auto changed = TRY(old->clone());
    Vector<u32> groups;
    TRY(groups.try_reserve(gids.size()));
    for (u32 gid : gids) {
        const u32 kernel_gid = old->user_ns->gid_to_kernel(gid);
        if (kernel_gid == ns::kInvalidId) {
            return errno_error(EINVAL);
        }
        TRY(groups.try_append(kernel_gid));
    }
    // groups_sort: kept in order for the membership search.
    heap_sort(groups.begin(), groups.size());
    changed->groups = move(groups);
    return changed;
}

} // namespace sirius::proc
