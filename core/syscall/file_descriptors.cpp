#include "core/syscall/file_descriptors.h"

#include <linux/close_range.h>
#include <linux/fcntl.h>
#include <linux/resource.h>

#include "core/syscall/file_argument.h"

namespace sirius::syscall {

namespace {

// The descriptor number of the calls that take an unsigned int: -1 is
// 0xffffffff, above any open descriptor and any limit.
u32 fd_number(u64 argument)
{
    return static_cast<u32>(argument);
}

// ksys_dup3: the checks, in Linux's order, then do_dup2.
Result<i64> dup3(SyscallContext& context, u32 old_fd, u32 new_fd, i32 flags)
{
    // "if ((flags & ~O_CLOEXEC) != 0) return -EINVAL;"
    if ((flags & ~O_CLOEXEC) != 0) {
        return errno_error(EINVAL);
    }
    // "if (unlikely(oldfd == newfd)) return -EINVAL;"
    if (old_fd == new_fd) {
        return errno_error(EINVAL);
    }
    // "if (newfd >= rlimit(RLIMIT_NOFILE)) return -EBADF;"
    if (new_fd >= open_files_limit(context)) {
        return errno_error(EBADF);
    }
    RefPtr<fs::File> file = TRY(file_argument(context, old_fd));
    // do_dup2 closes what `new_fd` held once the new file is in place:
    // the slot is never seen empty, and `previous` is dropped here.
    RefPtr<fs::File> previous = TRY(context.current.files->replace(static_cast<int>(new_fd), move(file), (flags & O_CLOEXEC) != 0));
    (void)previous;
    return static_cast<i64>(new_fd);
}

} // namespace

u64 open_files_limit(const SyscallContext& context)
{
    return context.current.process().limits().get(RLIMIT_NOFILE).soft;
}

Result<int> install_lowest(SyscallContext& context, RefPtr<fs::File> file, int minimum, bool close_on_exec)
{
    const int fd = TRY(context.current.files->reserve(minimum, open_files_limit(context)));
    context.current.files->install(fd, move(file), close_on_exec);
    return fd;
}

i64 sys_close(SyscallContext& context, const SyscallArguments& args)
{
    // close_fd: EBADF for a descriptor that is not open. The file itself
    // closes when its last reference goes (a dup, a fork's copy or a call
    // still using it keep it open). No Sirius file fails its flush, so
    // Linux's EINTR/EIO from filp_close do not arise.
    // A number above INT_MAX is negative as an int: no descriptor, EBADF.
    if (context.current.files->close(static_cast<int>(fd_number(args[0]))).is_error()) {
        return -EBADF;
    }
    return 0;
}

i64 sys_dup(SyscallContext& context, const SyscallArguments& args)
{
    // "struct file *file = fget_raw(fildes);" then get_unused_fd_flags(0):
    // EBADF, then EMFILE. The copy is not close-on-exec.
    auto duplicate = [&]() -> Result<i64> {
        RefPtr<fs::File> file = TRY(file_argument(context, args[0]));
        return static_cast<i64>(TRY(install_lowest(context, move(file), 0, false)));
    };
    return to_syscall_return(duplicate());
}

i64 sys_dup2(SyscallContext& context, const SyscallArguments& args)
{
    const u32 old_fd = fd_number(args[0]);
    const u32 new_fd = fd_number(args[1]);
    // dup2(2): "If oldfd is a valid file descriptor, and newfd has the same
    // value as oldfd, then dup2() does nothing, and returns newfd" - and
    // EBADF if it is not valid.
    if (old_fd == new_fd) {
        auto same = [&]() -> Result<i64> {
            TRY(file_argument(context, old_fd));
            return static_cast<i64>(new_fd);
        };
        return to_syscall_return(same());
    }
    return to_syscall_return(dup3(context, old_fd, new_fd, 0));
}

i64 sys_dup3(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(dup3(context, fd_number(args[0]), fd_number(args[1]), static_cast<i32>(args[2])));
}

i64 sys_close_range(SyscallContext& context, const SyscallArguments& args)
{
    const fs::FdRange range { fd_number(args[0]), fd_number(args[1]) };
    const u64 flags = static_cast<u32>(args[2]);
    // "if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) return
    // -EINVAL; if (fd > max_fd) return -EINVAL;"
    if ((flags & ~u64 { CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC }) != 0 || range.first > range.last) {
        return -EINVAL;
    }
    const bool cloexec = (flags & CLOSE_RANGE_CLOEXEC) != 0;
    // CLOSE_RANGE_UNSHARE on a shared table: the caller gets a private copy
    // first, without the range's descriptors when they are to be closed and
    // reach past the last open one (dup_fd's punch_hole), and the threads
    // sharing the old table keep theirs open.
    auto close_range = [&]() -> Result<i64> {
        if ((flags & CLOSE_RANGE_UNSHARE) != 0 && context.current.files->ref_count() > 1) {
            context.current.files = TRY(context.current.files->clone(cloexec ? nullptr : &range));
        }
        // Closing drops files, whose release never touches the table.
        fs::FdTable& files = *context.current.files;
        if (cloexec) {
            files.set_close_on_exec_range(range);
        } else {
            files.close_range(range);
        }
        return 0;
    };
    return to_syscall_return(close_range());
}

} // namespace sirius::syscall
