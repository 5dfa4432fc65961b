#include "core/ipc/shared_memory_segment.h"

#include <linux/shm.h>

#include "core/ipc/ipc_get.h"
#include "core/ns/ipc_namespace.h"

namespace sirius::ipc {

u64 ShmLockCharges::pages_of(u32 uid) const
{
    for (const Entry& entry : m_entries) {
        if (entry.uid == uid) {
            return entry.pages;
        }
    }
    return 0;
}

Result<void> ShmLockCharges::charge(u32 uid, u64 pages)
{
    for (Entry& entry : m_entries) {
        if (entry.uid == uid) {
            entry.pages += pages;
            return {};
        }
    }
    return m_entries.try_append(Entry { uid, pages });
}

void ShmLockCharges::uncharge(u32 uid, u64 pages)
{
    for (usize i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].uid == uid) {
            m_entries[i].pages -= pages;
            if (m_entries[i].pages == 0) {
                m_entries.remove(i);
            }
            return;
        }
    }
}

SharedMemorySegment::~SharedMemorySegment()
{
    if (lock_charges) {
        lock_charges->uncharge(locked_by, memory->page_count());
    }
}

void destroy_segment(ns::IpcNamespace& ns, SharedMemorySegment& segment)
{
    const u64 pages = segment.memory->page_count();
    ns.shared_memory_pages -= pages;
    ns.shared_memory.remove(segment);
}

SharedMemoryAttachment::SharedMemoryAttachment(proc::Kernel& kernel, RefPtr<ns::IpcNamespace> ns, RefPtr<SharedMemorySegment> segment)
    : m_kernel(kernel)
    , m_namespace(move(ns))
    , m_segment(move(segment))
{
}

SharedMemoryAttachment::~SharedMemoryAttachment() = default;

mm::MappedObjectName SharedMemoryAttachment::name() const
{
    mm::MappedObjectName name;
    name.device_major = 0;
    name.device_minor = 1;
    name.inode = static_cast<u32>(m_segment->perm.id);
    // newseg: sprintf(name, "SYSV%08x", key), the key it was made with.
    constexpr char kDigits[] = "0123456789abcdef";
    constexpr char kPrefix[] = "/SYSV";
    constexpr char kSuffix[] = " (deleted)";
    usize at = 0;
    for (const char c : kPrefix) {
        if (c != '\0') {
            name.path[at++] = c;
        }
    }
    const auto key = static_cast<u32>(m_segment->file_key);
    for (int shift = 28; shift >= 0; shift -= 4) {
        name.path[at++] = kDigits[(key >> shift) & 0xf];
    }
    for (const char c : kSuffix) {
        name.path[at++] = c;
    }
    return name;
}

void SharedMemoryAttachment::record_current_process()
{
    // shm_lprid = task_tgid(current): fork's copies are the parent's
    // doing, an exit's closes the exiting process's.
    if (const proc::Thread* current = m_kernel.scheduler().current_thread()) {
        m_segment->lpid = current->process().pid_ref();
    }
}

void SharedMemoryAttachment::vma_opened()
{
    // __shm_open.
    m_segment->atime = real_seconds(m_kernel);
    record_current_process();
    ++m_segment->attaches;
}

void SharedMemoryAttachment::vma_closed()
{
    // __shm_close.
    record_current_process();
    m_segment->dtime = real_seconds(m_kernel);
    --m_segment->attaches;
    // shm_may_destroy (shm_rmid_forced is 0, Linux's default).
    if (m_segment->attaches == 0 && (m_segment->perm.mode & kShmDest) != 0 && !m_segment->perm.deleted) {
        destroy_segment(*m_namespace, *m_segment);
    }
}

} // namespace sirius::ipc
