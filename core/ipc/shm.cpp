#include "core/ipc/shm.h"

#include <linux/capability.h>
#include <linux/mman.h>
#include <linux/resource.h>

#include "core/fs/permission.h"
#include "core/hal/memory_statistics.h"
#include "core/ipc/ipc_get.h"
#include "core/mm/caller_limits.h"
#include "core/mm/memory_descriptor.h"

namespace sirius::ipc {

namespace {

// SHMLBA on x86_64 is the page size.
constexpr u64 kPageSize = 4096;
// MAX_LFS_FILESIZE: LLONG_MAX, what shmem_kernel_file_setup allows.
constexpr u64 kMaxFileSize = 0x7fffffffffffffffULL;
// The huge page sizes x86_64 has (log2): 2 MiB and 1 GiB.
constexpr int kHugePageShift2M = 21;
constexpr int kHugePageShift1G = 30;

Result<RefPtr<SharedMemorySegment>> segment_by_id(const proc::Thread& caller, int id)
{
    SharedMemorySegment* segment = TRY(ipc_namespace_of(caller).shared_memory.by_id(id));
    return RefPtr<SharedMemorySegment>(segment);
}

// hugetlb_file_setup with no huge pages reserved, which is every Sirius
// machine: EINVAL for a size the CPU has no pages of, EPERM unless the
// caller may use them (can_do_hugetlb_shm: CAP_IPC_LOCK, or the group
// vm.hugetlb_shm_group, 0 by default), else ENOMEM (no pages to reserve).
Result<void> refuse_huge_pages(const proc::Credentials& credentials, int flags)
{
    const int shift = (flags >> SHM_HUGE_SHIFT) & SHM_HUGE_MASK;
    if (shift != 0 && shift != kHugePageShift2M && shift != kHugePageShift1G) {
        return errno_error(EINVAL);
    }
    if (!capable_in_initial_namespace(credentials, CAP_IPC_LOCK) && !fs::in_group(credentials, 0)) {
        return errno_error(EPERM);
    }
    return errno_error(ENOMEM);
}

Result<int> create_segment(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, u64 size, int flags)
{
    // newseg, in its order.
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    if (size < kShmMin || size > kShmMax) {
        return errno_error(EINVAL);
    }
    const u64 pages = (size + kPageSize - 1) / kPageSize;
    if (pages * kPageSize < size) {
        return errno_error(ENOSPC);
    }
    if (ns.shared_memory_pages + pages < ns.shared_memory_pages || ns.shared_memory_pages + pages > kShmAll) {
        return errno_error(ENOSPC);
    }
    if ((flags & SHM_HUGETLB) != 0) {
        TRY(refuse_huge_pages(*caller.credentials, flags));
    }
    // shmem_kernel_file_setup: the size is a file size (loff_t).
    if (size > kMaxFileSize) {
        return errno_error(EINVAL);
    }
    // shmem_acct_size unless SHM_NORESERVE: __vm_enough_memory's
    // OVERCOMMIT_GUESS (the default) refuses one allocation larger than
    // all of RAM (Sirius has no swap).
    if ((flags & SHM_NORESERVE) == 0 && pages > hal::memory_statistics().total_bytes / kPageSize) {
        return errno_error(ENOMEM);
    }
    RefPtr<hal::MemoryObject> memory = TRY(kernel.mmu().create_memory_object(pages));
    RefPtr<SharedMemorySegment> segment = TRY(try_make_ref<SharedMemorySegment>(size, move(memory)));
    segment->perm.key = key;
    segment->file_key = key;
    segment->perm.mode = static_cast<u32>(flags) & kModeMask;
    segment->cpid = caller.process().pid_ref();
    segment->ctime = real_seconds(kernel);
    const proc::Credentials& credentials = *caller.credentials;
    SharedMemorySegment& added = *segment;
    TRY(ns.shared_memory.add(move(segment), kShmMni, credentials.uid.effective, credentials.gid.effective));
    ns.shared_memory_pages += pages;
    return added.perm.id;
}

} // namespace

Result<int> shared_memory_get(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, u64 size, int flags)
{
    return ipc_get(
        ipc_namespace_of(caller).shared_memory, caller, key, flags, [&] { return create_segment(kernel, caller, key, size, flags); },
        [&](const SharedMemorySegment& segment) -> Result<void> {
            // shm_more_checks: "if (shp->shm_segsz < params->u.size)".
            if (segment.size < size) {
                return errno_error(EINVAL);
            }
            return {};
        });
}

Result<u64> shared_memory_attach(proc::Kernel& kernel, proc::Thread& caller, int id, u64 address, int flags)
{
    // do_shmat, in its order.
    if (id < 0) {
        return errno_error(EINVAL);
    }
    bool fixed = false;
    if (address != 0) {
        if ((address & (kPageSize - 1)) != 0) {
            if ((flags & SHM_RND) == 0) {
                return errno_error(EINVAL);
            }
            // "Ensure that the round-down is non-nil when remapping."
            address &= ~(kPageSize - 1);
            if (address == 0 && (flags & SHM_REMAP) != 0) {
                return errno_error(EINVAL);
            }
        }
        fixed = true;
    } else if ((flags & SHM_REMAP) != 0) {
        return errno_error(EINVAL);
    }
    u64 prot = PROT_READ | PROT_WRITE;
    u32 access = kReadAll | kWriteAll;
    const bool read_only = (flags & SHM_RDONLY) != 0;
    if (read_only) {
        prot = PROT_READ;
        access = kReadAll;
    }
    if ((flags & SHM_EXEC) != 0) {
        prot |= PROT_EXEC;
        access |= 0111;
    }
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<SharedMemorySegment> segment = TRY(segment_by_id(caller, id));
    if (!may_access(*caller.credentials, ns.owner(), segment->perm, access)) {
        return errno_error(EACCES);
    }
    if (fixed && (flags & SHM_REMAP) == 0) {
        u64 end = 0;
        if (__builtin_add_overflow(address, segment->size, &end) || caller.memory->has_vma_in(address, end)) {
            return errno_error(EINVAL);
        }
    }
    auto attachment = TRY(try_make_ref<SharedMemoryAttachment>(kernel, RefPtr<ns::IpcNamespace>(&ns), segment));
    const mm::CallerLimits limits = mm::CallerLimits::of(kernel, caller);
    const UserAddress mapped = TRY(caller.memory->map_object(RefPtr<mm::MappedObject>(move(attachment)), UserAddress(address), fixed, prot, !read_only, limits));
    return mapped.value();
}

Result<void> shared_memory_detach(proc::Thread& caller, u64 address)
{
    // ksys_shmdt.
    if ((address & (kPageSize - 1)) != 0) {
        return errno_error(EINVAL);
    }
    mm::MemoryDescriptor& memory = *caller.memory;
    const Vector<mm::Vma> vmas = TRY(memory.vmas());
    // "(vma->vm_start - addr)/PAGE_SIZE == vma->vm_pgoff": a VMA of a
    // segment attached at `address`, or a piece of one.
    auto attached_here = [address](const mm::Vma& vma) {
        return vma.object && vma.object->kind() == mm::MappedObjectKind::SysvSharedMemory && (vma.start - address) / kPageSize == vma.object_offset / kPageSize;
    };
    usize index = 0;
    while (index < vmas.size() && vmas[index].end <= address) {
        ++index;
    }
    // The first such VMA gives the segment and its size...
    const mm::MappedObject* segment = nullptr;
    u64 size = 0;
    for (; index < vmas.size(); ++index) {
        if (attached_here(vmas[index])) {
            segment = vmas[index].object.get();
            size = segment->size();
            (void)memory.munmap(UserAddress(vmas[index].start), vmas[index].size());
            ++index;
            break;
        }
    }
    if (segment == nullptr) {
        return errno_error(EINVAL);
    }
    // ...then every piece of the same attachment within that size of it.
    // (The attachment stays alive: each VMA copy in `vmas` holds it.)
    // "vma->vm_file == file": the same attachment (each shmat opens its own
    // file; a split or fork's copy keeps it), not any attachment of the
    // same segment - a piece of another attach that mremap moved here
    // stays.
    size = (size + kPageSize - 1) & ~(kPageSize - 1);
    for (; index < vmas.size() && static_cast<i64>(vmas[index].end - address) <= static_cast<i64>(size); ++index) {
        if (attached_here(vmas[index]) && vmas[index].object.get() == segment) {
            (void)memory.munmap(UserAddress(vmas[index].start), vmas[index].size());
        }
    }
    return {};
}

int shared_memory_limits(proc::Thread& caller, shminfo64& out)
{
    const ns::IpcNamespace& ns = ipc_namespace_of(caller);
    out = shminfo64 {};
    out.shmmni = out.shmseg = kShmMni;
    out.shmmax = kShmMax;
    out.shmall = kShmAll;
    out.shmmin = kShmMin;
    return highest_index(ns.shared_memory);
}

int shared_memory_usage(proc::Thread& caller, shm_info& out)
{
    const ns::IpcNamespace& ns = ipc_namespace_of(caller);
    out = shm_info {};
    out.used_ids = static_cast<int>(ns.shared_memory.in_use());
    ns.shared_memory.for_each([&](const SharedMemorySegment& segment) { out.shm_rss += segment.memory->resident_pages(); });
    out.shm_tot = ns.shared_memory_pages;
    return highest_index(ns.shared_memory);
}

Result<int> shared_memory_stat(proc::Thread& caller, int id, int cmd, shmid64_ds& out)
{
    const ns::IpcNamespace& ns = ipc_namespace_of(caller);
    out = shmid64_ds {};
    SharedMemorySegment* segment = TRY(object_to_stat(ns.shared_memory, caller, id, cmd, SHM_STAT_ANY));
    const ns::PidNamespace& viewer = caller.active_pid_namespace();
    out.shm_perm = to_user_permission(*caller.credentials, segment->perm);
    out.shm_segsz = segment->size;
    out.shm_atime = segment->atime;
    out.shm_dtime = segment->dtime;
    out.shm_ctime = segment->ctime;
    out.shm_cpid = pid_as_seen(segment->cpid, viewer);
    out.shm_lpid = pid_as_seen(segment->lpid, viewer);
    out.shm_nattch = segment->attaches;
    // "SHM_STAT and SHM_STAT_ANY (both Linux specific) Return the full id".
    return cmd == IPC_STAT ? 0 : segment->perm.id;
}

Result<void> shared_memory_set(proc::Kernel& kernel, proc::Thread& caller, int id, const shmid64_ds& in)
{
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<SharedMemorySegment> segment = TRY(segment_by_id(caller, id));
    if (!may_control(*caller.credentials, ns.owner(), segment->perm)) {
        return errno_error(EPERM);
    }
    TRY(update_permission(*caller.credentials, in.shm_perm, segment->perm));
    segment->ctime = real_seconds(kernel);
    return {};
}

Result<void> shared_memory_remove(proc::Thread& caller, int id)
{
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<SharedMemorySegment> segment = TRY(segment_by_id(caller, id));
    if (!may_control(*caller.credentials, ns.owner(), segment->perm)) {
        return errno_error(EPERM);
    }
    // do_shm_rmid.
    if (segment->attaches != 0) {
        segment->perm.mode |= kShmDest;
        // "Do not find it any more": ipc_set_key_private.
        segment->perm.key = IPC_PRIVATE;
        return {};
    }
    destroy_segment(ns, *segment);
    return {};
}

Result<void> shared_memory_lock(proc::Thread& caller, int id, int cmd)
{
    // shmctl_do_lock.
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<SharedMemorySegment> segment = TRY(segment_by_id(caller, id));
    const proc::Credentials& credentials = *caller.credentials;
    const u64 lock_limit = caller.process().limits().get(RLIMIT_MEMLOCK).soft;
    if (!proc::has_capability_in(credentials, ns.owner(), CAP_IPC_LOCK)) {
        const u32 euid = credentials.uid.effective;
        if (euid != segment->perm.uid && euid != segment->perm.cuid) {
            return errno_error(EPERM);
        }
        if (cmd == SHM_LOCK && lock_limit == 0) {
            return errno_error(EPERM);
        }
    }
    if (cmd == SHM_LOCK) {
        if ((segment->perm.mode & kShmLocked) != 0) {
            return {};
        }
        // shmem_lock -> user_shm_lock: the user's locked pages within
        // RLIMIT_MEMLOCK, unless it is unlimited or CAP_IPC_LOCK (initial
        // namespace) allows more.
        // The user's locks in every IPC namespace count (current_ucounts()).
        const u32 uid = credentials.uid.real;
        const u64 pages = segment->memory->page_count();
        ShmLockCharges& charges = *ns.shm_lock_charges;
        if (lock_limit != proc::kUnlimited && charges.pages_of(uid) + pages > lock_limit / kPageSize && !capable_in_initial_namespace(credentials, CAP_IPC_LOCK)) {
            return errno_error(ENOMEM);
        }
        TRY(charges.charge(uid, pages));
        segment->perm.mode |= kShmLocked;
        segment->locked_by = uid;
        segment->lock_charges = ns.shm_lock_charges;
        return {};
    }
    // "if (!(shp->shm_perm.mode & SHM_LOCKED)) goto out_unlock0": the
    // charge goes back once.
    if (segment->lock_charges) {
        segment->lock_charges->uncharge(segment->locked_by, segment->memory->page_count());
        segment->lock_charges.clear();
    }
    segment->perm.mode &= ~static_cast<u32>(kShmLocked);
    return {};
}

} // namespace sirius::ipc
