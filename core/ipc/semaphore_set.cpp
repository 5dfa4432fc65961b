#include "core/ipc/semaphore_set.h"

#include "core/ipc/ipc_limits.h"

namespace sirius::ipc {

SemaphoreSet::~SemaphoreSet()
{
    // A set that dies with its namespace (free_ipcs) lets its undo entries
    // go as IPC_RMID does.
    for (SemUndo& undo : m_undos) {
        undo.semid = -1;
        undo.set_node.unlink();
    }
}

int SemaphoreSet::try_operations(SemQueue& q)
{
    // perform_atomic_semop_slow: apply in order, undo on the way back out.
    usize done = 0;
    int result = 0;
    for (; done < q.count; ++done) {
        const sembuf& op = q.operations[done];
        Semaphore& sem = sems[op.sem_num];
        const int value = sem.value;
        if (op.sem_op == 0 && value != 0) {
            result = kSemWouldBlock;
            break;
        }
        const int next = value + op.sem_op;
        if (next < 0) {
            result = kSemWouldBlock;
            break;
        }
        if (next > kSemVmx) {
            result = -ERANGE;
            break;
        }
        if ((op.sem_flg & SEM_UNDO) != 0) {
            const int undo = q.undo->adjust[op.sem_num] - op.sem_op;
            // "Exceeding the undo range is an error."
            if (undo < (-kSemAem - 1) || undo > kSemAem) {
                result = -ERANGE;
                break;
            }
            q.undo->adjust[op.sem_num] = static_cast<i16>(undo);
        }
        sem.value = next;
    }
    if (result == kSemWouldBlock) {
        q.blocking = &q.operations[done];
        if ((q.operations[done].sem_flg & IPC_NOWAIT) != 0) {
            result = -EAGAIN;
        }
    }
    if (result != 0) {
        while (done > 0) {
            const sembuf& op = q.operations[--done];
            sems[op.sem_num].value -= op.sem_op;
            if ((op.sem_flg & SEM_UNDO) != 0) {
                q.undo->adjust[op.sem_num] = static_cast<i16>(q.undo->adjust[op.sem_num] + op.sem_op);
            }
        }
        return result;
    }
    for (usize i = q.count; i > 0; --i) {
        sems[q.operations[i - 1].sem_num].pid = q.tgid;
    }
    return 0;
}

void SemaphoreSet::complete(hal::Scheduler& scheduler, SemQueue& q, int status)
{
    // wake_up_sem_queue_prepare: off the list, the result stored, woken.
    q.node.unlink();
    q.done = true;
    q.status = status;
    scheduler.wake_one(q.queue);
}

void SemaphoreSet::update(hal::Scheduler& scheduler, const sembuf* operations, usize count, bool stamp, i64 now)
{
    // do_smart_update: the waits for zero first (do_smart_wakeup_zero),
    // then the alterations in arrival order (update_queue); a completed
    // alteration may enable an earlier one, so the scan starts again.
    bool restart = true;
    while (restart) {
        restart = false;
        for (SemQueue& q : m_pending_const) {
            const int result = try_operations(q);
            if (result <= 0) {
                complete(scheduler, q, -result);
                stamp = stamp || result == 0;
            }
        }
        for (SemQueue& q : m_pending_alter) {
            const int result = try_operations(q);
            if (result > 0) {
                continue;
            }
            complete(scheduler, q, -result);
            if (result == 0) {
                stamp = true;
                restart = true;
                break;
            }
        }
    }
    if (stamp) {
        // set_semotime: the first operation's semaphore, or semaphore 0.
        sems[operations != nullptr && count > 0 ? operations[0].sem_num : 0].otime = now;
    }
}

int SemaphoreSet::waiting_on(usize index, bool for_zero)
{
    // check_qop: a task counts for the operation it is blocked on only
    // (SUS; Linux before 4.0 counted it on every semaphore).
    int count = 0;
    auto tally = [&](Queue& list) {
        for (SemQueue& q : list) {
            const sembuf* op = q.blocking;
            if (op == nullptr || op->sem_num != index) {
                continue;
            }
            if (for_zero ? op->sem_op == 0 : op->sem_op < 0) {
                ++count;
            }
        }
    };
    tally(m_pending_alter);
    tally(m_pending_const);
    return count;
}

i64 SemaphoreSet::last_operation_time() const
{
    i64 latest = otime;
    for (const Semaphore& sem : sems) {
        latest = sem.otime > latest ? sem.otime : latest;
    }
    return latest;
}

void SemaphoreSet::release_all(hal::Scheduler& scheduler)
{
    // freeary: "Invalidate the existing undo structures", then "Wake up all
    // pending processes and let them fail with EIDRM."
    for (SemUndo& undo : m_undos) {
        undo.semid = -1;
        undo.set_node.unlink();
    }
    for (SemQueue& q : m_pending_const) {
        complete(scheduler, q, EIDRM);
    }
    for (SemQueue& q : m_pending_alter) {
        complete(scheduler, q, EIDRM);
    }
}

void SemaphoreSet::reset_adjustments(i64 index)
{
    for (SemUndo& undo : m_undos) {
        if (index < 0) {
            for (i16& adjust : undo.adjust) {
                adjust = 0;
            }
        } else {
            undo.adjust[static_cast<usize>(index)] = 0;
        }
    }
}

} // namespace sirius::ipc
