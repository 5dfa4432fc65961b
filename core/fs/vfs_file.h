#pragma once

// A file opened by name (Linux struct file over a dentry): a regular file,
// a directory or a symlink (O_PATH). Regular files read and write their
// inode's bytes at the position and seek; a directory reads as EISDIR
// (generic_read_dir) and lists itself through getdents64 (core/fs/readdir.h).
// A character device node opened by name keeps its path (fstat, /proc's fd
// links) and passes read, write, ioctl and seek to the file its driver made
// (Linux chrdev_open replacing f_op with the driver's).
#include "core/fs/file.h"
#include "core/fs/mount.h"

namespace sirius::fs {

class VfsFile final : public File {
public:
    // Errors: ENOMEM.
    static Result<RefPtr<VfsFile>> create(Path path, u32 status_flags);
    // A device node's file: `device` is what the driver's open made.
    // Errors: ENOMEM.
    static Result<RefPtr<VfsFile>> create_for_device(Path path, u32 status_flags, RefPtr<File> device);

    [[nodiscard]] FileKind kind() const override { return FileKind::Vfs; }
    [[nodiscard]] const Path& path() const { return m_path; }
    [[nodiscard]] Inode& inode() const { return m_path.inode(); }

    Result<usize> read(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    Result<usize> write(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    Result<i64> seek_end(u32 whence, i64 offset) override;
    Result<i64> ioctl(IoContext& io, u32 command, u64 argument) override;
    // A device's readiness is its driver's; a file or directory's is the
    // default (always ready).
    u32 poll(PollTable* table) override;

    // The driver's file of a device node, or nullptr.
    [[nodiscard]] File* device() const { return m_device.get(); }

    VfsFile(Path path, u32 status_flags, FileOperations operations, RefPtr<File> device);

private:
    Path m_path;
    RefPtr<File> m_device;
};

// The VfsFile behind `file`, or nullptr for another kind of file.
[[nodiscard]] inline VfsFile* as_vfs_file(File* file)
{
    return file != nullptr && file->kind() == FileKind::Vfs ? static_cast<VfsFile*>(file) : nullptr;
}

} // namespace sirius::fs
