#pragma once

// The file execve runs (Linux do_open_execat and kernel_read of the image):
// found by name through the VFS from the caller's root and working
// directory, checked by check_may_execute, and its bytes copied into one
// kernel buffer for the ELF loader. (Linux maps the page cache instead;
// Sirius copies until files can be mapped.)
#include "core/fs/cpio_archive.h"
#include "core/fs/inode.h"
#include "core/proc/kernel.h"

namespace sirius::proc {

class ProgramFile {
public:
    ProgramFile() = default;
    ~ProgramFile();
    ProgramFile(const ProgramFile&) = delete;
    ProgramFile& operator=(const ProgramFile&) = delete;

    // The file `name` (`length` bytes, no NUL) names for `caller`, its last
    // symlink followed. Errors: the path walk's (ENOENT, ENOTDIR, ELOOP,
    // EACCES, ENAMETOOLONG), check_may_execute's EACCES, ENOMEM.
    Result<void> open(Kernel& kernel, const Thread& caller, const u8* name, usize length);

    [[nodiscard]] fs::CpioBytes bytes() const { return { m_bytes, m_size }; }

private:
    u8* m_bytes { nullptr };
    usize m_size { 0 };
};

} // namespace sirius::proc
