#pragma once

// A file opened by name (Linux struct file over a dentry): a regular file,
// a directory or a symlink (O_PATH). Regular files read and write their
// inode's bytes at the position and seek; a directory reads as EISDIR
// (generic_read_dir) and lists itself through getdents64 (core/fs/readdir.h).
#include "core/fs/file.h"
#include "core/fs/mount.h"

namespace sirius::fs {

class VfsFile final : public File {
public:
    // Errors: ENOMEM.
    static Result<RefPtr<VfsFile>> create(Path path, u32 status_flags);

    [[nodiscard]] FileKind kind() const override { return FileKind::Vfs; }
    [[nodiscard]] const Path& path() const { return m_path; }
    [[nodiscard]] Inode& inode() const { return m_path.inode(); }

    Result<usize> read(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    Result<usize> write(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    Result<i64> seek_end(u32 whence, i64 offset) override;

    VfsFile(Path path, u32 status_flags, FileOperations operations);

private:
    Path m_path;
};

// The VfsFile behind `file`, or nullptr for another kind of file.
[[nodiscard]] inline VfsFile* as_vfs_file(File* file)
{
    return file != nullptr && file->kind() == FileKind::Vfs ? static_cast<VfsFile*>(file) : nullptr;
}

} // namespace sirius::fs
