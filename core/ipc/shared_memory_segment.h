#pragma once

// A System V shared memory segment (Linux struct shmid_kernel, ipc/shm.c)
// and what a mapping of it holds (struct shm_file_data). The segment owns
// its pages (a hal::MemoryObject, made as they are touched); every VMA that
// maps it holds a SharedMemoryAttachment, which keeps the segment and its
// IPC namespace alive and counts the VMAs in shm_nattch as Linux's
// shm_open and shm_close do (a VMA split in two counts twice).
#include "core/base/vector.h"
#include "core/ipc/id_table.h"
#include "core/mm/mapped_object.h"
#include "core/proc/pid.h"

namespace sirius::ns {
class IpcNamespace;
} // namespace sirius::ns

namespace sirius::proc {
class Kernel;
} // namespace sirius::proc

namespace sirius::ipc {

// The pages SHM_LOCK has charged to each user. Linux charges them to
// current_ucounts() (UCOUNT_RLIMIT_MEMLOCK), which belongs to the user, not
// to an IPC namespace: every IPC namespace made from the initial one shares
// this ledger, so a user's locks in all of them count against its
// RLIMIT_MEMLOCK together.
class ShmLockCharges : public RefCounted<ShmLockCharges> {
public:
    [[nodiscard]] u64 pages_of(u32 uid) const;
    // Errors: ENOMEM (a user with no entry yet).
    Result<void> charge(u32 uid, u64 pages);
    void uncharge(u32 uid, u64 pages);

private:
    struct Entry {
        u32 uid;
        u64 pages;
    };
    Vector<Entry> m_entries;
};

class SharedMemorySegment : public RefCounted<SharedMemorySegment> {
public:
    SharedMemorySegment(u64 bytes, RefPtr<hal::MemoryObject> pages)
        : size(bytes)
        , memory(move(pages))
    {
    }
    // shm_destroy: a locked segment gives its pages back to the user.
    ~SharedMemorySegment();

    IpcPermission perm; // mode carries SHM_DEST and SHM_LOCKED too
    __kernel_key_t file_key { IPC_PRIVATE }; // the key it was made with (IPC_RMID clears perm.key), in its file's name
    u64 size; // shm_segsz, as asked (not rounded to pages)
    RefPtr<hal::MemoryObject> memory; // shm_file's pages
    i64 atime { 0 };
    i64 dtime { 0 };
    i64 ctime { 0 };
    RefPtr<proc::Pid> cpid; // shm_cprid: the creator's process
    RefPtr<proc::Pid> lpid; // shm_lprid: the last to attach or detach
    u64 attaches { 0 }; // shm_nattch: the VMAs that map it
    u32 locked_by { 0 }; // the kernel uid whose lock limit SHM_LOCK charged
    RefPtr<ShmLockCharges> lock_charges; // where, while SHM_LOCKED (shp->mlock_ucounts)
};

// shm_destroy: the segment leaves its namespace's table and total (its
// pages go with the last reference: the table's, or a VMA's).
void destroy_segment(ns::IpcNamespace& ns, SharedMemorySegment& segment);

class SharedMemoryAttachment final : public mm::MappedObject {
public:
    SharedMemoryAttachment(proc::Kernel& kernel, RefPtr<ns::IpcNamespace> ns, RefPtr<SharedMemorySegment> segment);
    ~SharedMemoryAttachment() override;

    [[nodiscard]] mm::MappedObjectKind kind() const override { return mm::MappedObjectKind::SysvSharedMemory; }
    [[nodiscard]] hal::MemoryObject& memory() const override { return *m_segment->memory; }
    [[nodiscard]] u64 size() const override { return m_segment->size; }
    // Linux's shm files live on the internal shm mount (device 0:1 on a
    // machine whose first anonymous device it is), named SYSV<key>, inode
    // the id, always unlinked.
    [[nodiscard]] mm::MappedObjectName name() const override;
    // shm_open: one more attach, now, by the current process.
    void vma_opened() override;
    // shm_close: one fewer, now, by the current process; the last one of a
    // segment marked SHM_DEST destroys it.
    void vma_closed() override;

    [[nodiscard]] const SharedMemorySegment& segment() const { return *m_segment; }

private:
    void record_current_process();

    proc::Kernel& m_kernel;
    RefPtr<ns::IpcNamespace> m_namespace;
    RefPtr<SharedMemorySegment> m_segment;
};

} // namespace sirius::ipc
