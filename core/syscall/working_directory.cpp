#include "core/syscall/working_directory.h"

#include <linux/capability.h>
#include <linux/fcntl.h>

#include "core/fs/d_path.h"
#include "core/fs/fs_context.h"
#include "core/fs/permission.h"
#include "core/hal/allocator.h"
#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

// A directory the caller may enter: ENOTDIR, then search permission
// (EACCES), as set_fs_pwd's callers check.
Result<fs::Path> enterable_directory_at(SyscallContext& context, u64 address)
{
    fs::Path found = TRY(directory_at(context, address));
    TRY(fs::check_permission(*context.current.credentials, found.inode(), fs::kMayExec));
    return found;
}

Result<i64> chdir(SyscallContext& context, u64 address)
{
    fs::Path directory = TRY(enterable_directory_at(context, address));
    context.current.fs->set_cwd(move(directory));
    return 0;
}

Result<i64> fchdir(SyscallContext& context, u64 fd)
{
    RefPtr<fs::File> file = TRY(fd_file(context, fd));
    fs::VfsFile* vfs = fs::as_vfs_file(file.get());
    if (vfs == nullptr || !vfs->inode().is_directory()) {
        return errno_error(ENOTDIR);
    }
    TRY(fs::check_permission(*context.current.credentials, vfs->inode(), fs::kMayExec));
    context.current.fs->set_cwd(vfs->path());
    return 0;
}

Result<i64> getcwd(SyscallContext& context, u64 buffer, u64 size)
{
    const fs::FsContext& fs_context = *context.current.fs;
    // getcwd(2): "ENOENT The current working directory has been unlinked."
    if (fs_context.cwd().dentry->is_unlinked()) {
        return errno_error(ENOENT);
    }
    fs::PathText text;
    TRY(fs::path_text(fs_context.cwd(), fs_context.root(), text, true));
    // "ERANGE The size argument is less than the length of the absolute
    // pathname of the working directory, including the terminating null".
    const usize length = text.length() + 1;
    if (length > size) {
        return errno_error(ERANGE);
    }
    TRY(memory_of(context).copy_to_user(UserAddress(buffer), text.data(), length));
    return static_cast<i64>(length);
}

Result<i64> chroot(SyscallContext& context, u64 address)
{
    fs::Path directory = TRY(enterable_directory_at(context, address));
    // chroot(2): "EPERM The caller has insufficient privilege" -
    // CAP_SYS_CHROOT in its user namespace, checked after the lookup.
    const proc::Credentials& credentials = *context.current.credentials;
    if (!proc::has_capability_in(credentials, *credentials.user_ns, CAP_SYS_CHROOT)) {
        return errno_error(EPERM);
    }
    fs::FsContext& fs_context = *context.current.fs;
    // current_chrooted: the root is not the mount namespace's root (with
    // what is mounted on top of it).
    fs_context.set_chrooted(!(directory == context.current.namespaces->namespaces().mount->root_path()));
    fs_context.set_root(move(directory));
    return 0;
}

} // namespace

i64 sys_chdir(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(chdir(context, args[0]));
}

i64 sys_fchdir(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fchdir(context, args[0]));
}

i64 sys_getcwd(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getcwd(context, args[0], args[1]));
}

i64 sys_chroot(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(chroot(context, args[0]));
}

} // namespace sirius::syscall
