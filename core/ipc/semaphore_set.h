#pragma once

// A System V semaphore set (Linux struct sem_array, ipc/sem.c): the values,
// the operations blocked on them, and the undo entries that refer to it.
// semop(2) is all-or-nothing: perform_atomic_semop applies every operation
// or none, and a blocked semop is completed by whoever changes the values
// so that it can proceed (update_queue), before that caller returns.
#include <linux/sem.h>

#include "core/hal/scheduler.h"
#include "core/ipc/id_table.h"
#include "core/ipc/semaphore_undo.h"
#include "core/proc/pid.h"

namespace sirius::ipc {

// struct sem: one semaphore.
struct Semaphore {
    int value { 0 };
    RefPtr<proc::Pid> pid; // sempid: the last process to change it
    i64 otime { 0 }; // the last semop on it
};

// struct sem_queue: a semop blocked in the set.
struct SemQueue {
    IntrusiveListNode node;
    const sembuf* operations { nullptr };
    usize count { 0 };
    SemUndo* undo { nullptr };
    RefPtr<proc::Pid> tgid;
    bool alter { false };
    // The operation it waits on (q->blocking), for GETNCNT and GETZCNT.
    const sembuf* blocking { nullptr };
    // Completed by another task: 0, or the errno (ERANGE, EAGAIN, EIDRM).
    bool done { false };
    int status { 0 };
    hal::WaitQueue queue;
};

// Values of perform_atomic_semop besides 0 and -errno.
inline constexpr int kSemWouldBlock = 1;

class SemaphoreSet : public RefCounted<SemaphoreSet> {
public:
    SemaphoreSet() = default;
    ~SemaphoreSet();
    SemaphoreSet(const SemaphoreSet&) = delete;
    SemaphoreSet& operator=(const SemaphoreSet&) = delete;

    // perform_atomic_semop: every operation of `q` or none; 0 when done,
    // kSemWouldBlock, or -EAGAIN (IPC_NOWAIT) / -ERANGE (past SEMVMX, or
    // an adjustment past SEMAEM). Sets q.blocking.
    int try_operations(SemQueue& q);
    // do_smart_update: completes the blocked operations the values now
    // allow, waking their tasks; `now` stamps the semaphores changed.
    void update(hal::Scheduler& scheduler, const sembuf* operations, usize count, bool stamp, i64 now);
    // count_semcnt: the tasks waiting for semaphore `index` to grow
    // (GETNCNT) or to be zero (GETZCNT).
    [[nodiscard]] int waiting_on(usize index, bool for_zero);
    // get_semotime: the last semop on any semaphore.
    [[nodiscard]] i64 last_operation_time() const;
    // The RMID side of freeary: every waiter gets EIDRM, every undo entry
    // is let go.
    void release_all(hal::Scheduler& scheduler);

    void queue(SemQueue& q) { (q.alter ? m_pending_alter : m_pending_const).append(q); }
    void link_undo(SemUndo& undo) { m_undos.append(undo); }
    // SETVAL, SETALL: "un->semadj[semnum] = 0" in every undo entry.
    void reset_adjustments(i64 index);

    IpcPermission perm;
    i64 otime { 0 };
    i64 ctime { 0 };
    Vector<Semaphore> sems;

private:
    using Queue = IntrusiveList<SemQueue, &SemQueue::node>;
    static void complete(hal::Scheduler& scheduler, SemQueue& q, int status);

    Queue m_pending_alter;
    Queue m_pending_const;
    IntrusiveList<SemUndo, &SemUndo::set_node> m_undos;
};

} // namespace sirius::ipc
