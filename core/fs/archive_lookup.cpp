// <linux/stat.h> comes first: it leaves out the S_IF* constants once a glibc
// header has been seen, and in the host build <stdint.h>, which core/base
// includes, is glibc's.
#include <linux/limits.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/archive_lookup.h"

namespace sirius::fs {

namespace {

// Linux's MAXSYMLINKS (include/linux/namei.h), not a UAPI constant.
constexpr usize kMaxSymlinks = 40;

// A path being walked: bytes in a PATH_MAX buffer.
struct PathBuffer {
    u8 bytes[PATH_MAX];
    usize length { 0 };
};

// An archive name without its leading "/" and "./" (GNU cpio writes both
// forms), and without trailing slashes.
CpioBytes normalized(CpioBytes name)
{
    while (name.size > 0 && (name.data[0] == '/' || (name.data[0] == '.' && name.size > 1 && name.data[1] == '/'))) {
        usize skip = name.data[0] == '/' ? 1 : 2;
        name.data += skip;
        name.size -= skip;
    }
    if (name.size == 1 && name.data[0] == '.') {
        name.size = 0;
    }
    while (name.size > 0 && name.data[name.size - 1] == '/') {
        --name.size;
    }
    return name;
}

bool same_bytes(CpioBytes a, const u8* b, usize length)
{
    return a.size == length && __builtin_memcmp(a.data, b, length) == 0;
}

enum class Found : u8 { Nothing,
    Entry,
    ImpliedDirectory };

// The last entry named `resolved`, or whether some entry lies below it.
Result<Found> find_entry(CpioBytes archive, const u8* resolved, usize length, ArchiveFile& file)
{
    CpioReader reader(archive.data, archive.size);
    CpioEntry entry;
    Found found = Found::Nothing;
    while (TRY(reader.next(entry))) {
        CpioBytes name = normalized(entry.name);
        if (same_bytes(name, resolved, length)) {
            found = Found::Entry;
            file = ArchiveFile { entry.data, entry.mode, entry.uid, entry.gid };
        } else if (found == Found::Nothing && name.size > length && name.data[length] == '/' && __builtin_memcmp(name.data, resolved, length) == 0) {
            found = Found::ImpliedDirectory;
        }
    }
    if (found == Found::ImpliedDirectory) {
        file = ArchiveFile { {}, S_IFDIR | 0755, 0, 0 };
    }
    return found;
}

bool is_type(u32 mode, u32 type) { return (mode & S_IFMT) == type; }

} // namespace

Result<ArchiveFile> lookup_in_archive(CpioBytes archive, const u8* path, usize length)
{
    if (length == 0) {
        return errno_error(ENOENT);
    }
    if (length >= PATH_MAX) {
        return errno_error(ENAMETOOLONG);
    }
    // `pending` is what is left to walk; `resolved` the directories walked,
    // as an archive name ("" is the root).
    PathBuffer pending;
    PathBuffer resolved;
    copy_bytes(pending.bytes, path, length);
    pending.length = length;
    usize position = 0;
    usize symlinks = 0;
    ArchiveFile file { {}, S_IFDIR | 0755, 0, 0 };
    for (;;) {
        while (position < pending.length && pending.bytes[position] == '/') {
            ++position;
        }
        if (position == pending.length) {
            break;
        }
        usize start = position;
        while (position < pending.length && pending.bytes[position] != '/') {
            ++position;
        }
        usize component_length = position - start;
        const u8* component = pending.bytes + start;
        bool trailing_slash = position < pending.length;
        // A directory is what we stand in; anything else may not be walked
        // through (Linux: "if (!d_can_lookup(nd->path.dentry)) ENOTDIR").
        if (!is_type(file.mode, S_IFDIR)) {
            return errno_error(ENOTDIR);
        }
        if (component_length == 1 && component[0] == '.') {
            continue;
        }
        if (component_length == 2 && component[0] == '.' && component[1] == '.') {
            while (resolved.length > 0 && resolved.bytes[resolved.length - 1] != '/') {
                --resolved.length;
            }
            if (resolved.length > 0) {
                --resolved.length;
            }
            continue;
        }
        if (component_length > NAME_MAX) {
            return errno_error(ENAMETOOLONG);
        }
        usize saved_length = resolved.length;
        usize separator = resolved.length > 0 ? 1 : 0;
        if (resolved.length + separator + component_length >= PATH_MAX) {
            return errno_error(ENAMETOOLONG);
        }
        if (separator != 0) {
            resolved.bytes[resolved.length++] = '/';
        }
        copy_bytes(resolved.bytes + resolved.length, component, component_length);
        resolved.length += component_length;

        if (TRY(find_entry(archive, resolved.bytes, resolved.length, file)) == Found::Nothing) {
            return errno_error(ENOENT);
        }
        if (!is_type(file.mode, S_IFLNK)) {
            continue;
        }
        // A symlink: its target, then what was left of the path.
        if (++symlinks > kMaxSymlinks) {
            return errno_error(ELOOP);
        }
        CpioBytes target = file.data;
        if (target.size == 0) {
            return errno_error(ENOENT);
        }
        usize rest = pending.length - position;
        if (target.size + (trailing_slash ? rest : 0) >= PATH_MAX) {
            return errno_error(ENAMETOOLONG);
        }
        PathBuffer next;
        copy_bytes(next.bytes, target.data, target.size);
        copy_bytes(next.bytes + target.size, pending.bytes + position, rest);
        next.length = target.size + rest;
        pending = next;
        position = 0;
        resolved.length = target.data[0] == '/' ? 0 : saved_length;
        file = ArchiveFile { {}, S_IFDIR | 0755, 0, 0 };
    }
    // "a/file/" names a directory: a file there is ENOTDIR.
    if (path[length - 1] == '/' && !is_type(file.mode, S_IFDIR)) {
        return errno_error(ENOTDIR);
    }
    return file;
}

} // namespace sirius::fs
