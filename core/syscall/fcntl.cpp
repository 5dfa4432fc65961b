#include "core/syscall/fcntl.h"

#include <linux/capability.h>
#include <linux/fcntl.h>

#include "core/fs/pipe.h"
#include "core/proc/credentials.h"
#include "core/syscall/file_argument.h"
#include "core/syscall/file_descriptors.h"

namespace sirius::syscall {

namespace {

// The flags F_SETFL may change (SETFL_MASK; O_NDELAY is O_NONBLOCK on
// x86_64). FASYNC is set through a file's ->fasync, which no Sirius file
// has, so F_SETFL leaves it clear, as Linux does for such files.
constexpr u32 kSettableFlags = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME;

// check_fcntl_cmd: the commands an O_PATH descriptor allows.
bool allowed_on_path(u32 command)
{
    return command == F_DUPFD || command == F_DUPFD_CLOEXEC || command == F_GETFD || command == F_SETFD || command == F_GETFL;
}

// f_dupfd: "if (from >= nofile) return -EINVAL;", then the lowest free
// descriptor from `from` (EMFILE).
Result<i64> duplicate_from(SyscallContext& context, RefPtr<fs::File> file, i32 from, bool close_on_exec)
{
    // `from` is an int made unsigned: a negative one is above any limit.
    if (static_cast<u32>(from) >= open_files_limit(context)) {
        return errno_error(EINVAL);
    }
    return static_cast<i64>(TRY(install_lowest(context, move(file), from, close_on_exec)));
}

// inode_owner_or_capable: the caller's fsuid owns the file, or it holds
// CAP_FOWNER in its user namespace and the owner is mapped there.
bool owns_or_capable(const proc::Credentials& credentials, u32 owner)
{
    if (credentials.uid.filesystem == owner) {
        return true;
    }
    return credentials.user_ns->uid_has_mapping(owner) && proc::has_capability_in(credentials, *credentials.user_ns, CAP_FOWNER);
}

// setfl, in its order: O_APPEND on an append-only inode (none in Sirius),
// O_NOATIME by a non-owner (EPERM), O_DIRECT where the file cannot do it
// (EINVAL: only a pipe, whose O_DIRECT is packet mode).
Result<i64> set_status_flags(SyscallContext& context, fs::File& file, u32 flags)
{
    if ((flags & O_NOATIME) != 0 && (file.status_flags() & O_NOATIME) == 0) {
        if (!owns_or_capable(*context.current.credentials, file.owner_uid())) {
            return errno_error(EPERM);
        }
    }
    if ((flags & O_DIRECT) != 0 && file.kind() != fs::FileKind::Pipe) {
        return errno_error(EINVAL);
    }
    file.set_status_flags((flags & kSettableFlags) | (file.status_flags() & ~kSettableFlags));
    return 0;
}

// pipe_fcntl: "pipe = get_pipe_info(file, true); if (!pipe) return -EBADF;"
Result<i64> pipe_size(SyscallContext& context, fs::File& file, u32 command, u32 size)
{
    if (file.kind() != fs::FileKind::Pipe) {
        return errno_error(EBADF);
    }
    fs::Pipe& pipe = static_cast<fs::PipeFile&>(file).pipe();
    if (command == F_GETPIPE_SZ) {
        return static_cast<i64>(pipe.capacity());
    }
    const bool privileged = proc::has_capability_in(*context.current.credentials, *context.kernel.initial_user_namespace(), CAP_SYS_RESOURCE);
    return static_cast<i64>(TRY(pipe.set_capacity(size, privileged)));
}

Result<i64> fcntl(SyscallContext& context, const SyscallArguments& args)
{
    const RefPtr<fs::File> file = TRY(file_argument(context, args[0]));
    const auto fd = static_cast<int>(static_cast<u32>(args[0]));
    const auto command = static_cast<u32>(args[1]);
    // do_fcntl: "int argi = (int)arg;" - the commands that take a number
    // look at the low 32 bits only.
    const auto argi = static_cast<i32>(args[2]);
    if ((file->status_flags() & O_PATH) != 0 && !allowed_on_path(command)) {
        return errno_error(EBADF);
    }
    switch (command) {
    case F_DUPFD:
        return duplicate_from(context, file, argi, false);
    case F_DUPFD_CLOEXEC:
        return duplicate_from(context, file, argi, true);
    case F_GETFD:
        return context.current.files->close_on_exec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
        context.current.files->set_close_on_exec(fd, (argi & FD_CLOEXEC) != 0);
        return 0;
    case F_GETFL:
        return static_cast<i64>(file->status_flags());
    case F_SETFL:
        return set_status_flags(context, *file, static_cast<u32>(argi));
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ:
        return pipe_size(context, *file, command, static_cast<u32>(argi));
    default:
        return errno_error(EINVAL);
    }
}

} // namespace

i64 sys_fcntl(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fcntl(context, args));
}

} // namespace sirius::syscall
