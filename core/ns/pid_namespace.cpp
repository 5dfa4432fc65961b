#include "core/ns/pid_namespace.h"

namespace sirius::ns {

PidNamespace::PidNamespace(RefPtr<PidNamespace> parent, u32 level, RefPtr<UserNamespace> owner, u32 inode)
    : OwnedNamespace(move(owner), inode)
    , m_parent(move(parent))
    , m_level(level)
    , m_pid_max(level == 0 ? kDefaultPidMax : kPidMaxLimit)
{
}

Result<RefPtr<PidNamespace>> PidNamespace::create_initial(RefPtr<UserNamespace> owner)
{
    return try_make_ref<PidNamespace>(RefPtr<PidNamespace>(), 0U, move(owner), kInitPidInode);
}

Result<RefPtr<PidNamespace>> PidNamespace::create_child(NamespaceInodeAllocator& inodes, const RefPtr<PidNamespace>& parent, RefPtr<UserNamespace> owner)
{
    // kernel/pid_namespace.c create_pid_namespace: "if (level > MAX_PID_NS_LEVEL)" is ENOSPC.
    const u32 level = parent->level() + 1;
    if (level > kMaxPidNamespaceLevel) {
        return errno_error(ENOSPC);
    }
    return try_make_ref<PidNamespace>(parent, level, move(owner), inodes.allocate());
}

usize PidNamespace::lower_bound(PidNr nr) const
{
    usize low = 0;
    usize high = m_slots.size();
    while (low < high) {
        const usize middle = low + (high - low) / 2;
        if (m_slots[middle].nr < nr) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low;
}

PidNr PidNamespace::first_free(PidNr from, PidNr to) const
{
    PidNr candidate = from;
    for (usize i = lower_bound(from); i < m_slots.size() && candidate < to; ++i) {
        if (m_slots[i].nr != candidate) {
            break;
        }
        ++candidate;
    }
    return candidate < to ? candidate : 0;
}

Result<PidNr> PidNamespace::reserve(PidNr requested)
{
    PidNr nr = 0;
    if (requested != 0) {
        // alloc_pid: a requested number already in use is EEXIST.
        const usize index = lower_bound(requested);
        if (index < m_slots.size() && m_slots[index].nr == requested) {
            return errno_error(EEXIST);
        }
        nr = requested;
    } else {
        // alloc_pid: "init really needs pid 1, but after reaching the maximum
        // wrap back to RESERVED_PIDS".
        const PidNr minimum = m_next_cursor > kReservedPids ? kReservedPids : 1;
        const PidNr start = m_next_cursor < minimum ? minimum : m_next_cursor;
        nr = first_free(start, m_pid_max);
        if (nr == 0 && start > minimum) {
            nr = first_free(minimum, m_pid_max);
        }
        // idr_alloc_cyclic's ENOSPC becomes EAGAIN.
        if (nr == 0) {
            return errno_error(EAGAIN);
        }
    }
    TRY(m_slots.try_insert(lower_bound(nr), Slot { nr, nullptr }));
    if (requested == 0) {
        m_next_cursor = nr + 1;
    }
    return nr;
}

void PidNamespace::bind(PidNr nr, proc::Pid& pid)
{
    const usize index = lower_bound(nr);
    if (index < m_slots.size() && m_slots[index].nr == nr) {
        m_slots[index].pid = &pid;
    }
}

void PidNamespace::release(PidNr nr)
{
    const usize index = lower_bound(nr);
    if (index < m_slots.size() && m_slots[index].nr == nr) {
        m_slots.remove(index);
    }
}

proc::Pid* PidNamespace::find(PidNr nr) const
{
    const usize index = lower_bound(nr);
    if (index < m_slots.size() && m_slots[index].nr == nr) {
        return m_slots[index].pid;
    }
    return nullptr;
}

} // namespace sirius::ns
