#include "core/ipc/semaphore_undo.h"

namespace sirius::ipc {

SemUndo* SemUndoList::find(int semid)
{
    for (usize i = 0; i < m_entries.size();) {
        if (m_entries[i]->semid == -1) {
            // __lookup_undo: "freeary() set semid to -1 ... remove it now".
            m_entries.remove(i);
            continue;
        }
        if (m_entries[i]->semid == semid) {
            return m_entries[i].get();
        }
        ++i;
    }
    return nullptr;
}

} // namespace sirius::ipc
