#include "core/syscall/open.h"

#include <linux/fcntl.h>
#include <linux/resource.h>

#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

// VALID_OPEN_FLAGS of include/linux/fcntl.h: open(2) ignores the others
// (only openat2 refuses them).
constexpr u32 kValidOpenFlags = O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | __O_SYNC | O_PATH | __O_TMPFILE;

Result<i64> do_open(SyscallContext& context, u64 dirfd, u64 path, u64 flags_argument, u64 mode_argument)
{
    // open(2) takes flags as an int, and "force_o_largefile()" adds
    // O_LARGEFILE on 64-bit.
    u32 flags = (static_cast<u32>(flags_argument) & kValidOpenFlags) | O_LARGEFILE;
    // build_open_flags: the mode counts only when a file may be created;
    // "S_IALLUGO" bits of it.
    const u32 mode = (flags & (O_CREAT | __O_TMPFILE)) != 0 ? static_cast<u32>(mode_argument) & 07777 : 0;
    // "O_TMPFILE ... must be specified with O_RDWR or O_WRONLY", and with
    // O_DIRECTORY (the __O_TMPFILE bit alone is EINVAL).
    if ((flags & __O_TMPFILE) != 0) {
        if ((flags & O_TMPFILE) != O_TMPFILE || (flags & O_ACCMODE) == O_RDONLY) {
            return errno_error(EINVAL);
        }
    }
    // "__O_SYNC implies O_DSYNC".
    if ((flags & __O_SYNC) != 0) {
        flags |= O_DSYNC;
    }
    fs::PathName name;
    TRY(read_path(context, path, name));
    const u64 limit = context.current.process().limits().get(RLIMIT_NOFILE).soft;
    // do_sys_openat2: the descriptor first (EMFILE before any lookup).
    const int fd = TRY(context.current.files->reserve(0, limit));
    auto open_file = [&]() -> Result<RefPtr<fs::File>> {
        fs::Path start = TRY(start_path(context, dirfd, name));
        fs::VfsCaller caller = vfs_caller(context);
        return fs::open(caller, start, name, flags, mode);
    };
    auto file = open_file();
    if (file.is_error()) {
        context.current.files->unreserve(fd);
        return file.error();
    }
    context.current.files->install(fd, file.release_value(), (flags & O_CLOEXEC) != 0);
    return fd;
}

} // namespace

i64 sys_open(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(do_open(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), args[0], args[1], args[2]));
}

i64 sys_openat(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(do_open(context, args[0], args[1], args[2], args[3]));
}

i64 sys_creat(SyscallContext& context, const SyscallArguments& args)
{
    // creat(2): "equivalent to open() with flags equal to
    // O_CREAT|O_WRONLY|O_TRUNC".
    return to_syscall_return(do_open(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), args[0], O_CREAT | O_WRONLY | O_TRUNC, args[1]));
}

} // namespace sirius::syscall
