#pragma once

// Mounts (Linux struct mount / vfsmount) and the place a name resolves to
// (struct path: a mount and a dentry in it). A mount shows a file system's
// root dentry at a mountpoint dentry of its parent mount; the root mount has
// no parent. The path walk goes down into a mount at its mountpoint and up
// out of it at its root (core/fs/path_walk.h).
#include "core/fs/dentry.h"
#include "core/fs/super_block.h"

namespace sirius::fs {

class Mount : public RefCounted<Mount> {
public:
    // Errors: ENOMEM.
    static Result<RefPtr<Mount>> create(RefPtr<SuperBlock> super_block, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint);

    [[nodiscard]] SuperBlock& super_block() const { return *m_super_block; }
    [[nodiscard]] const RefPtr<Dentry>& root() const { return m_root; }
    // nullptr for the root mount of a namespace.
    [[nodiscard]] const RefPtr<Mount>& parent() const { return m_parent; }
    [[nodiscard]] const RefPtr<Dentry>& mountpoint() const { return m_mountpoint; }
    // The mount id of statx and /proc/self/mountinfo.
    [[nodiscard]] u64 id() const { return m_id; }
    void set_id(u64 id) { m_id = id; }

    Mount(RefPtr<SuperBlock> super_block, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint);

private:
    RefPtr<SuperBlock> m_super_block;
    RefPtr<Dentry> m_root;
    RefPtr<Mount> m_parent;
    RefPtr<Dentry> m_mountpoint;
    u64 m_id { 0 };
};

// Where a name resolves: a dentry as seen through a mount.
struct Path {
    RefPtr<Mount> mount;
    RefPtr<Dentry> dentry;

    [[nodiscard]] Inode& inode() const { return dentry->inode_ref(); }
    [[nodiscard]] bool operator==(const Path& other) const { return mount == other.mount && dentry == other.dentry; }
};

// The mounts of a mount namespace (Linux mnt_namespace's list and the mount
// hash). Sirius has one tree so far: every mount namespace sees it, until
// copy_mnt_ns (CLONE_NEWNS copying the tree) and mount(2) come.
class MountTable {
public:
    MountTable() = default;
    ~MountTable();
    MountTable(const MountTable&) = delete;
    MountTable& operator=(const MountTable&) = delete;

    // Makes `super_block` the root mount. Errors: ENOMEM.
    Result<void> set_root(RefPtr<SuperBlock> super_block);
    [[nodiscard]] Path root() const;

    // Mounts `super_block` on `at` (do_new_mount's attach, without its
    // checks: mount(2) will make them). Errors: ENOMEM.
    Result<RefPtr<Mount>> mount(const Path& at, RefPtr<SuperBlock> super_block);
    // The mount most recently mounted on (`parent`, `mountpoint`), or nullptr
    // (Linux __lookup_mnt).
    [[nodiscard]] RefPtr<Mount> mounted_on(const Mount& parent, const Dentry& mountpoint) const;

    // A fresh anonymous device number for a new super block (get_anon_bdev:
    // major 0, minors from 1).
    u64 allocate_device() { return encode_device(0, ++m_last_minor); }

    // Takes every mount down and kills their super blocks (shutdown).
    void clear();

private:
    RefPtr<Mount> m_root;
    Vector<RefPtr<Mount>> m_mounts;
    u32 m_last_minor { 0 };
    u64 m_last_id { 0 };
};

} // namespace sirius::fs
