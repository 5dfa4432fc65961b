#include "core/syscall/ioctl.h"

#include <asm/ioctls.h>
#include <linux/fcntl.h>

#include "core/base/user_ptr.h"
#include "core/syscall/file_argument.h"

namespace sirius::syscall {

namespace {

// ioctl_fionbio: the int at `argument` turns O_NONBLOCK on or off.
Result<i64> set_nonblocking(SyscallContext& context, fs::File& file, u64 argument)
{
    const i32 on = TRY(UserPtr<i32>(argument).read(memory_of(context)));
    const u32 flags = file.status_flags();
    file.set_status_flags(on != 0 ? flags | O_NONBLOCK : flags & ~u32 { O_NONBLOCK });
    return 0;
}

// ioctl_fioasync: the int at `argument` turns FASYNC on or off through the
// file's fasync operation, and "if (filp->f_op->fasync) ... else error =
// -ENOTTY" when the state would change. No Sirius file has fasync yet: the
// flag is never set, so turning it off is 0 and turning it on ENOTTY.
Result<i64> set_async(SyscallContext& context, const fs::File& file, u64 argument)
{
    const i32 on = TRY(UserPtr<i32>(argument).read(memory_of(context)));
    const bool is_async = (file.status_flags() & FASYNC) != 0;
    if ((on != 0) != is_async) {
        return errno_error(ENOTTY);
    }
    return 0;
}

Result<i64> ioctl(SyscallContext& context, const SyscallArguments& args)
{
    const RefPtr<fs::File> file = TRY(file_argument(context, args[0]));
    // fdget refuses an O_PATH description ("FMODE_PATH").
    if ((file->status_flags() & O_PATH) != 0) {
        return errno_error(EBADF);
    }
    const int fd = static_cast<int>(static_cast<u32>(args[0]));
    // SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned
    // long, arg): the command is the low half of its register.
    const u32 command = static_cast<u32>(args[1]);
    const u64 argument = args[2];
    // do_vfs_ioctl: the commands every file has. The filesystem ones
    // (FIFREEZE, FITHAW, FIGETBSZ, FIOQSIZE, FICLONE, FIDEDUPERANGE,
    // FS_IOC_*) come with the VFS; until then they reach the file.
    switch (command) {
    case FIOCLEX:
        context.current.files->set_close_on_exec(fd, true);
        return 0;
    case FIONCLEX:
        context.current.files->set_close_on_exec(fd, false);
        return 0;
    case FIONBIO:
        return set_nonblocking(context, *file, argument);
    case FIOASYNC:
        return set_async(context, *file, argument);
    default: {
        // vfs_ioctl: the file's unlocked_ioctl, ENOTTY without one.
        fs::IoContext io = io_of(context);
        return file->ioctl(io, command, argument);
    }
    }
}

} // namespace

i64 sys_ioctl(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(ioctl(context, args));
}

} // namespace sirius::syscall
