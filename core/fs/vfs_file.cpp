// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/vfs_file.h"
#include "core/proc/kernel.h"
#include "core/proc/thread.h"

namespace sirius::fs {

namespace {

// MAX_LFS_FILESIZE on 64-bit: the largest position a file may reach.
constexpr i64 kMaxFileSize = 0x7fffffffffffffff;

} // namespace

VfsFile::VfsFile(Path path, u32 status_flags, FileOperations operations, RefPtr<File> device)
    : File(status_flags, operations)
    , m_path(move(path))
    , m_device(move(device))
{
}

Result<RefPtr<VfsFile>> VfsFile::create_for_device(Path path, u32 status_flags, RefPtr<File> device)
{
    const FileOperations operations { .read = device->has_read(), .write = device->has_write(), .seek = device->is_seekable() };
    return try_make_ref<VfsFile>(move(path), status_flags, operations, move(device));
}

Result<RefPtr<VfsFile>> VfsFile::create(Path path, u32 status_flags)
{
    const Inode& inode = path.inode();
    FileOperations operations;
    if (inode.is_regular()) {
        operations = { .read = true, .write = true, .seek = true, .pwrite = inode.allows_pwrite() };
    } else if (inode.is_directory()) {
        // generic_read_dir answers EISDIR; a directory seeks (dcache_dir_lseek).
        operations = { .read = true, .write = false, .seek = true };
    }
    return try_make_ref<VfsFile>(move(path), status_flags, operations, nullptr);
}

Result<usize> VfsFile::read(IoContext& io, UserAddress buffer, usize count, i64& position)
{
    if (m_device) {
        // The driver sees the flags fcntl(2) set on this description.
        m_device->set_status_flags(status_flags());
        return m_device->read(io, buffer, count, position);
    }
    Inode& file = inode();
    if (file.is_directory()) {
        return errno_error(EISDIR);
    }
    const usize done = TRY(file.read_as(io, static_cast<u64>(position), IoBuffer::user(io.memory, buffer), count));
    position += static_cast<i64>(done);
    return done;
}

Result<usize> VfsFile::write(IoContext& io, UserAddress buffer, usize count, i64& position)
{
    if (m_device) {
        m_device->set_status_flags(status_flags());
        return m_device->write(io, buffer, count, position);
    }
    Inode& file = inode();
    // open(2) O_APPEND: "the file offset is positioned at the end of the
    // file, as if with lseek(2)" before each write.
    if ((status_flags() & O_APPEND) != 0) {
        position = static_cast<i64>(file.size);
    }
    if (count == 0 && !file.sees_empty_writes()) {
        return usize { 0 };
    }
    if (static_cast<u64>(position) > static_cast<u64>(kMaxFileSize) - count) {
        return errno_error(EFBIG);
    }
    const usize done = TRY(file.write_as(io, static_cast<u64>(position), IoBuffer::user(io.memory, buffer), count));
    position += static_cast<i64>(done);
    // file_update_time: a write changes mtime and ctime. (file_remove_privs,
    // dropping setuid/setgid on a write by an unprivileged caller, is not
    // there yet.)
    const Timestamp now = io.kernel.file_time();
    file.mtime = file.ctime = now;
    return done;
}

u32 VfsFile::poll(PollTable* table)
{
    if (m_device) {
        return m_device->poll(table);
    }
    return File::poll(table);
}

Result<i64> VfsFile::ioctl(IoContext& io, u32 command, u64 argument)
{
    if (m_device) {
        m_device->set_status_flags(status_flags());
        return m_device->ioctl(io, command, argument);
    }
    // vfs_ioctl: the inode's file operations (nsfs's ns_ioctl), or "if
    // (!filp->f_op->unlocked_ioctl) goto out" with -ENOTTY.
    return inode().ioctl(io, command, argument);
}

Result<i64> VfsFile::seek_end(u32 whence, i64 offset)
{
    if (m_device) {
        return m_device->seek_end(whence, offset);
    }
    const Inode& file = inode();
    const i64 size = static_cast<i64>(file.size);
    // dcache_dir_lseek takes SEEK_SET and SEEK_CUR only.
    if (file.is_directory()) {
        return errno_error(EINVAL);
    }
    switch (whence) {
    case SEEK_END:
        return size + offset;
    case SEEK_DATA:
    case SEEK_HOLE:
        // lseek(2): "ENXIO ... offset is beyond the end of the file".
        if (offset < 0 || offset >= size) {
            return errno_error(ENXIO);
        }
        if (!file.is_regular()) {
            return whence == SEEK_DATA ? offset : size;
        }
        {
            const u64 found = file.next_data_or_hole(static_cast<u64>(offset), whence == SEEK_HOLE);
            if (whence == SEEK_DATA && found >= file.size) {
                return errno_error(ENXIO);
            }
            return static_cast<i64>(found);
        }
    default:
        return errno_error(EINVAL);
    }
}

} // namespace sirius::fs
