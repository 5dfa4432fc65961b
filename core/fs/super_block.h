#pragma once

// A mounted file system's instance (Linux struct super_block) and the type
// that makes instances (struct file_system_type). ramfs is the first type;
// devfs and procfs are others to come. An instance owns its root dentry and
// makes inodes; the names of its files are dentries, which for ramfs are the
// whole of the tree (Linux: ramfs keeps everything in the dcache, pinned).
#include "core/fs/inode.h"

namespace sirius::fs {

class Dentry;
class TextBuffer;

// What statfs(2) reports of a file system (struct statfs without f_fsid and
// f_flags, which come from the mount). Counts are in f_bsize blocks.
struct FsStatistics {
    u64 type { 0 };
    u64 block_size { 0 };
    u64 blocks { 0 };
    u64 blocks_free { 0 };
    u64 blocks_available { 0 };
    u64 files { 0 };
    u64 files_free { 0 };
    u64 name_max { 0 };
};

class SuperBlock : public RefCounted<SuperBlock> {
public:
    virtual ~SuperBlock(); // in super_block.cpp: Dentry is incomplete here

    // st_dev of every inode here: an anonymous device (major 0) for a file
    // system without a disk (Linux get_anon_bdev).
    [[nodiscard]] u64 device() const { return m_device; }
    [[nodiscard]] const RefPtr<Dentry>& root() const { return m_root; }
    // statfs f_type (RAMFS_MAGIC, TMPFS_MAGIC...).
    [[nodiscard]] virtual u64 magic() const = 0;
    // The file system type's name (file_system_type.name: /proc/mounts'
    // third field) and the source /proc/mounts shows first.
    [[nodiscard]] virtual const char* type_name() const = 0;
    [[nodiscard]] virtual const char* source_name() const { return type_name(); }
    // super_operations.show_options: ",opt=value" for each option that is
    // not the default, appended to the mount's own flags in /proc/mounts.
    virtual void show_options(TextBuffer& /*text*/) const {}
    // super_operations.statfs. The default is simple_statfs: the magic, a
    // page as the block size, NAME_MAX, and no counts.
    [[nodiscard]] virtual FsStatistics statistics() const;

    // A new inode of `mode` (type and permissions), not yet linked anywhere
    // (nlink 0; the caller links it). Errors: ENOMEM, ENOSPC; EPERM for a
    // file system that does not create files (procfs).
    virtual Result<RefPtr<Inode>> create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now) = 0;

    // What one entry adds to its directory's st_size; an empty directory's
    // size is twice that ("." and ".."). tmpfs says BOGO_DIRENT_SIZE
    // (mm/shmem.c: shmem_mknod, shmem_link, shmem_unlink, shmem_rename2
    // and shmem_get_inode); 0 for a file system whose directories have no
    // size to show.
    [[nodiscard]] virtual u64 directory_entry_size() const { return 0; }

    // The next inode number (get_next_ino).
    u64 allocate_ino() { return ++m_last_ino; }
    // Inodes made so far (tmpfs's used inode count for statfs).
    [[nodiscard]] u64 inodes_made() const { return m_last_ino; }

    // Unmounting for good (kill_litter_super): drops every dentry of the
    // tree, breaking the parent/child references, so that what no open file
    // holds is freed. A file system whose tree outlives its mounts (the
    // cgroup hierarchy, as kernfs) does nothing here.
    virtual void kill();

    // The mounts showing this instance, in every namespace (s_active as
    // mounts hold it). The last one to go kills it, unless the kernel
    // keeps it without mounts (devtmpfs's internal mount).
    void add_mount() { ++m_mounts; }
    void remove_mount()
    {
        if (--m_mounts == 0 && !m_kept_without_mounts) {
            kill();
        }
    }
    void keep_without_mounts() { m_kept_without_mounts = true; }

protected:
    explicit SuperBlock(u64 device)
        : m_device(device)
    {
    }
    void set_root(RefPtr<Dentry> root);

private:
    u64 m_device;
    u64 m_last_ino { 0 };
    u64 m_mounts { 0 };
    bool m_kept_without_mounts { false };
    RefPtr<Dentry> m_root;
};

} // namespace sirius::fs
