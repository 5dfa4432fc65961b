#pragma once

// An IPC namespace (ipc_namespaces(7)): its own System V message queues,
// semaphore sets and shared memory segments, each family with its id table and limits. A new
// namespace starts empty; its objects die with it (Linux free_ipc_ns).
#include "core/ipc/message_queue.h"
#include "core/ipc/semaphore_set.h"
#include "core/ipc/shared_memory_segment.h"
#include "core/ns/owned_namespace.h"

namespace sirius::ns {

class IpcNamespace
    : public RefCounted<IpcNamespace>
    , public OwnedNamespace {
public:
    static constexpr NamespaceType kType = NamespaceType::Ipc;

    // `lock_charges`: the parent's (CLONE_NEWIPC), or none for the initial
    // namespace, which makes the ledger all of them share.
    static Result<RefPtr<IpcNamespace>> create(RefPtr<UserNamespace> owner, u32 inode, RefPtr<ipc::ShmLockCharges> lock_charges = {})
    {
        if (!lock_charges) {
            lock_charges = TRY(try_make_ref<ipc::ShmLockCharges>());
        }
        auto ns = TRY(try_make_ref<IpcNamespace>(move(owner), inode));
        ns->shm_lock_charges = move(lock_charges);
        return ns;
    }

    IpcNamespace(RefPtr<UserNamespace> owner, u32 inode)
        : OwnedNamespace(move(owner), inode)
    {
    }

    ipc::IdTable<ipc::MessageQueue> message_queues;
    // percpu_msg_bytes and percpu_msg_hdrs: what MSG_INFO reports.
    u64 message_bytes { 0 };
    u64 message_count { 0 };

    ipc::IdTable<ipc::SemaphoreSet> semaphore_sets;
    // used_sems: the semaphores of every set, against SEMMNS.
    u64 used_semaphores { 0 };

    ipc::IdTable<ipc::SharedMemorySegment> shared_memory;
    // shm_tot: the pages of every segment, against SHMALL.
    u64 shared_memory_pages { 0 };
    // SHM_LOCK's charges per user, shared by every IPC namespace.
    RefPtr<ipc::ShmLockCharges> shm_lock_charges;
};

} // namespace sirius::ns
