#pragma once

// An open file description (Linux struct file): what an fd refers to. Shared by
// dup, fork and SCM_RIGHTS; the files issue gives it the VFS operations.
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"

namespace sirius::fs {

// What a file is, so code can recognise one without RTTI.
enum class FileKind : u8 {
    Pidfd,     // a process file descriptor (pidfd_open, CLONE_PIDFD)
    CgroupDir, // a directory of the cgroup2 hierarchy (CLONE_INTO_CGROUP)
    Other,
};

class File : public RefCounted<File> {
public:
    virtual ~File() = default;
    [[nodiscard]] virtual FileKind kind() const = 0;
    // open(2) flags the description was opened with (O_RDWR, O_NONBLOCK...).
    [[nodiscard]] u32 status_flags() const { return m_status_flags; }

protected:
    explicit File(u32 status_flags)
        : m_status_flags(status_flags)
    {
    }

private:
    u32 m_status_flags;
};

} // namespace sirius::fs
