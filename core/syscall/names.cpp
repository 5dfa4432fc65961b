#include "core/syscall/names.h"

#include <linux/capability.h>
#include <linux/fcntl.h>

#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

const u64 kAtFdcwd = static_cast<u64>(static_cast<i64>(AT_FDCWD));

// The start directory and the name of one path argument.
struct NamedPath {
    fs::PathName name;
    fs::Path start;
};

Result<void> read_named(SyscallContext& context, u64 dirfd, u64 address, NamedPath& out, bool allow_empty = false)
{
    TRY(read_path(context, address, out.name, allow_empty));
    out.start = TRY(start_path(context, dirfd, out.name));
    return {};
}

Result<i64> mkdirat(SyscallContext& context, u64 dirfd, u64 path, u64 mode)
{
    NamedPath target;
    TRY(read_named(context, dirfd, path, target));
    TRY(fs::make_directory(vfs_caller(context), target.start, target.name, static_cast<u32>(mode)));
    return 0;
}

// new_decode_dev: the device number mknod(2) takes (a u32 dev_t).
u64 decode_device(u32 device)
{
    const u32 major = (device & 0xfff00) >> 8;
    const u32 minor = (device & 0xff) | ((device >> 12) & 0xfff00);
    return fs::encode_device(major, minor);
}

Result<i64> mknodat(SyscallContext& context, u64 dirfd, u64 path, u64 mode, u64 device)
{
    // do_mknodat checks the type before the name is looked up.
    const u32 type = static_cast<u32>(mode) & 0170000;
    if (type == 0040000) {
        return errno_error(EPERM);
    }
    NamedPath target;
    TRY(read_named(context, dirfd, path, target));
    TRY(fs::make_node(vfs_caller(context), target.start, target.name, static_cast<u32>(mode), decode_device(static_cast<u32>(device))));
    return 0;
}

Result<i64> unlinkat(SyscallContext& context, u64 dirfd, u64 path, u64 flags)
{
    // unlinkat(2): "EINVAL An invalid flag value was specified in flags."
    TRY(check_at_flags(static_cast<u32>(flags), AT_REMOVEDIR));
    NamedPath target;
    TRY(read_named(context, dirfd, path, target));
    TRY(fs::remove(vfs_caller(context), target.start, target.name, (flags & AT_REMOVEDIR) != 0));
    return 0;
}

Result<i64> renameat2(SyscallContext& context, u64 old_dirfd, u64 old_path, u64 new_dirfd, u64 new_path, u64 flags)
{
    NamedPath from;
    NamedPath to;
    TRY(read_path(context, old_path, from.name));
    TRY(read_path(context, new_path, to.name));
    from.start = TRY(start_path(context, old_dirfd, from.name));
    to.start = TRY(start_path(context, new_dirfd, to.name));
    TRY(fs::rename(vfs_caller(context), from.start, from.name, to.start, to.name, static_cast<u32>(flags)));
    return 0;
}

Result<i64> linkat(SyscallContext& context, u64 old_dirfd, u64 old_path, u64 new_dirfd, u64 new_path, u64 flags)
{
    // do_linkat: "if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0)
    // return -EINVAL;"
    TRY(check_at_flags(static_cast<u32>(flags), AT_SYMLINK_FOLLOW | AT_EMPTY_PATH));
    // "To use null names we require CAP_DAC_READ_SEARCH" - otherwise the
    // empty name is ENOENT as everywhere.
    bool allow_empty = false;
    if ((flags & AT_EMPTY_PATH) != 0) {
        const proc::Credentials& credentials = *context.current.credentials;
        allow_empty = proc::has_capability_in(credentials, *credentials.user_ns, CAP_DAC_READ_SEARCH);
    }
    NamedPath from;
    NamedPath to;
    TRY(read_path(context, old_path, from.name, allow_empty));
    TRY(read_path(context, new_path, to.name));
    from.start = TRY(start_path(context, old_dirfd, from.name));
    to.start = TRY(start_path(context, new_dirfd, to.name));
    TRY(fs::make_link(vfs_caller(context), from.start, from.name, (flags & AT_SYMLINK_FOLLOW) != 0, to.start, to.name));
    return 0;
}

Result<i64> symlinkat(SyscallContext& context, u64 target_address, u64 dirfd, u64 path)
{
    fs::PathName target;
    TRY(read_path(context, target_address, target));
    NamedPath link;
    TRY(read_named(context, dirfd, path, link));
    TRY(fs::make_symlink(vfs_caller(context), target, link.start, link.name));
    return 0;
}

Result<i64> readlinkat(SyscallContext& context, u64 dirfd, u64 path, u64 buffer, u64 size)
{
    // do_readlinkat: "if (bufsiz <= 0) return -EINVAL;" (an int).
    const i32 length = static_cast<i32>(size);
    if (length <= 0) {
        return errno_error(EINVAL);
    }
    // LOOKUP_EMPTY: an empty name is the dirfd's own file (a symlink
    // opened with O_PATH|O_NOFOLLOW).
    NamedPath link;
    TRY(read_named(context, dirfd, path, link, true));
    fs::Path found = TRY(fs::lookup(vfs_caller(context), link.start, link.name, false));
    // readlink(2): "EINVAL The named file is not a symbolic link." -
    // and ENOENT for an empty name that is not one either (do_readlinkat:
    // "error = empty ? -ENOENT : -EINVAL").
    if (!found.inode().is_symlink()) {
        return errno_error(link.name.is_empty() ? ENOENT : EINVAL);
    }
    const fs::ByteView target = TRY(found.inode().link_target());
    // "readlink() does not append a terminating null byte. It will
    // (silently) truncate the contents".
    const usize copied = min<usize>(target.size, static_cast<usize>(length));
    TRY(memory_of(context).copy_to_user(UserAddress(buffer), target.data, copied));
    return static_cast<i64>(copied);
}

} // namespace

i64 sys_mkdir(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mkdirat(context, kAtFdcwd, args[0], args[1]));
}

i64 sys_mkdirat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mkdirat(context, args[0], args[1], args[2]));
}

i64 sys_mknod(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mknodat(context, kAtFdcwd, args[0], args[1], args[2]));
}

i64 sys_mknodat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mknodat(context, args[0], args[1], args[2], args[3]));
}

i64 sys_unlink(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(unlinkat(context, kAtFdcwd, args[0], 0));
}

i64 sys_unlinkat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(unlinkat(context, args[0], args[1], args[2]));
}

i64 sys_rmdir(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(unlinkat(context, kAtFdcwd, args[0], AT_REMOVEDIR));
}

i64 sys_rename(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(renameat2(context, kAtFdcwd, args[0], kAtFdcwd, args[1], 0));
}

i64 sys_renameat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(renameat2(context, args[0], args[1], args[2], args[3], 0));
}

i64 sys_renameat2(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(renameat2(context, args[0], args[1], args[2], args[3], args[4]));
}

i64 sys_link(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(linkat(context, kAtFdcwd, args[0], kAtFdcwd, args[1], 0));
}

i64 sys_linkat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(linkat(context, args[0], args[1], args[2], args[3], args[4]));
}

i64 sys_symlink(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(symlinkat(context, args[0], kAtFdcwd, args[1]));
}

i64 sys_symlinkat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(symlinkat(context, args[0], args[1], args[2]));
}

i64 sys_readlink(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(readlinkat(context, kAtFdcwd, args[0], args[1], args[2]));
}

i64 sys_readlinkat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(readlinkat(context, args[0], args[1], args[2], args[3]));
}

} // namespace sirius::syscall
