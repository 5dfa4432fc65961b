#pragma once

// ramfs/tmpfs (Linux fs/ramfs, mm/shmem.c without swap): every file lives
// in memory. Directories are their dentries; regular files keep their bytes
// in PageData; symlinks their target; device nodes, FIFOs and sockets only
// their metadata. Sirius's tmpfs is this file system with TMPFS_MAGIC; size
// limits (the size= option, ENOSPC) are not there yet.
#include "core/fs/page_data.h"
#include "core/fs/super_block.h"

namespace sirius::fs {

class RamfsSuperBlock final : public SuperBlock {
public:
    // A fresh instance with an empty root directory of `root_mode`.
    // Errors: ENOMEM.
    static Result<RefPtr<RamfsSuperBlock>> create(u64 device, u32 root_mode, Timestamp now);

    // mm/shmem.c: "#define BOGO_DIRENT_SIZE 20", what `ls -l` shows of a
    // tmpfs directory: 40 when empty, 20 more per entry.
    static constexpr u64 kBogoDirentSize = 20;

    [[nodiscard]] u64 magic() const override;
    [[nodiscard]] u64 directory_entry_size() const override { return kBogoDirentSize; }
    Result<RefPtr<Inode>> create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now) override;

    explicit RamfsSuperBlock(u64 device)
        : SuperBlock(device)
    {
    }
};

class RamfsInode final : public Inode {
public:
    RamfsInode(SuperBlock& super_block, u64 ino)
        : Inode(super_block, ino)
    {
    }

    [[nodiscard]] u64 blocks() const override;
    Result<usize> read(u64 offset, IoBuffer buffer, usize count) override;
    Result<usize> write(u64 offset, IoBuffer buffer, usize count) override;
    Result<void> truncate(u64 length) override;
    [[nodiscard]] u64 next_data_or_hole(u64 offset, bool hole) const override;
    Result<ByteView> link_target() const override;

    // Sets a new symlink's target. Errors: ENOMEM.
    Result<void> set_link_target(const u8* target, usize length);

private:
    PageData m_data;
    Vector<u8> m_target;
};

} // namespace sirius::fs
