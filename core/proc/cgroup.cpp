#include "core/proc/cgroup.h"

namespace sirius::proc {

Cgroup::Cgroup(RefPtr<Cgroup> parent)
    : m_parent(move(parent))
    , m_level(m_parent ? m_parent->m_level + 1 : 0)
{
}

Result<RefPtr<Cgroup>> Cgroup::create_child(const RefPtr<Cgroup>& parent, const char* name)
{
    usize length = 0;
    while (name[length] != '\0') {
        ++length;
    }
    return create_child(parent, reinterpret_cast<const u8*>(name), length);
}

Result<RefPtr<Cgroup>> Cgroup::create_child(const RefPtr<Cgroup>& parent, const u8* name, usize length)
{
    auto child = TRY(try_make_ref<Cgroup>(parent));
    child->m_name_length = static_cast<u16>(length < NAME_MAX ? length : NAME_MAX);
    copy_bytes(child->m_name, name, child->m_name_length);
    ++parent->m_children;
    for (Cgroup* up = parent.get(); up != nullptr; up = up->parent()) {
        ++up->m_descendants;
    }
    return child;
}

void Cgroup::mark_dead()
{
    if (m_dead) {
        return;
    }
    m_dead = true;
    if (m_parent) {
        --m_parent->m_children;
        for (Cgroup* up = m_parent.get(); up != nullptr; up = up->parent()) {
            --up->m_descendants;
        }
    }
}

void Cgroup::add_process()
{
    ++m_process_count;
    for (Cgroup* at = this; at != nullptr; at = at->parent()) {
        ++at->m_subtree_processes;
    }
}

void Cgroup::remove_process()
{
    --m_process_count;
    for (Cgroup* at = this; at != nullptr; at = at->parent()) {
        --at->m_subtree_processes;
    }
}

bool Cgroup::is_descendant_of(const Cgroup& ancestor) const
{
    for (const Cgroup* at = this; at != nullptr; at = at->parent()) {
        if (at == &ancestor) {
            return true;
        }
    }
    return false;
}

} // namespace sirius::proc
