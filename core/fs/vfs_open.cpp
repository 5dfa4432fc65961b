// <linux/stat.h> and <linux/fcntl.h> first: the S_IF* constants are left out
// once a glibc header has been seen (the host build's <stdint.h>).
#include <linux/capability.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/char_device.h"
#include "core/fs/dentry.h"
#include "core/fs/fifo.h"
#include "core/fs/permission.h"
#include "core/fs/vfs.h"
#include "core/fs/vfs_file.h"
#include "core/fs/vfs_internal.h"
#include "core/proc/kernel.h"

namespace sirius::fs {

namespace {

// build_open_flags: "ACC_MODE(x) ("\004\002\006\006"[(x)&O_ACCMODE])".
u32 access_mode(u32 flags)
{
    constexpr u32 kModes[4] = { kMayRead, kMayWrite, kMayRead | kMayWrite, kMayRead | kMayWrite };
    u32 mode = kModes[flags & O_ACCMODE];
    if ((flags & O_TRUNC) != 0) {
        mode |= kMayWrite;
    }
    return mode;
}

// may_open: what the type of the file allows, then the permission bits.
Result<void> may_open(const VfsCaller& caller, const Inode& inode, u32 access, u32 flags)
{
    switch (inode.mode & S_IFMT) {
    case S_IFLNK:
        return errno_error(ELOOP);
    case S_IFDIR:
        if ((access & kMayWrite) != 0) {
            return errno_error(EISDIR);
        }
        break;
    default:
        break;
    }
    TRY(check_permission(caller.credentials(), inode, access));
    // "O_NOATIME can only be set by the owner or superuser".
    if ((flags & O_NOATIME) != 0 && !owner_or_capable(caller.credentials(), inode)) {
        return errno_error(EPERM);
    }
    return {};
}

// The last component of an O_CREAT open (open_last_lookups, lookup_open):
// the existing file, or a new regular file. `created` says which.
Result<Path> open_or_create(const VfsCaller& caller, PathWalk& walk, u32 flags, u32 mode, bool& created)
{
    for (;;) {
        TRY(walk.walk_to_parent());
        if (walk.last_kind() != LastKind::Normal) {
            return walk.lookup_last();
        }
        // "trailing slashes? ... return ERR_PTR(-EISDIR)".
        if (walk.trailing_slash()) {
            return errno_error(EISDIR);
        }
        Path found = TRY(walk.lookup_last());
        if (found.dentry) {
            // O_EXCL: "if this flag is specified in conjunction with O_CREAT,
            // and pathname already exists, then open() fails" - a symlink
            // included, which is not followed then.
            if (found.inode().is_symlink() && (flags & (O_EXCL | O_NOFOLLOW)) == 0) {
                TRY(walk.follow_last(found.inode()));
                continue;
            }
            return found;
        }
        const Path& directory = walk.parent();
        // lookup_open: "if (!got_write) create_error = -EROFS;".
        TRY(want_write(directory));
        TRY(may_create(caller, directory));
        // "If the file does not exist, it will be created" with mode &
        // ~umask (S_IALLUGO: permissions, setuid, setgid, sticky).
        const u32 file_mode = S_IFREG | (mode & 07777 & ~caller.umask);
        Path path = TRY(create_child(caller, directory, walk.last(), file_mode, 0));
        created = true;
        return path;
    }
}

// The status flags a description keeps (do_dentry_open: "f_flags = flags &
// ~(O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC)"; O_CLOEXEC belongs to the fd).
u32 kept_flags(u32 flags)
{
    return flags & ~static_cast<u32>(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
}

// chrdev_open: the driver registered for the node's number makes the file;
// a number without one is ENXIO. The mount's MNT_NODEV would be EACCES
// (may_open), and no mount has it yet.
Result<RefPtr<File>> open_char_device(const VfsCaller& caller, Path path, u32 flags)
{
    CharDevice* driver = caller.kernel != nullptr ? caller.kernel->char_devices().find(path.inode().rdev) : nullptr;
    if (driver == nullptr) {
        return errno_error(ENXIO);
    }
    RefPtr<File> device = TRY(driver->open(DeviceOpen { *caller.kernel, caller.thread, flags }));
    RefPtr<VfsFile> file = TRY(VfsFile::create_for_device(move(path), kept_flags(flags), move(device)));
    return RefPtr<File>(move(file));
}

} // namespace

Result<Path> lookup(const VfsCaller& caller, const Path& start, const PathName& name, bool follow)
{
    if (name.is_empty()) {
        return start;
    }
    PathWalk walk(caller.walk);
    TRY(walk.begin(start, name));
    return walk.resolve(follow);
}

Result<RefPtr<File>> open(const VfsCaller& caller, const Path& start, const PathName& name, u32 flags, u32 mode)
{
    // O_TMPFILE: not yet (Linux answers EOPNOTSUPP for a file system
    // without ->tmpfile).
    if ((flags & __O_TMPFILE) != 0) {
        return errno_error(EOPNOTSUPP);
    }
    PathWalk walk(caller.walk);
    TRY(walk.begin(start, name));
    Path path;
    bool created = false;
    if ((flags & O_PATH) != 0) {
        // "O_PATH ... The file itself is not opened": only O_DIRECTORY,
        // O_NOFOLLOW and O_CLOEXEC still count.
        path = TRY(walk.resolve((flags & O_NOFOLLOW) == 0));
        if ((flags & O_DIRECTORY) != 0 && !path.inode().is_directory()) {
            return errno_error(ENOTDIR);
        }
        RefPtr<VfsFile> file = TRY(VfsFile::create(move(path), flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)));
        return RefPtr<File>(move(file));
    }
    if ((flags & O_CREAT) != 0) {
        path = TRY(open_or_create(caller, walk, flags, mode, created));
        if (!created) {
            // do_open: "if ((open_flag & O_EXCL) && !(file->f_mode &
            // FMODE_CREATED)) return -EEXIST; if (d_is_dir(...)) return
            // -EISDIR;"
            if ((flags & O_EXCL) != 0) {
                return errno_error(EEXIST);
            }
            if (path.inode().is_directory()) {
                return errno_error(EISDIR);
            }
        }
    } else {
        path = TRY(walk.resolve((flags & O_NOFOLLOW) == 0));
    }
    Inode& inode = path.inode();
    // O_DIRECTORY: "If pathname is not a directory, cause the open to fail"
    // (LOOKUP_DIRECTORY, checked in do_open).
    if ((flags & O_DIRECTORY) != 0 && !inode.is_directory()) {
        return errno_error(ENOTDIR);
    }
    if (!created) {
        TRY(may_open(caller, inode, access_mode(flags), flags));
        // do_dentry_open: writing a file that is not a device, FIFO or
        // socket takes mnt_want_write (EROFS on a read-only mount).
        const u32 type = inode.mode & S_IFMT;
        const bool special = type == S_IFCHR || type == S_IFBLK || type == S_IFIFO || type == S_IFSOCK;
        if ((access_mode(flags) & kMayWrite) != 0 && !special) {
            TRY(want_write(path));
        }
        // A character device opens through its driver (chrdev_open).
        // Block devices have no drivers, a FIFO opens its pipe
        // (fifo_open), a socket is ENXIO to open(2).
        switch (inode.mode & S_IFMT) {
        case S_IFIFO:
            if (caller.kernel == nullptr) {
                return errno_error(ENXIO);
            }
            return open_fifo(caller.kernel->scheduler(), inode, flags & ~static_cast<u32>(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC));
        case S_IFCHR:
            return open_char_device(caller, move(path), flags);
        case S_IFBLK:
        case S_IFSOCK:
            return errno_error(ENXIO);
        default:
            break;
        }
        if ((flags & O_TRUNC) != 0 && inode.is_regular()) {
            TRY(change_size(caller, inode, 0, false));
        }
    }
    TRY(path.inode().open(caller.credentials(), (access_mode(flags) & kMayWrite) != 0));
    RefPtr<VfsFile> file = TRY(VfsFile::create(move(path), kept_flags(flags)));
    return RefPtr<File>(move(file));
}

} // namespace sirius::fs
