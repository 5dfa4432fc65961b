#include "core/syscall/pipe.h"

#include <linux/fcntl.h>

#include "core/base/scope_guard.h"
#include "core/base/user_ptr.h"
#include "core/fs/pipe.h"
#include "core/syscall/file_descriptors.h"

namespace sirius::syscall {

namespace {

// O_NOTIFICATION_PIPE of <linux/watch_queue.h> (O_EXCL), which the UAPI
// headers define only with the watch queue API.
constexpr u32 kNotificationPipe = O_EXCL;

struct PipeEnds {
    RefPtr<fs::File> read;
    RefPtr<fs::File> write;
};

// create_pipe_files: the read end O_RDONLY with O_NONBLOCK, the write end
// O_WRONLY with O_NONBLOCK and O_DIRECT (packet mode). A notification pipe
// needs watch queues, which Sirius has not: ENOPKG, as from a Linux built
// without CONFIG_WATCH_QUEUE. Errors: ENFILE (Linux's answer when the pipe
// cannot be allocated), ENOPKG.
Result<PipeEnds> create_pipe_files(SyscallContext& context, u32 flags)
{
    const proc::Credentials& credentials = *context.current.credentials;
    auto pipe = fs::Pipe::create(context.kernel.scheduler(), credentials.uid.filesystem, credentials.gid.filesystem);
    if (pipe.is_error()) {
        return errno_error(ENFILE);
    }
    if ((flags & kNotificationPipe) != 0) {
        return errno_error(ENOPKG);
    }
    auto read = try_make_ref<fs::PipeFile>(pipe.value(), O_RDONLY | (flags & O_NONBLOCK));
    if (read.is_error()) {
        return errno_error(ENFILE);
    }
    auto write = try_make_ref<fs::PipeFile>(pipe.value(), O_WRONLY | (flags & (O_NONBLOCK | O_DIRECT)));
    if (write.is_error()) {
        return errno_error(ENFILE);
    }
    return PipeEnds { read.release_value(), write.release_value() };
}

Result<i64> pipe2(SyscallContext& context, UserAddress descriptors, u32 flags)
{
    // __do_pipe_flags: "if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT |
    // O_NOTIFICATION_PIPE)) return -EINVAL;"
    if ((flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT | kNotificationPipe)) != 0) {
        return errno_error(EINVAL);
    }
    PipeEnds ends = TRY(create_pipe_files(context, flags));
    fs::FdTable& files = *context.current.files;
    const u64 limit = open_files_limit(context);
    const int read_fd = TRY(files.reserve(0, limit));
    ScopeGuard give_back_read([&] { files.unreserve(read_fd); });
    const int write_fd = TRY(files.reserve(0, limit));
    ScopeGuard give_back_write([&] { files.unreserve(write_fd); });
    // do_pipe2: the numbers are copied out before the files are installed;
    // on EFAULT both descriptors are given back and the pipe goes.
    const i32 numbers[2] = { read_fd, write_fd };
    TRY(memory_of(context).copy_to_user(descriptors, numbers, sizeof(numbers)));
    give_back_read.disarm();
    give_back_write.disarm();
    const bool close_on_exec = (flags & O_CLOEXEC) != 0;
    files.install(read_fd, move(ends.read), close_on_exec);
    files.install(write_fd, move(ends.write), close_on_exec);
    return 0;
}

} // namespace

i64 sys_pipe(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(pipe2(context, UserAddress(args[0]), 0));
}

i64 sys_pipe2(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(pipe2(context, UserAddress(args[0]), static_cast<u32>(args[1])));
}

} // namespace sirius::syscall
