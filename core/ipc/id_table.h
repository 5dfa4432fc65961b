#pragma once

// The id table of one System V IPC family in one namespace (Linux struct
// ipc_ids with ipc_addid, ipc_rmid, ipc_findkey, ipc_obtain_object_idr and
// ipc_obtain_object_check of ipc/util.c). An object's id is
// seq * SEQ_MULTIPLIER + index: a slot is reused with a new sequence number
// once the cyclic allocation comes back round, so a stale id is EINVAL.
//
// Like the rest of proc::Kernel, the table takes no lock: the core runs on
// one CPU and is not preempted inside a syscall (core/proc/futex.cpp).
#include <linux/ipc.h>

#include "core/base/ref_ptr.h"
#include "core/base/vector.h"
#include "core/ipc/ipc_limits.h"

namespace sirius::ipc {

// What every IPC object has (Linux struct kern_ipc_perm). Ids are kernel
// uids and gids (what Credentials holds).
struct IpcPermission {
    __kernel_key_t key { IPC_PRIVATE };
    u32 uid { 0 };
    u32 gid { 0 };
    u32 cuid { 0 };
    u32 cgid { 0 };
    u32 mode { 0 }; // the low 9 bits are the permissions; SHM_DEST, SHM_LOCKED above
    u32 seq { 0 };
    int id { -1 };
    // ipc_rmid ran: the object is out of the table (ipc_valid_object).
    bool deleted { false };
};

// T is RefCounted<T> with an `IpcPermission perm` member.
template<typename T>
class IdTable {
public:
    [[nodiscard]] u32 in_use() const { return m_in_use; }

    // ipc_get_maxidx: the highest index in use, -1 when the table is empty.
    [[nodiscard]] int max_index() const
    {
        if (m_in_use == 0) {
            return -1;
        }
        if (m_in_use == kIpcMni) {
            return static_cast<int>(kIpcMni) - 1;
        }
        return m_max_index;
    }

    // ipc_findkey: the live object with `key` (never IPC_PRIVATE's).
    T* find_key(__kernel_key_t key) const
    {
        if (key == IPC_PRIVATE) {
            return nullptr;
        }
        for (const RefPtr<T>& object : m_slots) {
            if (object && object->perm.key == key) {
                return object.get();
            }
        }
        return nullptr;
    }

    // ipc_obtain_object_idr: by index (MSG_STAT, SEM_STAT). Errors: EINVAL.
    Result<T*> by_index(int index) const
    {
        if (index < 0 || static_cast<usize>(index) >= m_slots.size() || !m_slots[static_cast<usize>(index)]) {
            return errno_error(EINVAL);
        }
        return m_slots[static_cast<usize>(index)].get();
    }

    // ipc_obtain_object_check: by full id; the sequence number must match
    // ("ipc_checkid"). Errors: EINVAL.
    Result<T*> by_id(int id) const
    {
        T* object = TRY(by_index(id % static_cast<int>(kSeqMultiplier)));
        if (static_cast<u32>(id) / kSeqMultiplier != object->perm.seq) {
            return errno_error(EINVAL);
        }
        return object;
    }

    // ipc_addid: a slot by idr_alloc_cyclic over [0, max(in_use * 3 / 2,
    // 64)) capped at IPCMNI, the sequence number bumped when the cycle comes
    // round, and owner and creator the caller's effective ids. Errors:
    // ENOSPC (`limit` objects in use), ENOMEM.
    Result<int> add(RefPtr<T> object, u32 limit, u32 euid, u32 egid)
    {
        limit = limit < kIpcMni ? limit : kIpcMni;
        if (m_in_use >= limit) {
            return errno_error(ENOSPC);
        }
        u32 end = m_in_use * 3 / 2;
        end = end > kIpcMinCycle ? end : kIpcMinCycle;
        end = end < kIpcMni ? end : kIpcMni;
        int index = find_free(m_next_index, end);
        if (index < 0) {
            index = find_free(0, end);
        }
        if (index < 0) {
            return errno_error(ENOSPC);
        }
        while (m_slots.size() <= static_cast<usize>(index)) {
            TRY(m_slots.try_append(RefPtr<T>()));
        }
        if (index <= m_last_index) {
            if (++m_seq >= kSeqMax) {
                m_seq = 0;
            }
        }
        m_last_index = index;
        m_next_index = static_cast<u32>(index) + 1;
        IpcPermission& perm = object->perm;
        perm.uid = perm.cuid = euid;
        perm.gid = perm.cgid = egid;
        perm.seq = m_seq;
        perm.deleted = false;
        perm.id = static_cast<int>(m_seq * kSeqMultiplier) + index;
        m_slots[static_cast<usize>(index)] = move(object);
        ++m_in_use;
        if (index > m_max_index) {
            m_max_index = index;
        }
        return index;
    }

    // ipc_rmid: out of the table, marked deleted; the caller's references
    // keep it alive until its waiters are gone.
    void remove(T& object)
    {
        const auto index = static_cast<usize>(object.perm.id) % kSeqMultiplier;
        object.perm.deleted = true;
        m_slots[index].clear();
        --m_in_use;
        if (static_cast<int>(index) == m_max_index) {
            int below = m_max_index - 1;
            while (below >= 0 && !m_slots[static_cast<usize>(below)]) {
                --below;
            }
            m_max_index = below;
        }
    }

    // Every live object, in index order (free_ipcs, /proc/sysvipc).
    template<typename Callback>
    void for_each(Callback callback) const
    {
        for (const RefPtr<T>& object : m_slots) {
            if (object) {
                callback(*object);
            }
        }
    }

private:
    [[nodiscard]] int find_free(u32 from, u32 end) const
    {
        for (u32 index = from; index < end; ++index) {
            if (index >= m_slots.size() || !m_slots[index]) {
                return static_cast<int>(index);
            }
        }
        return -1;
    }

    Vector<RefPtr<T>> m_slots;
    u32 m_in_use { 0 };
    u32 m_seq { 0 };
    u32 m_next_index { 0 }; // idr_next
    int m_last_index { -1 };
    int m_max_index { -1 };
};

} // namespace sirius::ipc
