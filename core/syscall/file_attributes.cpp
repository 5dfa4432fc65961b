// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <linux/capability.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <linux/time_types.h>

// The rest after it.
#include "core/base/user_ptr.h"
#include "core/fs/permission.h"
#include "core/syscall/file_attributes.h"
#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

const u64 kAtFdcwd = static_cast<u64>(static_cast<i64>(AT_FDCWD));
constexpr i64 kUtimeNow = (1L << 30) - 1;
constexpr i64 kUtimeOmit = (1L << 30) - 2;

// The file behind any open fd, O_PATH included (fdget_raw). Errors: EBADF,
// EPERM for a console or pipe.
Result<fs::Path> path_of_fd(SyscallContext& context, u64 fd)
{
    RefPtr<fs::File> holder = TRY(fd_file(context, fd));
    fs::VfsFile* file = fs::as_vfs_file(holder.get());
    if (file == nullptr) {
        return errno_error(EPERM);
    }
    return file->path();
}

// The file a path argument names.
Result<fs::Path> path_at(SyscallContext& context, u64 dirfd, u64 address, bool follow, bool allow_empty = false)
{
    fs::PathName name;
    TRY(read_path(context, address, name, allow_empty));
    fs::Path start = TRY(start_path(context, dirfd, name));
    return fs::lookup(vfs_caller(context), start, name, follow);
}

// The file of an *at call that takes AT_EMPTY_PATH: an empty name with a
// dirfd other than AT_FDCWD is the dirfd's own file (an O_PATH one too);
// otherwise the name is walked from dirfd. Errors: the walk's, EBADF, and
// EPERM for a console or pipe, whose inode Sirius does not have yet.
Result<fs::Path> target_at(SyscallContext& context, u64 dirfd, const fs::PathName& name, bool follow)
{
    if (name.is_empty() && static_cast<int>(dirfd) != AT_FDCWD) {
        return path_of_fd(context, dirfd);
    }
    fs::Path start = TRY(start_path(context, dirfd, name));
    return fs::lookup(vfs_caller(context), start, name, follow);
}

// The VfsFile behind an fd for the calls that use fdget (an O_PATH
// description is EBADF to them).
Result<fs::VfsFile*> opened_file(SyscallContext& context, u64 fd, RefPtr<fs::File>& holder)
{
    holder = TRY(fd_file(context, fd));
    if ((holder->status_flags() & O_PATH) != 0) {
        return errno_error(EBADF);
    }
    fs::VfsFile* file = fs::as_vfs_file(holder.get());
    if (file == nullptr) {
        // A console or pipe: its inode is not one Sirius has yet.
        return errno_error(EPERM);
    }
    return file;
}

Result<i64> fchmodat(SyscallContext& context, u64 dirfd, u64 path, u64 mode, u64 flags)
{
    // fchmodat2 takes AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH; fchmodat none.
    TRY(check_at_flags(flags, 0));
    fs::Path target = TRY(path_at(context, dirfd, path, true));
    TRY(fs::change_mode(vfs_caller(context), target.inode(), static_cast<u32>(mode)));
    return 0;
}

Result<i64> fchmod(SyscallContext& context, u64 fd, u64 mode)
{
    RefPtr<fs::File> holder;
    fs::VfsFile* file = TRY(opened_file(context, fd, holder));
    TRY(fs::change_mode(vfs_caller(context), file->inode(), static_cast<u32>(mode)));
    return 0;
}

