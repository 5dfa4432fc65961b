#pragma once

// A mounted file system's instance (Linux struct super_block) and the type
// that makes instances (struct file_system_type). ramfs is the first type;
// devfs and procfs are others to come. An instance owns its root dentry and
// makes inodes; the names of its files are dentries, which for ramfs are the
// whole of the tree (Linux: ramfs keeps everything in the dcache, pinned).
#include "core/fs/inode.h"

namespace sirius::fs {

class Dentry;

class SuperBlock : public RefCounted<SuperBlock> {
public:
    virtual ~SuperBlock(); // in super_block.cpp: Dentry is incomplete here

    // st_dev of every inode here: an anonymous device (major 0) for a file
    // system without a disk (Linux get_anon_bdev).
    [[nodiscard]] u64 device() const { return m_device; }
    [[nodiscard]] const RefPtr<Dentry>& root() const { return m_root; }
    // statfs f_type (RAMFS_MAGIC, TMPFS_MAGIC...).
    [[nodiscard]] virtual u64 magic() const = 0;

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

    // Unmounting for good (kill_litter_super): drops every dentry of the
    // tree, breaking the parent/child references, so that what no open file
    // holds is freed.
    void kill();

protected:
    explicit SuperBlock(u64 device)
        : m_device(device)
    {
    }
    void set_root(RefPtr<Dentry> root);

private:
    u64 m_device;
    u64 m_last_ino { 0 };
    RefPtr<Dentry> m_root;
};

} // namespace sirius::fs
