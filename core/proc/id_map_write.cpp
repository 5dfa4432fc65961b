#include "core/proc/id_map_write.h"

#include "core/base/kernel_text.h"

namespace sirius::proc {

namespace {

// mappings_overlap: does `extent` share an inner or a lower id with one
// already in `map`?
bool overlaps(const Vector<ns::IdMapExtent>& map, const ns::IdMapExtent& extent)
{
    const u32 upper_last = extent.first + extent.count - 1;
    const u32 lower_last = extent.lower_first + extent.count - 1;
    for (const ns::IdMapExtent& previous : map) {
        const u32 previous_upper_last = previous.first + previous.count - 1;
        const u32 previous_lower_last = previous.lower_first + previous.count - 1;
        if (previous.first <= upper_last && previous_upper_last >= extent.first) {
            return true;
        }
        if (previous.lower_first <= lower_last && previous_lower_last >= extent.lower_first) {
            return true;
        }
    }
    return false;
}

// One line of the map, NUL-terminated, as map_write reads it.
Result<ns::IdMapExtent> parse_line(const u8* pos)
{
    ns::IdMapExtent extent {};
    // Each number is simple_strtoul's, kept to its low 32 bits as the u32
    // fields of struct uid_gid_extent keep it.
    pos = skip_spaces(pos);
    extent.first = static_cast<u32>(simple_strtoull(pos, pos));
    if (!kernel_isspace(*pos)) {
        return errno_error(EINVAL);
    }
    pos = skip_spaces(pos);
    extent.lower_first = static_cast<u32>(simple_strtoull(pos, pos));
    if (!kernel_isspace(*pos)) {
        return errno_error(EINVAL);
    }
    pos = skip_spaces(pos);
    extent.count = static_cast<u32>(simple_strtoull(pos, pos));
    if (*pos != '\0' && !kernel_isspace(*pos)) {
        return errno_error(EINVAL);
    }
    // "Verify there is not trailing junk on the line".
    pos = skip_spaces(pos);
    if (*pos != '\0') {
        return errno_error(EINVAL);
    }
    // "Verify we have been given valid starting values": -1 is no id.
    if (extent.first == ns::kInvalidId || extent.lower_first == ns::kInvalidId) {
        return errno_error(EINVAL);
    }
    // "Verify count is not zero and does not cause the extent to wrap".
    if (extent.first + extent.count <= extent.first || extent.lower_first + extent.count <= extent.lower_first) {
        return errno_error(EINVAL);
    }
    return extent;
}

// verify_root_map: a map that gives some id the parent's uid 0 lets file
// capabilities be set; the opener must have been able to set them.
bool verify_root_map(const ns::UserNamespace& map_ns, const Credentials& opener, const Vector<ns::IdMapExtent>& extents)
{
    bool maps_root = false;
    for (const ns::IdMapExtent& extent : extents) {
        maps_root = maps_root || extent.lower_first == 0;
    }
    if (!maps_root) {
        return true;
    }
    // "The process unshared its ns and is writing to its own
    // /proc/self/uid_map ... Verify that the parent had CAP_SETFCAP when it
    // unshared."
    if (opener.user_ns.get() == &map_ns) {
        return map_ns.parent_could_setfcap();
    }
    // Otherwise the opener needs CAP_SETFCAP over the parent.
    return has_capability_in(opener, *map_ns.parent(), CAP_SETFCAP);
}

// new_idmap_permitted: may this map be installed?
bool idmap_permitted(IdMapKind kind, const ns::UserNamespace& map_ns, const IdMapWriter& writer, const Vector<ns::IdMapExtent>& extents)
{
    const Credentials& opener = writer.opener;
    const ns::UserNamespace& parent = *map_ns.parent();
    if (kind == IdMapKind::Uid && !verify_root_map(map_ns, opener, extents)) {
        return false;
    }
    // user_namespaces(7): without privilege, the owner may map its own
    // effective id, one id, and for gid_map only after writing "deny" to
    // setgroups.
    if (extents.size() == 1 && extents[0].count == 1 && map_ns.owner_uid() == opener.uid.effective) {
        const u32 id = extents[0].lower_first;
        if (kind == IdMapKind::Uid && parent.uid_to_kernel(id) == opener.uid.effective) {
            return true;
        }
        if (kind == IdMapKind::Gid && !map_ns.setgroups_allowed() && parent.gid_to_kernel(id) == opener.gid.effective) {
            return true;
        }
    }
    // "Allow the specified ids if we have the appropriate capability
    // (CAP_SETUID or CAP_SETGID) over the parent user namespace. And the
    // opener of the id file also has the appropriate capability."
    const int capability = kind == IdMapKind::Uid ? CAP_SETUID : CAP_SETGID;
    return has_capability_in(writer.writer, parent, capability) && has_capability_in(opener, parent, capability);
}

} // namespace

Result<Vector<ns::IdMapExtent>> parse_id_map(const u8* text, usize count)
{
    Vector<u8> buffer = TRY(nul_terminated_copy(text, count));
    Vector<ns::IdMapExtent> map;
    u8* pos = buffer.begin();
    while (pos != nullptr) {
        u8* next_line = split_line(pos);
        const ns::IdMapExtent extent = TRY(parse_line(pos));
        if (overlaps(map, extent)) {
            return errno_error(EINVAL);
        }
        // "(new_map.nr_extents + 1) == UID_GID_MAP_MAX_EXTENTS &&
        // (next_line != NULL)": the last line allowed is the 340th.
        if (map.size() + 1 == ns::kMaxIdMapExtents && next_line != nullptr) {
            return errno_error(EINVAL);
        }
        TRY(map.try_append(extent));
        pos = next_line;
    }
    return map;
}

Result<void> check_id_map_write(const ns::UserNamespace& map_ns, const IdMapWriter& writer, u64 offset, usize count)
{
    // proc_uid_map_write: "if (!ns->parent) return -EPERM;" - the initial
    // namespace's map is fixed.
    if (map_ns.parent() == nullptr) {
        return errno_error(EPERM);
    }
    // "if ((seq_ns != ns) && (seq_ns != ns->parent)) return -EPERM;": the
    // opener is in the namespace or its parent (user_namespaces(7)).
    const ns::UserNamespace* opener_ns = writer.opener.user_ns.get();
    if (opener_ns != &map_ns && opener_ns != map_ns.parent()) {
        return errno_error(EPERM);
    }
    // "Only allow < page size writes at the beginning of the file".
    if (offset != 0 || count >= kIdMapWriteLimit) {
        return errno_error(EINVAL);
    }
    return {};
}

Result<void> write_id_map(IdMapKind kind, ns::UserNamespace& map_ns, const IdMapWriter& writer, const u8* text, usize count)
{
    const bool uid = kind == IdMapKind::Uid;
    // "Only allow one successful write to the map": EPERM before parsing,
    // so a second write is EPERM whatever it says. A failed write leaves
    // the map empty and the next one may try again.
    if (!(uid ? map_ns.uid_map() : map_ns.gid_map()).is_empty()) {
        return errno_error(EPERM);
    }
    // "Adjusting namespace settings requires capabilities on the target."
    if (!has_capability_in(writer.opener, map_ns, CAP_SYS_ADMIN)) {
        return errno_error(EPERM);
    }
    Vector<ns::IdMapExtent> extents = TRY(parse_id_map(text, count));
    // "Be very certain the new map actually exists".
    if (extents.is_empty()) {
        return errno_error(EINVAL);
    }
    if (!idmap_permitted(kind, map_ns, writer, extents)) {
        return errno_error(EPERM);
    }
    // map_id_range_down on the parent's map: each range lies inside one
    // extent of it ("Fail if we can not map the specified extent to the
    // kernel global id space").
    const ns::UserNamespace& parent = *map_ns.parent();
    for (const ns::IdMapExtent& extent : extents) {
        if (!(uid ? parent.uid_range_mapped(extent.lower_first, extent.count) : parent.gid_range_mapped(extent.lower_first, extent.count))) {
            return errno_error(EPERM);
        }
    }
    return uid ? map_ns.install_uid_map(move(extents)) : map_ns.install_gid_map(move(extents));
}

Result<void> check_setgroups_write(u64 offset, usize count)
{
    // "if ((*ppos != 0) || (count >= sizeof(kbuf)))" with "char kbuf[8]".
    constexpr usize kBufferSize = 8;
    if (offset != 0 || count >= kBufferSize) {
        return errno_error(EINVAL);
    }
    return {};
}

Result<void> write_setgroups(ns::UserNamespace& ns, const u8* text, usize count)
{
    u8 buffer[8] {};
    for (usize i = 0; i < count && i + 1 < sizeof(buffer); ++i) {
        buffer[i] = text[i];
    }
    const u8* pos = buffer;
    bool allow = false;
    auto starts_with = [&](const char* word, usize length) {
        for (usize i = 0; i < length; ++i) {
            if (pos[i] != static_cast<u8>(word[i])) {
                return false;
            }
        }
        return true;
    };
    // strncmp against "allow" and "deny", then "Verify there is not
    // trailing junk on the line".
    if (starts_with("allow", 5)) {
        pos += 5;
        allow = true;
    } else if (starts_with("deny", 4)) {
        pos += 4;
    } else {
        return errno_error(EINVAL);
    }
    pos = skip_spaces(pos);
    if (*pos != '\0') {
        return errno_error(EINVAL);
    }
    if (allow) {
        // "Enabling setgroups after setgroups has been disabled is not
        // allowed." Writing "allow" where it is allowed changes nothing.
        return ns.setgroups_allowed() ? Result<void> {} : errno_error(EPERM);
    }
    return ns.deny_setgroups();
}

} // namespace sirius::proc
