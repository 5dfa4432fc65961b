// <linux/stat.h> and <linux/magic.h> first: the S_IF* constants are left out
// once a glibc header has been seen (the host build's <stdint.h>).
#include <linux/magic.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/dentry.h"
#include "core/fs/ramfs.h"
#include "core/fs/text_buffer.h"
#include "core/hal/memory_statistics.h"

namespace sirius::fs {

namespace {

constexpr u64 kPageSize = PageData::kPageSize;

// shmem_default_max_blocks and shmem_default_max_inodes: half of RAM, in
// pages, for both.
u64 default_max_pages()
{
    return hal::memory_statistics().total_bytes / kPageSize / 2;
}

// What the tree holds: inodes and data pages (tmpfs's used_blocks and
// free_ispace, which Sirius counts when asked).
void count_usage(const Dentry& directory, u64& inodes, u64& pages)
{
    for (u64 offset = 2;;) {
        RefPtr<Dentry> child = directory.child_at_or_after(offset);
        if (!child) {
            return;
        }
        ++inodes;
        pages += child->inode_ref().blocks() / (kPageSize / 512);
        if (child->inode_ref().is_directory()) {
            count_usage(*child, inodes, pages);
        }
        offset = child->directory_offset() + 1;
    }
}

} // namespace

Result<RefPtr<RamfsSuperBlock>> RamfsSuperBlock::create(u64 device, u32 root_mode, Timestamp now)
{
    RamfsOptions options;
    options.mode = root_mode;
    return create(device, RamfsType::Rootfs, options, now);
}

Result<RefPtr<RamfsSuperBlock>> RamfsSuperBlock::create(u64 device, RamfsType type, const RamfsOptions& options, Timestamp now)
{
    auto super_block = TRY(try_make_ref<RamfsSuperBlock>(device, type, options));
    RefPtr<Inode> root_inode = TRY(super_block->create_inode(S_IFDIR | (options.mode & 07777), options.uid, options.gid, 0, now));
    // A directory's own "." link and its parent's entry (here: itself).
    root_inode->nlink = 2;
    auto root = TRY(Dentry::create(nullptr, Name {}, move(root_inode)));
    super_block->set_root(move(root));
    return super_block;
}

u64 RamfsSuperBlock::magic() const
{
    return m_type == RamfsType::Ramfs ? RAMFS_MAGIC : TMPFS_MAGIC;
}

const char* RamfsSuperBlock::type_name() const
{
    switch (m_type) {
    case RamfsType::Rootfs:
        return "rootfs";
    case RamfsType::Tmpfs:
        return "tmpfs";
    case RamfsType::Ramfs:
        return "ramfs";
    case RamfsType::Devtmpfs:
        return "devtmpfs";
    }
    return "tmpfs";
}

void RamfsSuperBlock::show_options(TextBuffer& text) const
{
    // ramfs_show_options: "if (fsi->mount_opts.mode != RAMFS_DEFAULT_MODE)
    // seq_printf(m, ",mode=%o", ...)".
    if (m_type == RamfsType::Ramfs) {
        if (m_options.mode != 0755) {
            text.append(",mode=").append_octal(m_options.mode);
        }
        return;
    }
    const u64 default_pages = default_max_pages();
    // shmem_show_options: size and nr_inodes when not the defaults (a
    // devtmpfs shows both: its limits are set at its creation),
    // "if (sbinfo->mode != (0777 | S_ISVTX)) seq_printf(seq, ",mode=%03ho"",
    // then uid and gid when not root.
    const u64 pages = m_options.size_bytes != 0 ? (m_options.size_bytes + kPageSize - 1) / kPageSize : default_pages;
    // rootfs and devtmpfs show their limits too (Linux sets them when it
    // makes them); rootfs keeps its root's mode to itself.
    const bool shows_limits = m_type == RamfsType::Devtmpfs || m_type == RamfsType::Rootfs;
    if (m_options.size_bytes != 0 || shows_limits) {
        text.append(",size=").append_unsigned(pages * (kPageSize / 1024)).append_char('k');
    }
    if (m_options.max_inodes != 0 || shows_limits) {
        text.append(",nr_inodes=").append_unsigned(m_options.max_inodes != 0 ? m_options.max_inodes : default_pages);
    }
    if ((m_options.mode & 07777) != 01777 && m_type != RamfsType::Rootfs) {
        text.append(",mode=").append_octal(m_options.mode & 07777, 3);
    }
    if (m_options.uid != 0) {
        text.append(",uid=").append_unsigned(m_options.uid);
    }
    if (m_options.gid != 0) {
        text.append(",gid=").append_unsigned(m_options.gid);
    }
}

FsStatistics RamfsSuperBlock::statistics() const
{
    FsStatistics statistics = SuperBlock::statistics();
    // ramfs has simple_statfs: no counts.
    if (m_type == RamfsType::Ramfs) {
        return statistics;
    }
    // shmem_statfs: "if (sbinfo->max_blocks) { buf->f_blocks =
    // sbinfo->max_blocks; buf->f_bavail = buf->f_bfree = sbinfo->max_blocks
    // - percpu_counter_sum(&sbinfo->used_blocks); }" and likewise for
    // inodes (f_files, f_ffree).
    u64 inodes = 1;
    u64 pages = 0;
    if (root()) {
        count_usage(*root(), inodes, pages);
    }
    const u64 max_pages = m_options.size_bytes != 0 ? (m_options.size_bytes + kPageSize - 1) / kPageSize : default_max_pages();
    const u64 max_inodes = m_options.max_inodes != 0 ? m_options.max_inodes : default_max_pages();
    statistics.blocks = max_pages;
    statistics.blocks_free = statistics.blocks_available = max_pages > pages ? max_pages - pages : 0;
    statistics.files = max_inodes;
    statistics.files_free = max_inodes > inodes ? max_inodes - inodes : 0;
    return statistics;
}

Result<RefPtr<Inode>> RamfsSuperBlock::create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now)
{
    auto inode = TRY(try_make_ref<RamfsInode>(*this, allocate_ino()));
    inode->mode = mode;
    inode->uid = uid;
    inode->gid = gid;
    inode->rdev = rdev;
    // shmem_get_inode: "case S_IFDIR: ... inode->i_size = 2 *
    // BOGO_DIRENT_SIZE;" (a ramfs directory starts at 0).
    if (S_ISDIR(mode)) {
        inode->size = 2 * directory_entry_size();
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
