#pragma once

// What the file syscalls share: the caller as the VFS sees it, a path
// argument read from user memory, and the directory a *at call starts at
// (Linux getname, path_init).
#include "core/fs/vfs.h"
#include "core/fs/vfs_file.h"
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

// current's credentials, root, umask, and the time now.
fs::VfsCaller vfs_caller(SyscallContext& context);

// getname_flags: the path at `address`. Errors: EFAULT, ENAMETOOLONG,
// ENOENT for "" unless `allow_empty`, ENOMEM.
Result<void> read_path(SyscallContext& context, u64 address, fs::PathName& name, bool allow_empty = false);

// path_init: where a walk of `name` starts - the root for an absolute name
// (the dirfd is not looked at), the working directory for AT_FDCWD, else
// the directory `dirfd` is open on. Errors: EBADF (no such fd), ENOTDIR
// (a non-directory, unless the name is empty: AT_EMPTY_PATH).
Result<fs::Path> start_path(SyscallContext& context, u64 dirfd, const fs::PathName& name);

// user_path_at(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY): the
// directory the user's name at `address` names, its last symlink followed.
// Errors: read_path's, the walk's, ENOTDIR.
Result<fs::Path> directory_at(SyscallContext& context, u64 address);

// The open file an fd names (fdget: EBADF); fs::as_vfs_file tells whether
// it has a path.
Result<RefPtr<fs::File>> fd_file(SyscallContext& context, u64 fd);

// The AT_ flags a call takes: anything else is EINVAL.
inline Result<void> check_at_flags(u64 flags, u64 allowed)
{
    if ((flags & ~allowed) != 0) {
        return errno_error(EINVAL);
    }
    return {};
}

} // namespace sirius::syscall
