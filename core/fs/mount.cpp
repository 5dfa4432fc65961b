#include "core/fs/mount.h"

#include "core/base/scope_guard.h"

namespace sirius::fs {

Mount::Mount(RefPtr<SuperBlock> super_block, RefPtr<Dentry> root, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint)
    : m_super_block(move(super_block))
    , m_root(move(root))
    , m_parent(move(parent))
    , m_mountpoint(move(mountpoint))
{
    m_super_block->add_mount();
}

Mount::~Mount()
{
    set_peers(nullptr);
    m_super_block->remove_mount();
}

void Mount::set_peers(RefPtr<PeerGroup> peers)
{
    if (m_peers) {
        m_peers->leave();
    }
    m_peers = move(peers);
    if (m_peers) {
        m_peers->join();
    }
}

Result<RefPtr<Mount>> Mount::create(RefPtr<SuperBlock> super_block, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint)
{
    RefPtr<Dentry> root = super_block->root();
    return try_make_ref<Mount>(move(super_block), move(root), move(parent), move(mountpoint));
}

Result<RefPtr<Mount>> Mount::create(RefPtr<SuperBlock> super_block, RefPtr<Dentry> root, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint)
{
    return try_make_ref<Mount>(move(super_block), move(root), move(parent), move(mountpoint));
}

MountTable::~MountTable()
{
    release_all();
}

Result<void> MountTable::set_root(RefPtr<SuperBlock> super_block)
{
    m_root = TRY(Mount::create(move(super_block), nullptr, nullptr));
    m_root->set_id(m_numbers.allocate_mount_id());
    m_root->set_table(this);
    return {};
}

Path MountTable::root() const
{
    return Path { m_root, m_root->root() };
}

void MountTable::attach(const RefPtr<Mount>& mount)
{
    mount->set_table(this);
    mount->mountpoint()->add_mount();
    // Room was reserved by the caller.
    (void)m_mounts.try_append(mount);
}

Result<RefPtr<Mount>> MountTable::mount(const Path& at, RefPtr<SuperBlock> super_block, u32 flags)
{
    TRY(m_mounts.try_reserve(m_mounts.size() + 1));
    auto mount = TRY(Mount::create(move(super_block), at.mount, at.dentry));
    mount->set_id(m_numbers.allocate_mount_id());
    mount->set_flags(flags);
    attach(mount);
    return mount;
}

Result<RefPtr<Mount>> MountTable::bind(const Path& at, const Path& source, u32 flags)
{
    TRY(m_mounts.try_reserve(m_mounts.size() + 1));
    RefPtr<SuperBlock> super_block(&source.mount->super_block());
    auto mount = TRY(Mount::create(move(super_block), source.dentry, at.mount, at.dentry));
    mount->set_id(m_numbers.allocate_mount_id());
    mount->set_flags(flags);
    attach(mount);
    return mount;
}

Result<void> MountTable::move_mount(const RefPtr<Mount>& mount, const Path& at)
{
    // Last in the list, so that mounted_on finds it on top at `at`.
    for (usize i = 0; i < m_mounts.size(); ++i) {
        if (m_mounts[i] == mount) {
            m_mounts.remove(i);
            break;
        }
    }
    (void)m_mounts.try_append(mount);
    mount->mountpoint()->remove_mount();
    at.dentry->add_mount();
    mount->reattach(at.mount, at.dentry);
    return {};
}

void MountTable::pivot(const RefPtr<Mount>& new_root, const RefPtr<Mount>& old_root, const Path& put_old)
{
    // Held here: reattach drops the mounts' own references to them.
    const RefPtr<Mount> root_parent = old_root->parent();
    const RefPtr<Dentry> root_mountpoint = old_root->mountpoint();
    // umount_mnt(new_mnt) and unhash_mnt(root_mnt)...
    new_root->mountpoint()->remove_mount();
    root_mountpoint->remove_mount();
    // ...attach_mnt(root_mnt, old_mnt, old_mp)...
    put_old.dentry->add_mount();
    old_root->reattach(put_old.mount, put_old.dentry);
    // ...and attach_mnt(new_mnt, root_parent, root_mp). The namespace's
    // list keeps its order (/proc/mounts does not change order).
    root_mountpoint->add_mount();
    new_root->reattach(root_parent, root_mountpoint);
}

bool MountTable::has_children(const Mount& mount) const
{
    for (const RefPtr<Mount>& other : m_mounts) {
        if (other->parent().get() == &mount) {
            return true;
        }
    }
    return false;
}

void MountTable::detach(const RefPtr<Mount>& mount)
{
    for (usize i = 0; i < m_mounts.size(); ++i) {
        if (m_mounts[i] == mount) {
            m_mounts.remove(i);
            break;
        }
    }
    mount->mountpoint()->remove_mount();
    mount->set_table(nullptr);
}

void MountTable::unmount(RefPtr<Mount> mount_to_remove, bool subtree)
{
    // The caller's reference is this one now: the mount (and its super
    // block, if it is the last) goes when the function returns unless
    // someone else holds it.
    const RefPtr<Mount> mount = move(mount_to_remove);
    if (subtree) {
        // Children first, deepest first: a later mount sits on an earlier
        // one, never the other way round.
        for (usize i = m_mounts.size(); i > 0; --i) {
            if (i > m_mounts.size()) {
                continue;
            }
            RefPtr<Mount> child = m_mounts[i - 1];
            for (const Mount* up = child->parent().get(); up != nullptr; up = up->parent().get()) {
                if (up == mount.get()) {
                    detach(child);
                    break;
                }
            }
        }
    }
    detach(mount);
}

RefPtr<Mount> MountTable::mounted_on(const Mount& parent, const Dentry& mountpoint) const
{
    if (!mountpoint.is_mountpoint()) {
        return nullptr;
    }
    for (usize i = m_mounts.size(); i > 0; --i) {
        const RefPtr<Mount>& mount = m_mounts[i - 1];
        if (mount->parent().get() == &parent && mount->mountpoint().get() == &mountpoint) {
            return mount;
        }
    }
    return nullptr;
}

Path follow_mounts(Path path)
{
    while (path.mount->table() != nullptr) {
        RefPtr<Mount> mounted = path.mount->table()->mounted_on(*path.mount, *path.dentry);
        if (!mounted) {
            break;
        }
        path.dentry = mounted->root();
        path.mount = move(mounted);
    }
    return path;
}

namespace {

// clone_mnt's share of the old mount's state, for copy_tree.
void copy_attributes(const Mount& from, Mount& to, bool less_privileged, MountNumbers& numbers)
{
    to.set_id(numbers.allocate_mount_id());
    to.set_flags(from.flags());
    to.set_source(from.source(), from.source_length());
    to.set_unbindable(from.is_unbindable());
    if (less_privileged) {
        // lock_mnt_tree: "Don't allow unprivileged users to reveal what is
        // under a mount".
        to.set_locked(true);
        // CL_SHARED_TO_SLAVE: a shared mount's copy is its peer group's
        // slave; a slave's copy a slave of the same master.
        to.set_master(from.is_shared() ? from.peers() : from.master());
        return;
    }
    to.set_locked(from.is_locked());
    to.set_peers(from.peers());
    to.set_master(from.master());
}

} // namespace

Result<void> MountTable::copy_mounts(const MountTable& source, bool less_privileged)
{
    ScopeGuard undo([&] { release_all(); });
    m_root = TRY(Mount::create(RefPtr<SuperBlock>(&source.m_root->super_block()), source.m_root->root(), nullptr, nullptr));
    copy_attributes(*source.m_root, *m_root, less_privileged, m_numbers);
    m_root->set_table(this);
    TRY(m_mounts.try_reserve(source.m_mounts.size()));
    // First every mount, in the source's order (the order /proc/mounts
    // shows and mounted_on stacks by)...
    for (const RefPtr<Mount>& old : source.m_mounts) {
        auto copy = TRY(Mount::create(RefPtr<SuperBlock>(&old->super_block()), old->root(), nullptr, nullptr));
        copy_attributes(*old, *copy, less_privileged, m_numbers);
        (void)m_mounts.try_append(move(copy));
    }
    // ...then each on the copy of its parent: a parent may come later in
    // the list (MS_MOVE puts a mount last).
    for (usize i = 0; i < m_mounts.size(); ++i) {
        const Mount* old_parent = source.m_mounts[i]->parent().get();
        usize parent_index = 0;
        for (usize j = 0; j < source.count(); ++j) {
            if (source.at(j).get() == old_parent) {
                parent_index = j;
                break;
            }
        }
        const RefPtr<Mount>& copy = m_mounts[i];
        copy->reattach(at(parent_index), source.m_mounts[i]->mountpoint());
        copy->mountpoint()->add_mount();
        copy->set_table(this);
    }
    undo.disarm();
    return {};
}

void MountTable::release_all()
{
    while (!m_mounts.is_empty()) {
        RefPtr<Mount> mount = m_mounts[m_mounts.size() - 1];
        m_mounts.remove(m_mounts.size() - 1);
        if (mount->mountpoint()) {
            mount->mountpoint()->remove_mount();
        }
        mount->set_table(nullptr);
    }
    if (m_root) {
        m_root->set_table(nullptr);
        m_root.clear();
    }
}

void MountTable::clear()
{
    while (!m_mounts.is_empty()) {
        RefPtr<Mount> mount = m_mounts[m_mounts.size() - 1];
        m_mounts.remove(m_mounts.size() - 1);
        mount->mountpoint()->remove_mount();
        mount->set_table(nullptr);
        mount->super_block().kill();
    }
    if (m_root) {
        m_root->super_block().kill();
        m_root->set_table(nullptr);
        m_root.clear();
    }
}

} // namespace sirius::fs
