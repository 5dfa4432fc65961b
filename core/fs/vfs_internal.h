#pragma once

// What the VFS operations share inside core/fs (not for the syscalls).
#include "core/fs/vfs.h"

namespace sirius::fs {

// mnt_want_write: a change through a read-only mount is EROFS.
Result<void> want_write(const Path& path);

// may_create: a name may be added to `directory` - it is still linked
// (IS_DEADDIR: ENOENT) and writable and searchable (EACCES).
Result<void> may_create(const VfsCaller& caller, const Path& directory);

// may_delete: `victim` may be removed from `directory` (EACCES; EPERM for
// the sticky bit; ENOTDIR/EISDIR when `want_directory` does not match;
// EBUSY for a file system's root).
Result<void> may_delete(const VfsCaller& caller, const Path& directory, const Dentry& victim, bool want_directory);

// A new inode of `mode` named `name` in `directory`, owned as
// inode_init_owner has it (fsuid; the directory's group under S_ISGID).
// Errors: ENOMEM, ENOSPC.
Result<Path> create_child(const VfsCaller& caller, const Path& directory, Name name, u32 mode, u64 device);

} // namespace sirius::fs
