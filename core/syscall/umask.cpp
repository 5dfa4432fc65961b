#include "core/syscall/umask.h"

#include "core/fs/fs_context.h"

namespace sirius::syscall {

i64 sys_umask(SyscallContext& context, const SyscallArguments& args)
{
    // "mask = xchg(&current->fs->umask, mask & S_IRWXUGO);": always
    // succeeds and returns the previous mask; only the permission bits of
    // the new one are kept (FsContext::set_umask masks them).
    fs::FsContext& fs = *context.current.fs;
    const u32 previous = fs.umask();
    fs.set_umask(static_cast<u32>(args[0]));
    return previous;
}

} // namespace sirius::syscall
