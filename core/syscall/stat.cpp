// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <asm/stat.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

// The rest after it.
#include "core/base/user_ptr.h"
#include "core/fs/pipe.h"
#include "core/proc/thread.h"
#include "core/syscall/path_argument.h"
#include "core/syscall/stat.h"

namespace sirius::syscall {

namespace {

// st_blksize of a memory file system (PAGE_SIZE).
constexpr u32 kBlockSize = 4096;

// What getattr reports: an inode's attributes, or the few a file without
// a path has (the console is a character device, 5:1 as /dev/console).
struct Attributes {
    u64 device { 0 };
    u64 ino { 0 };
    u32 mode { 0 };
    u32 nlink { 1 };
    u32 uid { 0 };
    u32 gid { 0 };
    u64 rdev { 0 };
    u64 size { 0 };
    u64 blocks { 0 };
    fs::Timestamp atime;
    fs::Timestamp mtime;
    fs::Timestamp ctime;
    fs::Timestamp btime;
    u64 mount_id { 0 };
    bool mount_root { false };
};

Attributes attributes_of(const fs::Path& path)
{
    const fs::Inode& inode = path.inode();
    Attributes result;
    result.device = inode.super_block().device();
    result.ino = inode.ino();
    result.mode = inode.mode;
    result.nlink = inode.nlink;
    result.uid = inode.uid;
    result.gid = inode.gid;
    result.rdev = inode.rdev;
    result.size = inode.size;
    result.blocks = inode.blocks();
    result.atime = inode.atime;
    result.mtime = inode.mtime;
    result.ctime = inode.ctime;
    result.btime = inode.btime;
    result.mount_id = path.mount->id();
    result.mount_root = path.dentry == path.mount->root();
    return result;
}

Attributes attributes_of(const fs::File& file)
{
    if (const fs::VfsFile* vfs = fs::as_vfs_file(const_cast<fs::File*>(&file))) {
        return attributes_of(vfs->path());
    }
    Attributes result;
    // pipefs: "inode->i_mode = S_IFIFO | S_IRUSR | S_IWUSR", owned by the
    // creator's fsuid and fsgid.
    if (file.kind() == fs::FileKind::Pipe) {
        const fs::Pipe& pipe = static_cast<const fs::PipeFile&>(file).pipe();
        result.mode = S_IFIFO | 0600;
        result.uid = pipe.owner_uid();
        result.gid = pipe.owner_gid();
        result.nlink = 1;
        return result;
    }
    // Linux: the console is char 5:1; anon inodes (pidfds) are mode 0600
    // without a type.
    result.mode = file.kind() == fs::FileKind::Console ? (S_IFCHR | 0600) : 0600;
    result.rdev = file.kind() == fs::FileKind::Console ? fs::encode_device(5, 1) : 0;
    return result;
}

Result<void> write_stat(SyscallContext& context, u64 address, const Attributes& attributes)
{
    struct stat out { };
    out.st_dev = attributes.device;
    out.st_ino = attributes.ino;
    out.st_nlink = attributes.nlink;
    out.st_mode = attributes.mode;
    // cp_new_stat: "SET_UID(tmp.st_uid, from_kuid_munged(current_user_ns(),
    // stat->uid))" - owners as the caller's user namespace names them.
    const ns::UserNamespace& user_ns = *context.current.credentials->user_ns;
    out.st_uid = user_ns.uid_from_kernel_munged(attributes.uid);
    out.st_gid = user_ns.gid_from_kernel_munged(attributes.gid);
    out.st_rdev = attributes.rdev;
    out.st_size = static_cast<i64>(attributes.size);
    out.st_blksize = kBlockSize;
    out.st_blocks = static_cast<i64>(attributes.blocks);
    out.st_atime = static_cast<u64>(attributes.atime.seconds);
    out.st_atime_nsec = static_cast<u64>(attributes.atime.nanoseconds);
    out.st_mtime = static_cast<u64>(attributes.mtime.seconds);
    out.st_mtime_nsec = static_cast<u64>(attributes.mtime.nanoseconds);
    out.st_ctime = static_cast<u64>(attributes.ctime.seconds);
    out.st_ctime_nsec = static_cast<u64>(attributes.ctime.nanoseconds);
    return UserPtr<struct stat>(address).write(memory_of(context), out);
}

// vfs_fstatat: the file `name` names from `dirfd`; an empty name with
// AT_EMPTY_PATH is the fd's own file.
Result<Attributes> stat_at(SyscallContext& context, u64 dirfd, u64 path, u64 flags)
{
    const bool empty_allowed = (flags & AT_EMPTY_PATH) != 0;
    fs::PathName name;
    TRY(read_path(context, path, name, empty_allowed));
    if (name.is_empty()) {
        if (static_cast<int>(dirfd) == AT_FDCWD) {
            return attributes_of(context.current.fs->cwd());
        }
        RefPtr<fs::File> file = TRY(fd_file(context, dirfd));
        return attributes_of(*file);
    }
    fs::Path start = TRY(start_path(context, dirfd, name));
    fs::Path found = TRY(fs::lookup(vfs_caller(context), start, name, (flags & AT_SYMLINK_NOFOLLOW) == 0));
    return attributes_of(found);
}

Result<i64> stat_path(SyscallContext& context, const SyscallArguments& args, u64 flags)
{
    Attributes attributes = TRY(stat_at(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), args[0], flags));
    TRY(write_stat(context, args[1], attributes));
    return 0;
}

Result<i64> fstat(SyscallContext& context, const SyscallArguments& args)
{
    RefPtr<fs::File> file = TRY(fd_file(context, args[0]));
    TRY(write_stat(context, args[1], attributes_of(*file)));
    return 0;
}

Result<i64> newfstatat(SyscallContext& context, const SyscallArguments& args)
{
    const u64 flags = static_cast<u32>(args[3]);
    // vfs_fstatat: "if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT |
    // AT_EMPTY_PATH)) return -EINVAL;"
    TRY(check_at_flags(flags, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH));
    Attributes attributes = TRY(stat_at(context, args[0], args[1], flags));
    TRY(write_stat(context, args[2], attributes));
    return 0;
}

Result<i64> statx(SyscallContext& context, const SyscallArguments& args)
{
    const u64 flags = static_cast<u32>(args[2]);
    const u32 mask = static_cast<u32>(args[3]);
    // do_statx: "if (mask & STATX__RESERVED) return -EINVAL;", "if ((flags &
    // AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE) return -EINVAL;", and the
    // flags vfs_statx knows.
    if ((mask & STATX__RESERVED) != 0) {
        return errno_error(EINVAL);
    }
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE) {
        return errno_error(EINVAL);
    }
    TRY(check_at_flags(flags, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE));
    Attributes attributes = TRY(stat_at(context, args[0], args[1], flags));
    struct statx out { };
    // What a tmpfs inode has: the basic stats, the birth time and the mount
    // id (which vfs_statx always fills).
    out.stx_mask = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID;
    out.stx_blksize = kBlockSize;
    out.stx_attributes = attributes.mount_root ? STATX_ATTR_MOUNT_ROOT : 0;
    out.stx_attributes_mask = STATX_ATTR_MOUNT_ROOT | STATX_ATTR_APPEND | STATX_ATTR_IMMUTABLE | STATX_ATTR_NODUMP;
    out.stx_nlink = attributes.nlink;
    // cp_statx: from_kuid_munged(current_user_ns(), stat->uid).
    const ns::UserNamespace& user_ns = *context.current.credentials->user_ns;
    out.stx_uid = user_ns.uid_from_kernel_munged(attributes.uid);
    out.stx_gid = user_ns.gid_from_kernel_munged(attributes.gid);
    out.stx_mode = static_cast<u16>(attributes.mode);
    out.stx_ino = attributes.ino;
    out.stx_size = attributes.size;
    out.stx_blocks = attributes.blocks;
    auto timestamp = [](const fs::Timestamp& time) {
        return statx_timestamp { time.seconds, static_cast<u32>(time.nanoseconds), 0 };
    };
    out.stx_atime = timestamp(attributes.atime);
    out.stx_btime = timestamp(attributes.btime);
    out.stx_ctime = timestamp(attributes.ctime);
    out.stx_mtime = timestamp(attributes.mtime);
    // MAJOR/MINOR of the kernel's dev_t as new_encode_dev split them.
    out.stx_rdev_major = static_cast<u32>(((attributes.rdev >> 8) & 0xfff) | ((attributes.rdev >> 32) & ~0xfffULL));
    out.stx_rdev_minor = static_cast<u32>((attributes.rdev & 0xff) | ((attributes.rdev >> 12) & ~0xffULL));
    out.stx_dev_major = static_cast<u32>(((attributes.device >> 8) & 0xfff) | ((attributes.device >> 32) & ~0xfffULL));
    out.stx_dev_minor = static_cast<u32>((attributes.device & 0xff) | ((attributes.device >> 12) & ~0xffULL));
    out.stx_mnt_id = attributes.mount_id;
    TRY(UserPtr<struct statx>(args[4]).write(memory_of(context), out));
    return 0;
}

} // namespace

i64 sys_stat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(stat_path(context, args, 0));
}

i64 sys_fstat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fstat(context, args));
}

i64 sys_lstat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(stat_path(context, args, AT_SYMLINK_NOFOLLOW));
}

i64 sys_newfstatat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(newfstatat(context, args));
}

i64 sys_statx(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(statx(context, args));
}

} // namespace sirius::syscall