Result<i64> fchownat(SyscallContext& context, u64 dirfd, u64 path, u64 uid, u64 gid, u64 flags)
{
    // do_fchownat: "if ((flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0)
    // goto out;" with -EINVAL.
    TRY(check_at_flags(flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
    fs::PathName name;
    TRY(read_path(context, path, name, (flags & AT_EMPTY_PATH) != 0));
    fs::Path target = TRY(target_at(context, dirfd, name, (flags & AT_SYMLINK_NOFOLLOW) == 0));
    TRY(fs::change_owner(vfs_caller(context), target.inode(), static_cast<u32>(uid), static_cast<u32>(gid)));
    return 0;
}

Result<i64> fchown(SyscallContext& context, u64 fd, u64 uid, u64 gid)
{
    RefPtr<fs::File> holder;
    fs::VfsFile* file = TRY(opened_file(context, fd, holder));
    TRY(fs::change_owner(vfs_caller(context), file->inode(), static_cast<u32>(uid), static_cast<u32>(gid)));
    return 0;
}

Result<i64> utimensat(SyscallContext& context, u64 dirfd, u64 path, u64 times_address, u64 flags)
{
    // do_utimes: "if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    // return -EINVAL;"
    TRY(check_at_flags(flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
    fs::Timestamp times[2];
    fs::Timestamp* requested = nullptr;
    if (times_address != 0) {
        __kernel_timespec user_times[2];
        TRY(UserPtr<__kernel_timespec>(times_address).read_array(memory_of(context), user_times, 2));
        for (int i = 0; i < 2; ++i) {
            const i64 nanoseconds = user_times[i].tv_nsec;
            // nsec_valid: "EINVAL Invalid value in one of the tv_nsec fields
            // (value outside range [0, 999,999,999], and not UTIME_NOW or
            // UTIME_OMIT)".
            if (nanoseconds != kUtimeNow && nanoseconds != kUtimeOmit && (nanoseconds < 0 || nanoseconds > 999'999'999)) {
                return errno_error(EINVAL);
            }
            times[i] = fs::Timestamp { user_times[i].tv_sec, nanoseconds };
        }
        requested = times;
    }
    fs::Path target;
    // do_utimes: "if (filename == NULL && dfd != AT_FDCWD) return
    // do_utimes_fd(dfd, times, flags);" - a NULL name with AT_FDCWD is a
    // path like any other, and reading it is EFAULT.
    if (path == 0 && static_cast<int>(dirfd) != AT_FDCWD) {
        // utimensat(2): "If pathname is NULL, then the call modifies the
        // timestamps of the file referred to by the file descriptor dirfd"
        // (do_utimes_fd; EINVAL with flags other than 0).
        if (flags != 0) {
            return errno_error(EINVAL);
        }
        target = TRY(path_of_fd(context, dirfd));
    } else {
        fs::PathName name;
        TRY(read_path(context, path, name, (flags & AT_EMPTY_PATH) != 0));
        target = TRY(target_at(context, dirfd, name, (flags & AT_SYMLINK_NOFOLLOW) == 0));
    }
    TRY(fs::change_times(vfs_caller(context), target.inode(), requested));
    return 0;
}

Result<i64> truncate(SyscallContext& context, u64 path, u64 length)
{
    fs::Path target = TRY(path_at(context, kAtFdcwd, path, true));
    TRY(fs::change_size(vfs_caller(context), target.inode(), static_cast<i64>(length), true));
    return 0;
}

Result<i64> ftruncate(SyscallContext& context, u64 fd, u64 length)
{
    // do_ftruncate: "if (length < 0) return -EINVAL;" first, then the fd.
    if (static_cast<i64>(length) < 0) {
        return errno_error(EINVAL);
    }
    RefPtr<fs::File> holder = TRY(fd_file(context, fd));
    if ((holder->status_flags() & O_PATH) != 0) {
        return errno_error(EBADF);
    }
    fs::VfsFile* file = fs::as_vfs_file(holder.get());
    // "if (!S_ISREG(inode->i_mode) || !(file->f_mode & FMODE_WRITE))
    // return -EINVAL;" (a directory too).
    if (file == nullptr || !file->inode().is_regular() || !file->is_writable()) {
        return errno_error(EINVAL);
    }
    TRY(fs::change_size(vfs_caller(context), file->inode(), static_cast<i64>(length), false));
    return 0;
}

// do_faccessat: the check by the real ids (access_override_creds), or by
// the effective ones with AT_EACCESS.
Result<i64> faccessat(SyscallContext& context, u64 dirfd, u64 path, u64 mode, u64 flags)
{
    // "if (mode & ~S_IRWXO) return -EINVAL;" (F_OK 0, X_OK 1, W_OK 2, R_OK 4)
    if ((mode & ~u64 { 07 }) != 0) {
        return errno_error(EINVAL);
    }
    TRY(check_at_flags(flags, AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
    const proc::Credentials& own = *context.current.credentials;
    RefPtr<proc::Credentials> real;
    if ((flags & AT_EACCESS) == 0) {
        real = TRY(own.clone());
        real->uid.filesystem = own.uid.real;
        real->gid.filesystem = own.gid.real;
        // "Clear the capabilities if we switch to a non-root user" - unless
        // the real uid is root, which keeps the permitted set.
        if (own.uid.real != 0) {
            real->effective = proc::CapabilitySet();
        } else {
            real->effective = own.permitted;
        }
    }
    const proc::Credentials& credentials = real ? *real : own;
    fs::PathName name;
    TRY(read_path(context, path, name, (flags & AT_EMPTY_PATH) != 0));
    fs::Path start = TRY(start_path(context, dirfd, name));
    fs::VfsCaller caller { fs::WalkContext { credentials, context.current.fs->root(), &context.current }, context.kernel.file_time(), 0 };
    fs::Path target = TRY(fs::lookup(caller, start, name, (flags & AT_SYMLINK_NOFOLLOW) == 0));
    if (mode == 0) {
        return 0;
    }
    const fs::Inode& inode = target.inode();
    // "MAY_EXEC on regular files requires special handling": some execute
    // bit must be set even for root (generic_permission does that).
    TRY(fs::check_permission(credentials, inode, static_cast<u32>(mode)));
    return 0;
}

} // namespace

i64 sys_chmod(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fchmodat(context, kAtFdcwd, args[0], args[1], 0));
}

i64 sys_fchmod(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fchmod(context, args[0], args[1]));
}

i64 sys_fchmodat(SyscallContext& context, const SyscallArguments& args)
{
    // fchmodat(2) has no flags argument (glibc emulates AT_SYMLINK_NOFOLLOW).
    return to_syscall_return(fchmodat(context, args[0], args[1], args[2], 0));
}

i64 sys_chown(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fchownat(context, kAtFdcwd, args[0], args[1], args[2], 0));
}

i64 sys_fchown(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fchown(context, args[0], args[1], args[2]));
}

i64 sys_lchown(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fchownat(context, kAtFdcwd, args[0], args[1], args[2], AT_SYMLINK_NOFOLLOW));
}

i64 sys_fchownat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fchownat(context, args[0], args[1], args[2], args[3], static_cast<u32>(args[4])));
}

i64 sys_utimensat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(utimensat(context, args[0], args[1], args[2], static_cast<u32>(args[3])));
}

i64 sys_truncate(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(truncate(context, args[0], args[1]));
}

i64 sys_ftruncate(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(ftruncate(context, args[0], args[1]));
}

i64 sys_access(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(faccessat(context, kAtFdcwd, args[0], args[1], 0));
}

i64 sys_faccessat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(faccessat(context, args[0], args[1], args[2], 0));
}

i64 sys_faccessat2(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(faccessat(context, args[0], args[1], args[2], static_cast<u32>(args[3])));
}

} // namespace sirius::syscall
