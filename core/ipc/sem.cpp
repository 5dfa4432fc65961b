#include "core/ipc/sem.h"

#include <linux/sched.h>

#include "core/ipc/ipc_get.h"

namespace sirius::ipc {

namespace {

Result<int> create_set(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, int count, int flags)
{
    // newary.
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    if (count == 0) {
        return errno_error(EINVAL);
    }
    // semget(2) ENOSPC: "the system-wide limit on the number of semaphores
    // (SEMMNS) would be exceeded".
    if (ns.used_semaphores + static_cast<u64>(count) > kSemMns) {
        return errno_error(ENOSPC);
    }
    RefPtr<SemaphoreSet> set = TRY(try_make_ref<SemaphoreSet>());
    TRY(set->sems.try_reserve(static_cast<usize>(count)));
    for (int i = 0; i < count; ++i) {
        TRY(set->sems.try_append(Semaphore {}));
    }
    set->perm.mode = static_cast<u32>(flags) & kModeMask;
    set->perm.key = key;
    set->ctime = real_seconds(kernel);
    const proc::Credentials& credentials = *caller.credentials;
    SemaphoreSet& added = *set;
    TRY(ns.semaphore_sets.add(move(set), kSemMni, credentials.uid.effective, credentials.gid.effective));
    ns.used_semaphores += static_cast<u64>(count);
    return added.perm.id;
}

Result<RefPtr<SemaphoreSet>> set_by_id(const proc::Thread& caller, int id)
{
    SemaphoreSet* set = TRY(ipc_namespace_of(caller).semaphore_sets.by_id(id));
    return RefPtr<SemaphoreSet>(set);
}

Result<RefPtr<SemaphoreSet>> accessible_set(const proc::Thread& caller, int id, u32 flag)
{
    RefPtr<SemaphoreSet> set = TRY(set_by_id(caller, id));
    if (!may_access(*caller.credentials, ipc_namespace_of(caller).owner(), set->perm, flag)) {
        return errno_error(EACCES);
    }
    return set;
}

// get_undo_list.
Result<SemUndoList*> undo_list_of(proc::Thread& thread)
{
    if (!thread.sem_undo) {
        thread.sem_undo = TRY(try_make_ref<SemUndoList>());
    }
    return thread.sem_undo.get();
}

// find_alloc_undo: the caller's entry for set `id`, made if missing.
Result<SemUndo*> find_or_make_undo(proc::Thread& caller, int id)
{
    SemUndoList& list = *TRY(undo_list_of(caller));
    if (SemUndo* undo = list.find(id)) {
        return undo;
    }
    RefPtr<SemaphoreSet> set = TRY(set_by_id(caller, id));
    OwnPtr<SemUndo> undo = TRY(try_make_own<SemUndo>());
    undo->semid = id;
    TRY(undo->adjust.try_reserve(set->sems.size()));
    for (usize i = 0; i < set->sems.size(); ++i) {
        TRY(undo->adjust.try_append(i16 { 0 }));
    }
    SemUndo& entry = *undo;
    TRY(list.entries().try_insert(0, move(undo)));
    set->link_undo(entry);
    return &entry;
}

} // namespace

Result<int> semaphore_get(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, int count, int flags)
{
    // semget(2) EINVAL: "nsems is less than 0 or greater than the limit on
    // the number of semaphores per semaphore set (SEMMSL)".
    if (count < 0 || static_cast<u32>(count) > kSemMsl) {
        return errno_error(EINVAL);
    }
    return ipc_get(
        ipc_namespace_of(caller).semaphore_sets, caller, key, flags, [&] { return create_set(kernel, caller, key, count, flags); },
        [&](SemaphoreSet& set) -> Result<void> {
            // sem_more_checks: "A semaphore set corresponding to key
            // exists, but nsems is greater than the number of semaphores
            // in that set."
            if (static_cast<usize>(count) > set.sems.size()) {
                return errno_error(EINVAL);
            }
            return {};
        });
}

Result<void> semaphore_operate(proc::Kernel& kernel, proc::Thread& caller, int id, Vector<sembuf>& operations, const hal::Nanoseconds* deadline)
{
    u32 max = 0;
    bool undos = false;
    bool alter = false;
    for (const sembuf& op : operations) {
        max = op.sem_num > max ? op.sem_num : max;
        undos = undos || (op.sem_flg & SEM_UNDO) != 0;
        alter = alter || op.sem_op != 0;
    }
    SemUndo* undo = nullptr;
    if (undos) {
        undo = TRY(find_or_make_undo(caller, id));
    }
    RefPtr<SemaphoreSet> set = TRY(set_by_id(caller, id));
    // semop(2) EFBIG: "sem_num was less than zero or greater than or equal
    // to the number of semaphores in the set".
    if (max >= set->sems.size()) {
        return errno_error(EFBIG);
    }
    if (!may_access(*caller.credentials, ipc_namespace_of(caller).owner(), set->perm, alter ? kWriteAll : kReadAll)) {
        return errno_error(EACCES);
    }
    // "semid identifiers are not unique - find_alloc_undo may have
    // allocated an undo structure, it was invalidated by an RMID".
    if (undo != nullptr && undo->semid == -1) {
        return errno_error(EIDRM);
    }
    SemQueue q;
    q.operations = operations.begin();
    q.count = operations.size();
    q.undo = undo;
    q.tgid = caller.process().pid_ref();
    q.alter = alter;
    const int result = set->try_operations(q);
    if (result == 0) {
        if (alter) {
            set->update(kernel.scheduler(), q.operations, q.count, true, real_seconds(kernel));
        } else {
            set->sems[q.operations[0].sem_num].otime = real_seconds(kernel);
        }
        return {};
    }
    if (result < 0) {
        return errno_error(-result);
    }
    set->queue(q);
    for (;;) {
        auto ready = [&] { return q.done || caller.has_deliverable_signal(); };
        const hal::WakeReason reason = deadline != nullptr
            ? kernel.scheduler().wait_until_deadline(q.queue, hal::BlockMode::Interruptible, ready, *deadline)
            : kernel.scheduler().wait_until(q.queue, hal::BlockMode::Interruptible, ready);
        if (q.done) {
            if (q.status != 0) {
                return errno_error(q.status);
            }
            return {};
        }
        // semop(2) EAGAIN: "the time limit specified in timeout expired".
        if (reason == hal::WakeReason::TimedOut) {
            q.node.unlink();
            return errno_error(EAGAIN);
        }
        // semop(2) EINTR: "While blocked in this system call, the thread
        // caught a signal"; semop is never restarted (signal(7)).
        if (caller.has_deliverable_signal()) {
            q.node.unlink();
            return errno_error(EINTR);
        }
    }
}

int semaphore_info(proc::Thread& caller, int cmd, seminfo& out)
{
    const ns::IpcNamespace& ns = ipc_namespace_of(caller);
    out = seminfo {};
    out.semmni = static_cast<int>(kSemMni);
    out.semmns = static_cast<int>(kSemMns);
    out.semmsl = static_cast<int>(kSemMsl);
    out.semopm = static_cast<int>(kSemOpm);
    out.semvmx = kSemVmx;
    out.semmnu = SEMMNU;
    out.semmap = SEMMAP;
    out.semume = SEMUME;
    if (cmd == SEM_INFO) {
        out.semusz = static_cast<int>(ns.semaphore_sets.in_use());
        out.semaem = static_cast<int>(ns.used_semaphores);
    } else {
        out.semusz = SEMUSZ;
        out.semaem = SEMAEM;
    }
    return highest_index(ns.semaphore_sets);
}

Result<int> semaphore_stat(proc::Thread& caller, int id, int cmd, semid64_ds& out)
{
    const ns::IpcNamespace& ns = ipc_namespace_of(caller);
    out = semid64_ds {};
    SemaphoreSet* set = TRY(object_to_stat(ns.semaphore_sets, caller, id, cmd, SEM_STAT_ANY));
    out.sem_perm = to_user_permission(*caller.credentials, set->perm);
    out.sem_otime = set->last_operation_time();
    out.sem_ctime = set->ctime;
    out.sem_nsems = set->sems.size();
    return cmd == IPC_STAT ? 0 : set->perm.id;
}

Result<int> semaphore_query(proc::Thread& caller, int id, int index, int cmd)
{
    RefPtr<SemaphoreSet> set = TRY(accessible_set(caller, id, kReadAll));
    if (index < 0 || static_cast<usize>(index) >= set->sems.size()) {
        return errno_error(EINVAL);
    }
    const Semaphore& sem = set->sems[static_cast<usize>(index)];
    switch (cmd) {
    case GETVAL:
        return sem.value;
    case GETPID:
        return pid_as_seen(sem.pid, caller.active_pid_namespace());
    case GETNCNT:
        return set->waiting_on(static_cast<usize>(index), false);
    default: // GETZCNT
        return set->waiting_on(static_cast<usize>(index), true);
    }
}

Result<usize> semaphore_count(proc::Thread& caller, int id, bool write)
{
    RefPtr<SemaphoreSet> set = TRY(accessible_set(caller, id, write ? kWriteAll : kReadAll));
    return set->sems.size();
}

Result<Vector<u16>> semaphore_values(proc::Thread& caller, int id)
{
    RefPtr<SemaphoreSet> set = TRY(accessible_set(caller, id, kReadAll));
    Vector<u16> values;
    TRY(values.try_reserve(set->sems.size()));
    for (const Semaphore& sem : set->sems) {
        TRY(values.try_append(static_cast<u16>(sem.value)));
    }
    return values;
}

Result<void> semaphore_set_values(proc::Kernel& kernel, proc::Thread& caller, int id, const Vector<u16>& values)
{
    RefPtr<SemaphoreSet> set = TRY(accessible_set(caller, id, kWriteAll));
    for (const u16 value : values) {
        if (value > kSemVmx) {
            return errno_error(ERANGE);
        }
    }
    const RefPtr<proc::Pid>& tgid = caller.process().pid_ref();
    for (usize i = 0; i < set->sems.size() && i < values.size(); ++i) {
        set->sems[i].value = values[i];
        set->sems[i].pid = tgid;
    }
    set->reset_adjustments(-1);
    set->ctime = real_seconds(kernel);
    // "maybe some queued-up processes were waiting for this".
    set->update(kernel.scheduler(), nullptr, 0, false, real_seconds(kernel));
    return {};
}

Result<void> semaphore_set_value(proc::Kernel& kernel, proc::Thread& caller, int id, int index, int value)
{
    // semctl(2) ERANGE: "semval ... less than 0 or greater than SEMVMX",
    // checked before the set is looked up.
    if (value > kSemVmx || value < 0) {
        return errno_error(ERANGE);
    }
    RefPtr<SemaphoreSet> set = TRY(set_by_id(caller, id));
    if (index < 0 || static_cast<usize>(index) >= set->sems.size()) {
        return errno_error(EINVAL);
    }
    if (!may_access(*caller.credentials, ipc_namespace_of(caller).owner(), set->perm, kWriteAll)) {
        return errno_error(EACCES);
    }
    set->reset_adjustments(index);
    Semaphore& sem = set->sems[static_cast<usize>(index)];
    sem.value = value;
    sem.pid = caller.process().pid_ref();
    set->ctime = real_seconds(kernel);
    set->update(kernel.scheduler(), nullptr, 0, false, real_seconds(kernel));
    return {};
}

Result<void> semaphore_set(proc::Kernel& kernel, proc::Thread& caller, int id, const semid64_ds& in)
{
    RefPtr<SemaphoreSet> set = TRY(set_by_id(caller, id));
    if (!may_control(*caller.credentials, ipc_namespace_of(caller).owner(), set->perm)) {
        return errno_error(EPERM);
    }
    TRY(update_permission(*caller.credentials, in.sem_perm, set->perm));
    set->ctime = real_seconds(kernel);
    return {};
}

Result<void> semaphore_remove(proc::Kernel& kernel, proc::Thread& caller, int id)
{
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<SemaphoreSet> set = TRY(set_by_id(caller, id));
    if (!may_control(*caller.credentials, ns.owner(), set->perm)) {
        return errno_error(EPERM);
    }
    // freeary.
    set->release_all(kernel.scheduler());
    ns.semaphore_sets.remove(*set);
    ns.used_semaphores -= set->sems.size();
    return {};
}

Result<void> clone_semaphore_undo(proc::Thread& caller, proc::Thread& child, u64 flags)
{
    if ((flags & CLONE_SYSVSEM) == 0) {
        child.sem_undo.clear();
        return {};
    }
    // copy_semundo: get_undo_list makes the list if the caller has none,
    // so that both share what either records later.
    child.sem_undo = RefPtr<SemUndoList>(TRY(undo_list_of(caller)));
    return {};
}

void exit_semaphores(proc::Kernel& kernel, proc::Thread& thread)
{
    RefPtr<SemUndoList> list = move(thread.sem_undo);
    // "if (!refcount_dec_and_test(&ulp->refcnt)) return;"
    if (!list || list->ref_count() > 1 || !thread.namespaces) {
        return;
    }
    ns::IpcNamespace& ns = ipc_namespace_of(thread);
    const i64 now = real_seconds(kernel);
    for (const OwnPtr<SemUndo>& undo : list->entries()) {
        if (undo->semid == -1) {
            continue;
        }
        // "exit_sem raced with IPC_RMID, nothing to do".
        auto found = ns.semaphore_sets.by_id(undo->semid);
        if (found.is_error()) {
            continue;
        }
        SemaphoreSet& set = *found.value();
        undo->set_node.unlink();
        for (usize i = 0; i < set.sems.size() && i < undo->adjust.size(); ++i) {
            if (undo->adjust[i] == 0) {
                continue;
            }
            // "Linux caps the semaphore value, both at 0 and at SEMVMX."
            Semaphore& sem = set.sems[i];
            sem.value += undo->adjust[i];
            sem.value = sem.value < 0 ? 0 : sem.value;
            sem.value = sem.value > kSemVmx ? kSemVmx : sem.value;
            sem.pid = thread.process().pid_ref();
        }
        set.update(kernel.scheduler(), nullptr, 0, true, now);
    }
}

} // namespace sirius::ipc
