// <linux/stat.h> and <linux/magic.h> first: the S_IF* constants are left out
// once a glibc header has been seen (the host build's <stdint.h>).
#include <linux/magic.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/dentry.h"
#include "core/fs/ramfs.h"

namespace sirius::fs {

Result<RefPtr<RamfsSuperBlock>> RamfsSuperBlock::create(u64 device, u32 root_mode, Timestamp now)
{
    auto super_block = TRY(try_make_ref<RamfsSuperBlock>(device));
    RefPtr<Inode> root_inode = TRY(super_block->create_inode(S_IFDIR | (root_mode & 07777), 0, 0, 0, now));
    // A directory's own "." link and its parent's entry (here: itself).
    root_inode->nlink = 2;
    auto root = TRY(Dentry::create(nullptr, Name {}, move(root_inode)));
    super_block->set_root(move(root));
    return super_block;
}

u64 RamfsSuperBlock::magic() const
{
    return TMPFS_MAGIC;
}

Result<RefPtr<Inode>> RamfsSuperBlock::create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now)
{
    auto inode = TRY(try_make_ref<RamfsInode>(*this, allocate_ino()));
    inode->mode = mode;
    inode->uid = uid;
    inode->gid = gid;
    inode->rdev = rdev;
    // shmem_get_inode: "case S_IFDIR: ... inode->i_size = 2 * BOGO_DIRENT_SIZE;"
    if (S_ISDIR(mode)) {
        inode->size = 2 * kBogoDirentSize;
    }
    inode->atime = inode->mtime = inode->ctime = inode->btime = now;
    return RefPtr<Inode>(move(inode));
}

u64 RamfsInode::blocks() const
{
    if (is_symlink()) {
        return 0;
    }
    return u64 { m_data.allocated_pages() } * (PageData::kPageSize / 512);
}

Result<usize> RamfsInode::read(u64 offset, IoBuffer buffer, usize count)
{
    if (!is_regular()) {
        return errno_error(EINVAL);
    }
    return m_data.read(size, offset, buffer, count);
}

Result<usize> RamfsInode::write(u64 offset, IoBuffer buffer, usize count)
{
    if (!is_regular()) {
        return errno_error(EINVAL);
    }
    const usize done = TRY(m_data.write(offset, buffer, count));
    if (offset + done > size) {
        size = offset + done;
    }
    return done;
}

Result<void> RamfsInode::truncate(u64 length)
{
    if (!is_regular()) {
        return errno_error(EINVAL);
    }
    TRY(m_data.truncate(size, length));
    size = length;
    return {};
}

u64 RamfsInode::next_data_or_hole(u64 offset, bool hole) const
{
    return m_data.next_data_or_hole(size, offset, hole);
}

Result<ByteView> RamfsInode::link_target() const
{
    if (!is_symlink()) {
        return errno_error(EINVAL);
    }
    return ByteView { m_target.begin(), m_target.size() };
}

Result<void> RamfsInode::set_link_target(const u8* target, usize length)
{
    TRY(m_target.try_reserve(length));
    for (usize i = 0; i < length; ++i) {
        TRY(m_target.try_append(target[i]));
    }
    size = length;
    return {};
}

} // namespace sirius::fs
