#include "core/syscall/setns.h"

#include <linux/fcntl.h>

#include "core/fs/nsfs.h"
#include "core/proc/pidfd_file.h"
#include "core/proc/setns.h"

namespace sirius::syscall {

namespace {

// SYSCALL_DEFINE2(setns, int, fd, int, flags).
Result<i64> setns(SyscallContext& context, const SyscallArguments& args)
{
    const int fd = static_cast<int>(args[0]);
    const int flags = static_cast<int>(args[1]);
    // "CLASS(fd, f)(fd); if (fd_empty(f)) return -EBADF;" - fdget, which
    // does not take an O_PATH description.
    RefPtr<fs::File> file = fd >= 0 ? context.current.files->get(fd) : RefPtr<fs::File>();
    if (file == nullptr || (file->status_flags() & O_PATH) != 0) {
        return errno_error(EBADF);
    }
    if (const ns::NamespaceHandle* handle = fs::namespace_of(*file)) {
        TRY(proc::setns_to_namespace(context.kernel, context.current, *handle, static_cast<u32>(flags)));
        return 0;
    }
    if (file->kind() == fs::FileKind::Pidfd) {
        // check_setns_flags takes the int as an unsigned long: a negative
        // one has bits no flag has.
        const auto mask = static_cast<u64>(static_cast<i64>(flags));
        TRY(proc::setns_to_process(context.kernel, context.current, *static_cast<proc::PidfdFile&>(*file).pid(), mask));
        return 0;
    }
    // "Neither a namespace file nor a pidfd".
    return errno_error(EINVAL);
}

} // namespace

i64 sys_setns(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(setns(context, args));
}

} // namespace sirius::syscall
