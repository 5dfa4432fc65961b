#pragma once

// The file execve runs (Linux do_open_execat and kernel_read of the image):
// found by name through the VFS from the caller's root and working
// directory, or given as a path already found (execveat), checked by
// check_may_execute, and its bytes copied into one kernel buffer for the
// loaders. (Linux maps the page cache instead; Sirius copies until files can
// be mapped.)
#include "core/fs/cpio_archive.h"
#include "core/fs/inode.h"
#include "core/fs/mount.h"
#include "core/proc/kernel.h"

namespace sirius::proc {

class ProgramFile {
public:
    ProgramFile() = default;
    ~ProgramFile();
    ProgramFile(const ProgramFile&) = delete;
    ProgramFile& operator=(const ProgramFile&) = delete;
    ProgramFile(ProgramFile&& other) noexcept;
    ProgramFile& operator=(ProgramFile&& other) noexcept;

    // The file `name` (`length` bytes, no NUL) names for `caller` from its
    // working directory, its last symlink followed (open_exec; "" is the
    // working directory itself, as getname_kernel allows it). Errors: the
    // path walk's (ENOENT, ENOTDIR, ELOOP, EACCES, ENAMETOOLONG),
    // check_may_execute's EACCES, ENOMEM.
    Result<void> open(Kernel& kernel, const Thread& caller, const u8* name, usize length);

    // The file at `found` (execveat's walk, done by the caller). Errors:
    // check_may_execute's EACCES, EIO, ENOMEM.
    Result<void> open_found(Kernel& kernel, const Thread& caller, const fs::Path& found);

    [[nodiscard]] fs::CpioBytes bytes() const { return { m_bytes, m_size }; }

    // Where the file was found (the executable /proc/<pid>/exe names).
    [[nodiscard]] const fs::Path& path() const { return m_path; }
    // The name of the file's dentry (its last path component), for
    // comm_from_dentry.
    [[nodiscard]] fs::Name dentry_name() const { return m_path.dentry ? m_path.dentry->name() : fs::Name {}; }

private:
    void release();

    fs::Path m_path;
    u8* m_bytes { nullptr };
    usize m_size { 0 };
};

} // namespace sirius::proc
