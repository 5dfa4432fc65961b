#include "core/fs/dentry.h"

namespace sirius::fs {

bool Name::is(const char* text) const
{
    usize length = 0;
    while (text[length] != '\0') {
        ++length;
    }
    return length == size && __builtin_memcmp(data, text, size) == 0;
}

Dentry::Dentry(RefPtr<Dentry> parent, Name name, RefPtr<Inode> inode)
    : m_parent(move(parent))
    , m_inode(move(inode))
    , m_name_length(static_cast<u16>(name.size))
{
    copy_bytes(m_name, name.data, name.size);
}

Result<RefPtr<Dentry>> Dentry::create(RefPtr<Dentry> parent, Name name, RefPtr<Inode> inode)
{
    return try_make_ref<Dentry>(move(parent), name, move(inode));
}

RefPtr<Dentry> Dentry::find_child(Name name) const
{
    for (const RefPtr<Dentry>& child : m_children) {
        if (child->m_name_length == name.size && __builtin_memcmp(child->m_name, name.data, name.size) == 0) {
            return child;
        }
    }
    return nullptr;
}

Result<void> Dentry::add_child(RefPtr<Dentry> child)
{
    const u64 offset = m_next_offset;
    child->m_offset = offset;
    child->m_unlinked = false;
    TRY(m_children.try_append(move(child)));
    ++m_next_offset;
    return {};
}

void Dentry::remove_child(Dentry& child)
{
    for (usize i = 0; i < m_children.size(); ++i) {
        if (m_children[i].get() == &child) {
            child.m_unlinked = true;
            m_children.remove(i);
            return;
        }
    }
}

Result<void> Dentry::move_to(const RefPtr<Dentry>& new_parent, Name new_name)
{
    // The slot first, so that a failure leaves the dentry where it was put
    // back by the caller (nothing here has changed yet).
    TRY(new_parent->m_children.try_reserve(new_parent->m_children.size() + 1));
    u8 name[NAME_MAX];
    copy_bytes(name, new_name.data, new_name.size);
    copy_bytes(m_name, name, new_name.size);
    m_name_length = static_cast<u16>(new_name.size);
    m_parent = new_parent;
    // Cannot fail: the room was reserved.
    (void)new_parent->add_child(RefPtr<Dentry>(this));
    return {};
}

RefPtr<Dentry> Dentry::child_at_or_after(u64 offset) const
{
    for (const RefPtr<Dentry>& child : m_children) {
        if (child->m_offset >= offset) {
            return child;
        }
    }
    return nullptr;
}

void Dentry::drop_children()
{
    while (!m_children.is_empty()) {
        RefPtr<Dentry> child = m_children[m_children.size() - 1];
        m_children.remove(m_children.size() - 1);
        child->drop_children();
        child->m_unlinked = true;
    }
}

} // namespace sirius::fs
