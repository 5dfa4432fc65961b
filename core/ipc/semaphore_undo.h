#pragma once

// SEM_UNDO bookkeeping (Linux struct sem_undo and sem_undo_list,
// ipc/sem.c): per semaphore set, the adjustment that undoes what a process
// did with SEM_UNDO; per process (shared by CLONE_SYSVSEM), the list of
// them, applied when its last user exits (exit_sem).
#include "core/base/intrusive_list.h"
#include "core/base/own_ptr.h"
#include "core/base/ref_counted.h"
#include "core/base/vector.h"

namespace sirius::ipc {

// struct sem_undo: one set's adjustments (semadj, a short per semaphore).
struct SemUndo : public HeapObject {
    // On the set's list (sma->list_id), so SETVAL, SETALL and IPC_RMID find it.
    IntrusiveListNode set_node;
    // The set's id, or -1 once the set was removed (freeary).
    int semid { -1 };
    Vector<i16> adjust;
};

// struct sem_undo_list: a process's undo entries, shared with CLONE_SYSVSEM.
class SemUndoList : public RefCounted<SemUndoList> {
public:
    // lookup_undo: the entry of a live set `semid`, or nullptr. Entries of
    // removed sets are dropped on the way.
    SemUndo* find(int semid);
    // The entries, newest first (list_add_rcu puts a new one at the head).
    Vector<OwnPtr<SemUndo>>& entries() { return m_entries; }

private:
    Vector<OwnPtr<SemUndo>> m_entries;
};

} // namespace sirius::ipc
