#pragma once

// ramfs/tmpfs (Linux fs/ramfs, mm/shmem.c without swap): every file lives
// in memory. Directories are their dentries; regular files keep their bytes
// in PageData; symlinks their target; device nodes, FIFOs and sockets only
// their metadata. Sirius's tmpfs, devtmpfs and rootfs are this file system
// under other names (TMPFS_MAGIC); ramfs has RAMFS_MAGIC. The size= option is
// accepted and reported, not enforced (no ENOSPC yet).
#include "core/fs/page_data.h"
#include "core/fs/super_block.h"

namespace sirius::fs {

// The names this file system goes by.
enum class RamfsType : u8 {
    Rootfs, // the initial root (init_rootfs: tmpfs named "rootfs")
    Tmpfs,
    Ramfs,
    Devtmpfs,
};

// Mount options (shmem_parse_one, ramfs_parse_param): the root directory's
// mode and owner, and tmpfs's size and inode limits (0: the default, half
// of RAM as shmem_default_max_blocks has it).
struct RamfsOptions {
    u32 mode { 01777 };
    u32 uid { 0 };
    u32 gid { 0 };
    u64 size_bytes { 0 };
    u64 max_inodes { 0 };
};

class RamfsSuperBlock final : public SuperBlock {
public:
    // A fresh instance with an empty root directory of `root_mode`.
    // Errors: ENOMEM.
    static Result<RefPtr<RamfsSuperBlock>> create(u64 device, u32 root_mode, Timestamp now);
    static Result<RefPtr<RamfsSuperBlock>> create(u64 device, RamfsType type, const RamfsOptions& options, Timestamp now);

    // mm/shmem.c: "#define BOGO_DIRENT_SIZE 20", what `ls -l` shows of a
    // tmpfs directory: 40 when empty, 20 more per entry (not ramfs's).
    static constexpr u64 kBogoDirentSize = 20;

    [[nodiscard]] u64 magic() const override;
    [[nodiscard]] const char* type_name() const override;
    void show_options(TextBuffer& text) const override;
    [[nodiscard]] FsStatistics statistics() const override;
    // ramfs's directories (simple_dir_operations) keep a size of 0.
    [[nodiscard]] u64 directory_entry_size() const override { return m_type == RamfsType::Ramfs ? 0 : kBogoDirentSize; }
    Result<RefPtr<Inode>> create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now) override;

    [[nodiscard]] RamfsType type() const { return m_type; }
    [[nodiscard]] const RamfsOptions& options() const { return m_options; }

    RamfsSuperBlock(u64 device, RamfsType type, const RamfsOptions& options)
        : SuperBlock(device)
        , m_type(type)
        , m_options(options)
    {
    }

private:
    RamfsType m_type;
    RamfsOptions m_options;
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
