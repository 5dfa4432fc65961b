#pragma once

// Path lookup in the initramfs archive itself, read-only: how execve and the
// boot find a program until the VFS unpacks the archive into a ramfs (the
// files issue), after which path_walk replaces this. It walks the path as
// Linux's link_path_walk does, component by component: "." and "..", a
// symlink in any component (relative to its directory, absolute from the
// root), at most 40 of them (ELOOP), a component that is not a directory
// (ENOTDIR), a missing one (ENOENT), a component over NAME_MAX (ENAMETOOLONG).
// Every process's working directory is "/" until chdir exists, so a relative
// path starts there.
//
// The archive is taken as Linux unpacks it: a later entry of the same name
// replaces an earlier one, and a directory exists if it has an entry or if
// any entry lies below it (an archive may leave directory entries out).
// Hard links (a data-less entry sharing an inode with another) are not
// joined: such an entry reads as an empty file.
#include "core/fs/cpio_archive.h"

namespace sirius::fs {

struct ArchiveFile {
    CpioBytes data; // a regular file's bytes
    u32 mode { 0 }; // S_IFMT type and permission bits
    u32 uid { 0 };
    u32 gid { 0 };
};

// The file `path` (`length` bytes, no NUL) names in `archive`, the last
// component's symlink followed. Errors: ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG,
// and EINVAL/EOPNOTSUPP for an archive the reader rejects.
Result<ArchiveFile> lookup_in_archive(CpioBytes archive, const u8* path, usize length);

} // namespace sirius::fs
