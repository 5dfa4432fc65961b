#include "core/syscall/path_argument.h"

#include <linux/fcntl.h>

#include "core/syscall/file_argument.h"

namespace sirius::syscall {

fs::VfsCaller vfs_caller(SyscallContext& context)
{
    proc::Thread& thread = context.current;
    return fs::VfsCaller { fs::WalkContext { *thread.credentials, thread.fs->root(), &thread }, context.kernel.file_time(), thread.fs->umask(), &context.kernel, &thread };
}

Result<void> read_path(SyscallContext& context, u64 address, fs::PathName& name, bool allow_empty)
{
    return name.copy_from_user(memory_of(context), UserAddress(address), allow_empty);
}

Result<fs::Path> directory_at(SyscallContext& context, u64 address)
{
    fs::PathName name;
    TRY(read_path(context, address, name));
    fs::Path start = TRY(start_path(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), name));
    fs::Path found = TRY(fs::lookup(vfs_caller(context), start, name, true));
    if (!found.inode().is_directory()) {
        return errno_error(ENOTDIR);
    }
    return found;
}

Result<fs::Path> start_path(SyscallContext& context, u64 dirfd, const fs::PathName& name)
{
    if (!name.is_empty() && name.data()[0] == '/') {
        return context.current.fs->root();
    }
    // The *at calls take the dirfd as an int.
    const int fd = static_cast<int>(dirfd);
    if (fd == AT_FDCWD) {
        return context.current.fs->cwd();
    }
    RefPtr<fs::File> file = fd >= 0 ? context.current.files->get(fd) : RefPtr<fs::File>();
    if (!file) {
        return errno_error(EBADF);
    }
    fs::VfsFile* vfs = fs::as_vfs_file(file.get());
    // path_init: "if (*s && unlikely(!d_can_lookup(dentry))) return
    // -ENOTDIR;" - a console or pipe is no directory either.
    if (vfs == nullptr || (!name.is_empty() && !vfs->inode().is_directory())) {
        return errno_error(ENOTDIR);
    }
    return vfs->path();
}

Result<RefPtr<fs::File>> fd_file(SyscallContext& context, u64 fd)
{
    return file_argument(context, fd);
}

} // namespace sirius::syscall
