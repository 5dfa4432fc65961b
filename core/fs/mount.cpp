#include "core/fs/mount.h"

namespace sirius::fs {

Mount::Mount(RefPtr<SuperBlock> super_block, RefPtr<Dentry> root, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint)
    : m_super_block(move(super_block))
    , m_root(move(root))
    , m_parent(move(parent))
    , m_mountpoint(move(mountpoint))
{
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
    clear();
}

Result<void> MountTable::set_root(RefPtr<SuperBlock> super_block)
{
    m_root = TRY(Mount::create(move(super_block), nullptr, nullptr));
    m_root->set_id(++m_last_id);
    return {};
}

Path MountTable::root() const
{
    return Path { m_root, m_root->root() };
}

Result<RefPtr<Mount>> MountTable::mount(const Path& at, RefPtr<SuperBlock> super_block, u32 flags)
{
    TRY(m_mounts.try_reserve(m_mounts.size() + 1));
    auto mount = TRY(Mount::create(move(super_block), at.mount, at.dentry));
    mount->set_id(++m_last_id);
    mount->set_flags(flags);
    at.dentry->add_mount();
    (void)m_mounts.try_append(mount);
    return mount;
}

Result<RefPtr<Mount>> MountTable::bind(const Path& at, const Path& source, u32 flags)
{
    TRY(m_mounts.try_reserve(m_mounts.size() + 1));
    RefPtr<SuperBlock> super_block(&source.mount->super_block());
    auto mount = TRY(Mount::create(move(super_block), source.dentry, at.mount, at.dentry));
    mount->set_id(++m_last_id);
    mount->set_flags(flags);
    at.dentry->add_mount();
    (void)m_mounts.try_append(mount);
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

bool MountTable::has_children(const Mount& mount) const
{
    for (const RefPtr<Mount>& other : m_mounts) {
        if (other->parent().get() == &mount) {
            return true;
        }
    }
    return false;
}

void MountTable::detach(const RefPtr<Mount>& mount, const SuperBlock* keep)
{
    for (usize i = 0; i < m_mounts.size(); ++i) {
        if (m_mounts[i] == mount) {
            m_mounts.remove(i);
            break;
        }
    }
    mount->mountpoint()->remove_mount();
    SuperBlock& super_block = mount->super_block();
    if (&super_block == keep) {
        return;
    }
    for (const RefPtr<Mount>& other : m_mounts) {
        if (&other->super_block() == &super_block) {
            return;
        }
    }
    if (m_root && &m_root->super_block() == &super_block) {
        return;
    }
    // Only the caller's reference left: nothing uses the tree any more
    // (kill_litter_super). Otherwise files still open in it keep it until
    // the table is cleared. Without memory to remember it, it is killed
    // now: the open files then see an emptied tree rather than a leak.
    if (mount->ref_count() <= 1 || m_detached.try_append(RefPtr<SuperBlock>(&super_block)).is_error()) {
        super_block.kill();
    }
}

void MountTable::unmount(RefPtr<Mount> mount_to_remove, bool subtree, const SuperBlock* keep)
{
    // The caller's reference is this one now: detach's use count sees it.
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
                    detach(child, keep);
                    break;
                }
            }
        }
    }
    detach(mount, keep);
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

void MountTable::clear()
{
    while (!m_mounts.is_empty()) {
        RefPtr<Mount> mount = m_mounts[m_mounts.size() - 1];
        m_mounts.remove(m_mounts.size() - 1);
        mount->mountpoint()->remove_mount();
        mount->super_block().kill();
    }
    if (m_root) {
        m_root->super_block().kill();
        m_root.clear();
    }
    while (!m_detached.is_empty()) {
        m_detached[m_detached.size() - 1]->kill();
        m_detached.remove(m_detached.size() - 1);
    }
}

} // namespace sirius::fs
