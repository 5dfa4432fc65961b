#include "core/proc/program_file.h"

#include "core/fs/fs_context.h"
#include "core/fs/vfs.h"
#include "core/hal/allocator.h"
#include "core/proc/exec.h"

namespace sirius::proc {

ProgramFile::~ProgramFile()
{
    if (m_bytes != nullptr) {
        hal::deallocate(m_bytes, m_size);
    }
}

Result<void> ProgramFile::open(Kernel& kernel, const Thread& caller, const u8* name, usize length)
{
    fs::PathName path;
    TRY(path.copy_from_kernel(name, length));
    const fs::FsContext& context = *caller.fs;
    fs::VfsCaller vfs { fs::WalkContext { *caller.credentials, kernel.mounts(), context.root() }, kernel.file_time(), context.umask() };
    fs::Path found = TRY(fs::lookup(vfs, context.cwd(), path, true));
    fs::Inode& inode = found.inode();
    TRY(check_may_execute(kernel, inode, *caller.credentials));
    const usize size = static_cast<usize>(inode.size);
    if (size == 0) {
        return {};
    }
    m_bytes = static_cast<u8*>(hal::allocate(size));
    if (m_bytes == nullptr) {
        return errno_error(ENOMEM);
    }
    m_size = size;
    const usize read = TRY(inode.read(0, fs::IoBuffer::kernel(m_bytes), size));
    m_size = read;
    if (read != size) {
        // The buffer was allocated for `size` bytes: free it as such.
        hal::deallocate(m_bytes, size);
        m_bytes = nullptr;
        m_size = 0;
        return errno_error(EIO);
    }
    return {};
}

} // namespace sirius::proc
