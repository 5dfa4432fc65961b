#pragma once

// Writing a user namespace's /proc/<pid>/uid_map, gid_map and setgroups
// (user_namespaces(7); Linux kernel/user_namespace.c proc_uid_map_write,
// map_write, new_idmap_permitted, verify_root_map, proc_setgroups_write).
// procfs copies the bytes in; the rules, in Linux's order, are here.
#include "core/base/vector.h"
#include "core/proc/credentials.h"

namespace sirius::proc {

enum class IdMapKind : u8 {
    Uid,
    Gid,
};

// PAGE_SIZE: map_write and timens_offsets_write take "< page size writes".
inline constexpr usize kIdMapWriteLimit = 4096;

// Who writes a map: `opener` are the credentials the file was opened with
// (file->f_cred), `writer` those of the caller of write(2).
struct IdMapWriter {
    const Credentials& opener;
    const Credentials& writer;
};

// map_write's parser on `text` (`count` bytes; a NUL ends it, as
// memdup_user_nul and strchr make it): lines "first lower count", at most
// kMaxIdMapExtents, none overlapping another inside or below. The extents
// in the order written. Errors: EINVAL for anything else, ENOMEM.
Result<Vector<ns::IdMapExtent>> parse_id_map(const u8* text, usize count);

// Checks made before the bytes are copied in (proc_uid_map_write, then
// map_write's first test): EPERM when `map_ns` is the initial namespace or
// the opener is neither in it nor in its parent; EINVAL for a write not at
// offset 0 or of PAGE_SIZE bytes or more.
Result<void> check_id_map_write(const ns::UserNamespace& map_ns, const IdMapWriter& writer, u64 offset, usize count);

// The rest of map_write: installs `text` as the uid or gid map of `map_ns`.
// Errors: EPERM (written before; the opener lacks CAP_SYS_ADMIN over
// `map_ns`; new_idmap_permitted refuses; a range is not inside the parent's
// map), EINVAL (parse_id_map), ENOMEM. Nothing changes on error.
Result<void> write_id_map(IdMapKind kind, ns::UserNamespace& map_ns, const IdMapWriter& writer, const u8* text, usize count);

// proc_setgroups_write's checks before the copy: EINVAL for a write not at
// offset 0 or of 8 bytes or more (its buffer is "char kbuf[8]").
Result<void> check_setgroups_write(u64 offset, usize count);
// "allow" or "deny", then only spaces. Errors: EINVAL (anything else), EPERM
// ("allow" after "deny", "deny" after gid_map was written).
Result<void> write_setgroups(ns::UserNamespace& ns, const u8* text, usize count);

} // namespace sirius::proc
