#pragma once

// The open file an fd argument names (Linux fdget), for the syscalls that
// operate on a file: read, write, readv, writev, ioctl.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

// These syscalls take the fd as an unsigned int (SYSCALL_DEFINE3(read,
// unsigned int, fd, ...)): the upper half of the register is ignored, and
// -1 is 0xffffffff, above any open descriptor. Errors: EBADF.
inline Result<RefPtr<fs::File>> file_argument(SyscallContext& context, u64 argument)
{
    constexpr u32 kIntMax = 0x7fffffff;
    const u32 fd = static_cast<u32>(argument);
    RefPtr<fs::File> file = fd <= kIntMax ? context.current.files->get(static_cast<int>(fd)) : RefPtr<fs::File>();
    if (file == nullptr) {
        return errno_error(EBADF);
    }
    return file;
}

} // namespace sirius::syscall
