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
    // A mount showing `root` (a dentry of `super_block`, not necessarily
    // its root: a bind mount). Errors: ENOMEM.
    static Result<RefPtr<Mount>> create(RefPtr<SuperBlock> super_block, RefPtr<Dentry> root, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint);

    [[nodiscard]] SuperBlock& super_block() const { return *m_super_block; }
    [[nodiscard]] const RefPtr<Dentry>& root() const { return m_root; }
    // nullptr for the root mount of a namespace.
    [[nodiscard]] const RefPtr<Mount>& parent() const { return m_parent; }
    [[nodiscard]] const RefPtr<Dentry>& mountpoint() const { return m_mountpoint; }
    // The mount id of statx and /proc/self/mountinfo.
    [[nodiscard]] u64 id() const { return m_id; }
    void set_id(u64 id) { m_id = id; }
    // The per-mount flags as mount(2) takes them: MS_RDONLY, MS_NOSUID,
    // MS_NODEV, MS_NOEXEC, MS_NOATIME, MS_NODIRATIME, MS_RELATIME,
    // MS_STRICTATIME (Linux keeps them as MNT_* in mnt_flags).
    [[nodiscard]] u32 flags() const { return m_flags; }
    void set_flags(u32 flags) { m_flags = flags; }
    // The source mount(2) was given (mnt_devname), at most 63 bytes kept.
    [[nodiscard]] const u8* source() const { return m_source; }
    [[nodiscard]] usize source_length() const { return m_source_length; }
    void set_source(const u8* bytes, usize length)
    {
        m_source_length = length < sizeof(m_source) ? length : sizeof(m_source) - 1;
        copy_bytes(m_source, bytes, m_source_length);
    }
    // Moves this mount to sit on `mountpoint` of `parent` (MS_MOVE's
    // attach_recursive_mnt). Precondition: not the namespace's root.
    void reattach(RefPtr<Mount> parent, RefPtr<Dentry> mountpoint)
    {
        m_parent = move(parent);
        m_mountpoint = move(mountpoint);
    }
    // umount2's MNT_EXPIRE mark (mnt_expiry_mark).
    bool expiry_mark { false };

    Mount(RefPtr<SuperBlock> super_block, RefPtr<Dentry> root, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint);

private:
    RefPtr<SuperBlock> m_super_block;
    RefPtr<Dentry> m_root;
    RefPtr<Mount> m_parent;
    RefPtr<Dentry> m_mountpoint;
    u64 m_id { 0 };
    u32 m_flags { 0 };
    usize m_source_length { 0 };
    u8 m_source[64] {};
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
// copy_mnt_ns (CLONE_NEWNS copying the tree) comes.
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
    Result<RefPtr<Mount>> mount(const Path& at, RefPtr<SuperBlock> super_block, u32 flags = 0);
    // Mounts what `source` shows at `at` (do_loopback's clone_mnt and
    // graft). Errors: ENOMEM.
    Result<RefPtr<Mount>> bind(const Path& at, const Path& source, u32 flags);

    // MS_MOVE: `mount` (with what is mounted below it) now sits on `at`;
    // it becomes the most recent mount there. Errors: ENOMEM.
    Result<void> move_mount(const RefPtr<Mount>& mount, const Path& at);

    // Every mount, the root first, then in the order they were made (the
    // namespace's list that /proc/mounts walks).
    [[nodiscard]] usize count() const { return m_mounts.size() + (m_root ? 1 : 0); }
    [[nodiscard]] const RefPtr<Mount>& at(usize index) const { return index == 0 ? m_root : m_mounts[index - 1]; }
    // Whether a mount sits on a dentry of `mount` (mnt_mounts non-empty).
    [[nodiscard]] bool has_children(const Mount& mount) const;
    // Takes `mount` and, with `subtree`, every mount below it out of the
    // table (umount_tree). A super block no other mount shows is killed
    // unless `keep_super_blocks` or a reference other than the table's
    // still holds its mount (then at clear()).
    // Preconditions: `mount_to_remove` is in the table and is not the root.
    void unmount(RefPtr<Mount> mount_to_remove, bool subtree, const SuperBlock* keep);
    // The mount most recently mounted on (`parent`, `mountpoint`), or nullptr
    // (Linux __lookup_mnt).
    [[nodiscard]] RefPtr<Mount> mounted_on(const Mount& parent, const Dentry& mountpoint) const;

    // A fresh anonymous device number for a new super block (get_anon_bdev:
    // major 0, minors from 1).
    u64 allocate_device() { return encode_device(0, ++m_last_minor); }

    // Takes every mount down and kills their super blocks (shutdown).
    void clear();

private:
    void detach(const RefPtr<Mount>& mount, const SuperBlock* keep);

    RefPtr<Mount> m_root;
    Vector<RefPtr<Mount>> m_mounts;
    // Lazily unmounted mounts still in use, and super blocks that outlive
    // their mounts: killed by clear().
    Vector<RefPtr<SuperBlock>> m_detached;
    u32 m_last_minor { 0 };
    u64 m_last_id { 0 };
};

} // namespace sirius::fs
