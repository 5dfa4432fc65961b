#include "core/proc/program_file.h"

#include "core/fs/dentry.h"
#include "core/fs/fs_context.h"
#include "core/fs/vfs.h"
#include "core/hal/allocator.h"
#include "core/proc/exec.h"

namespace sirius::proc {

ProgramFile::~ProgramFile() { release(); }

ProgramFile::ProgramFile(ProgramFile&& other) noexcept
    : m_path(move(other.m_path))
    , m_bytes(exchange(other.m_bytes, nullptr))
    , m_size(exchange(other.m_size, 0))
{
}

ProgramFile& ProgramFile::operator=(ProgramFile&& other) noexcept
{
    if (this != &other) {
        release();
        m_path = move(other.m_path);
        m_bytes = exchange(other.m_bytes, nullptr);
        m_size = exchange(other.m_size, 0);
    }
    return *this;
}

void ProgramFile::release()
{
    if (m_bytes != nullptr) {
        hal::deallocate(m_bytes, m_size);
        m_bytes = nullptr;
        m_size = 0;
    }
}

Result<void> ProgramFile::open(Kernel& kernel, const Thread& caller, const u8* name, usize length)
{
    // getname_kernel takes "" too: it names the working directory, which is
    // then EACCES (not a regular file) - an interpreter line of "#!" alone.
    fs::PathName path;
    TRY(path.copy_from_kernel(name, length, true));
    const fs::FsContext& context = *caller.fs;
    fs::VfsCaller vfs { fs::WalkContext { *caller.credentials, context.root() }, kernel.file_time(), context.umask() };
    fs::Path found = TRY(fs::lookup(vfs, context.cwd(), path, true));
    return open_found(kernel, caller, found);
}

Result<void> ProgramFile::open_found(Kernel& kernel, const Thread& caller, const fs::Path& found)
{
    release();
    m_path = {};
    fs::Inode& inode = found.inode();
    TRY(check_may_execute(kernel, inode, *caller.credentials));
    m_path = found;
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
    if (read != size) {
        release();
        return errno_error(EIO);
    }
    return {};
}

} // namespace sirius::proc
