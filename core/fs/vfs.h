#pragma once

// The VFS operations the file syscalls share (Linux fs/namei.c, fs/open.c,
// fs/attr.c): each walks a name from a start directory for a caller and
// applies Linux's checks in Linux's order. The syscalls (core/syscall/)
// decode arguments and turn the result into a return value; the boot uses
// the same operations to unpack the initramfs.
#include "core/fs/file.h"
#include "core/fs/path_walk.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::fs {

// Who asks, and when (nameidata plus current_time and current_umask), and
// for opening device nodes the kernel whose drivers open them and the
// calling thread (/dev/tty is the caller's terminal). Without a kernel a
// device node is ENXIO to open.
struct VfsCaller {
    WalkContext walk;
    Timestamp now;
    u32 umask { 0 };
    proc::Kernel* kernel { nullptr };
    proc::Thread* thread { nullptr };
    [[nodiscard]] const proc::Credentials& credentials() const { return walk.credentials; }
};

// Linux path_lookupat / filename_lookup: what `name` names from `start`,
// the last symlink followed if `follow`. An empty name (allowed only with
// AT_EMPTY_PATH, see PathName) is `start` itself.
Result<Path> lookup(const VfsCaller& caller, const Path& start, const PathName& name, bool follow);

// do_filp_open with build_open_flags' rules: O_CREAT (with `mode` & ~umask),
// O_EXCL, O_TRUNC, O_DIRECTORY, O_NOFOLLOW, O_PATH, O_TMPFILE (EOPNOTSUPP:
// not yet). Returns the open file description. Errors: every errno of
// open(2) but EMFILE, which the fd table gives.
Result<RefPtr<File>> open(const VfsCaller& caller, const Path& start, const PathName& name, u32 flags, u32 mode);

// mknodat(2) and mkdirat(2) (do_mknodat, do_mkdirat): a new inode of
// `mode`'s type. `mode` is what the caller passed (umask applied here).
Result<void> make_node(const VfsCaller& caller, const Path& start, const PathName& name, u32 mode, u64 device);
Result<void> make_directory(const VfsCaller& caller, const Path& start, const PathName& name, u32 mode);
// symlinkat(2): `name` becomes a symlink to `target`.
Result<void> make_symlink(const VfsCaller& caller, const PathName& target, const Path& start, const PathName& name);
// linkat(2): `new_name` becomes another name of what `old_name` names (its
// last symlink followed if `follow`).
Result<void> make_link(const VfsCaller& caller, const Path& old_start, const PathName& old_name, bool follow, const Path& new_start, const PathName& new_name);
// unlinkat(2) without and with AT_REMOVEDIR (do_unlinkat, do_rmdir).
Result<void> remove(const VfsCaller& caller, const Path& start, const PathName& name, bool directory);
// renameat2(2) (do_renameat2) with RENAME_NOREPLACE, RENAME_EXCHANGE and
// RENAME_WHITEOUT.
Result<void> rename(const VfsCaller& caller, const Path& old_start, const PathName& old_name, const Path& new_start, const PathName& new_name, u32 flags);

// notify_change's callers: chmod_common, chown_common, vfs_utimes,
// do_truncate. Each checks ownership and capabilities as Linux does.
Result<void> change_mode(const VfsCaller& caller, Inode& inode, u32 mode);
// `uid` / `gid` of -1 (0xffffffff) leave that id as it is.
Result<void> change_owner(const VfsCaller& caller, Inode& inode, u32 uid, u32 gid);
// `times` is atime then mtime; nullptr sets both to now. A nanoseconds
// field may be UTIME_NOW or UTIME_OMIT.
Result<void> change_times(const VfsCaller& caller, Inode& inode, const Timestamp* times);
// truncate(2) on a path (`check_write`: the caller's write permission) or
// ftruncate(2) (already open for writing).
Result<void> change_size(const VfsCaller& caller, Inode& inode, i64 length, bool check_write);

// A file's last name went, and the file is written: timestamps.
void touch_modified(Inode& inode, Timestamp now);

} // namespace sirius::fs
