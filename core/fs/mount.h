#pragma once

// Mounts (Linux struct mount / vfsmount) and the place a name resolves to
// (struct path: a mount and a dentry in it). A mount shows a file system's
// root dentry at a mountpoint dentry of its parent mount; the root mount has
// no parent. The path walk goes down into a mount at its mountpoint and up
// out of it at its root (core/fs/path_walk.h).
#include "core/fs/dentry.h"
#include "core/fs/super_block.h"

namespace sirius::fs {

class MountTable;

// The numbers mounts take from one pool for the whole machine: mount ids
// (mnt_id_ida), peer group ids (mnt_group_ida) and anonymous device numbers
// (get_anon_bdev: major 0, minors from 1). Every mount namespace draws on
// the kernel's one instance.
class MountNumbers {
public:
    u64 allocate_mount_id() { return ++m_last_mount_id; }
    u32 allocate_peer_group() { return ++m_last_peer_group; }
    u64 allocate_device() { return encode_device(0, ++m_last_minor); }

private:
    u64 m_last_mount_id { 0 };
    u32 m_last_peer_group { 0 };
    u32 m_last_minor { 0 };
};

// A peer group of shared mounts (the ring of mnt_share and its
// mnt_group_id). Its member count tells MS_SLAVE whether a mount that
// leaves it has peers left to be a slave of (do_make_slave).
class PeerGroup : public RefCounted<PeerGroup> {
public:
    explicit PeerGroup(u32 id)
        : m_id(id)
    {
    }
    [[nodiscard]] u32 id() const { return m_id; }
    [[nodiscard]] u32 members() const { return m_members; }
    void join() { ++m_members; }
    void leave() { --m_members; }

private:
    u32 m_id;
    u32 m_members { 0 };
};

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

    // The table (mount namespace) the mount is attached to, nullptr once
    // it is unmounted (mnt_ns). Lookups of what is mounted on one of its
    // dentries go there, whichever namespace the walker is in, as Linux's
    // global mount hash answers for a mount of another namespace.
    [[nodiscard]] MountTable* table() const { return m_table; }
    void set_table(MountTable* table) { m_table = table; }

    // MNT_LOCKED: the mount was copied into a less privileged mount
    // namespace (lock_mnt_tree); unmounting or moving it would reveal
    // what it covers, so both are EINVAL (mount_namespaces(7)).
    [[nodiscard]] bool is_locked() const { return m_locked; }
    void set_locked(bool locked) { m_locked = locked; }

    // Propagation type (mount_namespaces(7) "Shared subtrees"): shared
    // with a peer group, slave of a master peer group, both, private
    // (neither) or unbindable. Sirius records the type; events do not
    // propagate between peers yet.
    [[nodiscard]] const RefPtr<PeerGroup>& peers() const { return m_peers; }
    [[nodiscard]] const RefPtr<PeerGroup>& master() const { return m_master; }
    [[nodiscard]] bool is_shared() const { return m_peers != nullptr; }
    [[nodiscard]] bool is_unbindable() const { return m_unbindable; }
    void set_peers(RefPtr<PeerGroup> peers);
    void set_master(RefPtr<PeerGroup> master) { m_master = move(master); }
    void set_unbindable(bool unbindable) { m_unbindable = unbindable; }

    Mount(RefPtr<SuperBlock> super_block, RefPtr<Dentry> root, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint);
    // The last reference to the last mount of a super block ends it
    // (mntput_no_expire -> deactivate_super -> kill_litter_super).
    ~Mount();
    Mount(const Mount&) = delete;
    Mount& operator=(const Mount&) = delete;

private:
    RefPtr<SuperBlock> m_super_block;
    RefPtr<Dentry> m_root;
    RefPtr<Mount> m_parent;
    RefPtr<Dentry> m_mountpoint;
    MountTable* m_table { nullptr };
    RefPtr<PeerGroup> m_peers;
    RefPtr<PeerGroup> m_master;
    u64 m_id { 0 };
    u32 m_flags { 0 };
    bool m_locked { false };
    bool m_unbindable { false };
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

// The mounts of one mount namespace (Linux mnt_namespace's list and the
// part of the mount hash for its mounts). Each namespace owns its Mount
// objects; a copy (CLONE_NEWNS) has new ones over the same super blocks.
class MountTable {
public:
    explicit MountTable(MountNumbers& numbers)
        : m_numbers(numbers)
    {
    }
    // Detaches every mount (put_mnt_ns's umount_tree): a super block goes
    // with the last mount of it anywhere.
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
    // table (umount_tree). A super block is killed when the last mount
    // showing it, in any namespace, is no longer referenced (an open file
    // or a working directory keeps it).
    // Preconditions: `mount_to_remove` is in the table and is not the root.
    void unmount(RefPtr<Mount> mount_to_remove, bool subtree);
    // The mount most recently mounted on (`parent`, `mountpoint`), or nullptr
    // (Linux __lookup_mnt).
    [[nodiscard]] RefPtr<Mount> mounted_on(const Mount& parent, const Dentry& mountpoint) const;

    // pivot_root(2)'s move, after its checks: `new_root` leaves its
    // mountpoint and takes the place of `old_root` (on the same parent
    // and mountpoint), and `old_root` goes on `put_old`.
    // Preconditions: both are in the table and have parents; put_old is
    // a path in the table with nothing mounted on it.
    void pivot(const RefPtr<Mount>& new_root, const RefPtr<Mount>& old_root, const Path& put_old);

    // copy_tree for copy_mnt_ns: every mount of `source`, each a new Mount
    // over the same super block, dentries and flags, in the same order.
    // `less_privileged` (the copy's owner differs from the source's) locks
    // every mount (lock_mnt_tree) and turns shared ones into slaves of
    // their peer group (CL_SHARED_TO_SLAVE); otherwise copies join their
    // original's peer group. For each copied mount, `on_copy(old, new)`
    // lets the caller move a root or working directory across.
    // Preconditions: this table is empty. Errors: ENOMEM (this table is
    // left empty).
    template<typename OnCopy>
    Result<void> copy_from(const MountTable& source, bool less_privileged, OnCopy on_copy)
    {
        TRY(copy_mounts(source, less_privileged));
        for (usize i = 0; i < count(); ++i) {
            on_copy(*source.at(i), at(i));
        }
        return {};
    }

    // The kernel's shutdown: takes every mount down and kills their super
    // blocks, whoever still holds them.
    void clear();

    [[nodiscard]] MountNumbers& numbers() const { return m_numbers; }

private:
    void detach(const RefPtr<Mount>& mount);
    void attach(const RefPtr<Mount>& mount);
    Result<void> copy_mounts(const MountTable& source, bool less_privileged);
    void release_all();

    MountNumbers& m_numbers;
    RefPtr<Mount> m_root;
    Vector<RefPtr<Mount>> m_mounts;
};

// Into the mounts stacked on `path`, each asked of its own table
// (follow_down / handle_lookup_down); `path` itself when nothing is
// mounted there or its mount is unmounted.
[[nodiscard]] Path follow_mounts(Path path);

} // namespace sirius::fs
