#include "core/fs/mount.h"

namespace sirius::fs {

Mount::Mount(RefPtr<SuperBlock> super_block, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint)
    : m_super_block(move(super_block))
    , m_root(m_super_block->root())
    , m_parent(move(parent))
    , m_mountpoint(move(mountpoint))
{
}

Result<RefPtr<Mount>> Mount::create(RefPtr<SuperBlock> super_block, RefPtr<Mount> parent, RefPtr<Dentry> mountpoint)
{
    return try_make_ref<Mount>(move(super_block), move(parent), move(mountpoint));
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

Result<RefPtr<Mount>> MountTable::mount(const Path& at, RefPtr<SuperBlock> super_block)
{
    TRY(m_mounts.try_reserve(m_mounts.size() + 1));
    auto mount = TRY(Mount::create(move(super_block), at.mount, at.dentry));
    mount->set_id(++m_last_id);
    at.dentry->add_mount();
    (void)m_mounts.try_append(mount);
    return mount;
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
}

} // namespace sirius::fs
