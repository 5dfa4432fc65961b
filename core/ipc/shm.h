#pragma once

// shmget(2), shmat(2), shmdt(2) and shmctl(2) in the caller's IPC namespace
// (Linux ipc/shm.c). The syscall layer copies the structures in and out.
#include <asm/shmbuf.h>
#include <linux/shm.h>

#include "core/ipc/shared_memory_segment.h"
#include "core/proc/kernel.h"

namespace sirius::ipc {

// ksys_shmget with newseg and shm_more_checks, in their order: EINVAL (size
// below SHMMIN or above SHMMAX, for a new segment), ENOSPC (page count
// overflows, SHMALL), EPERM/ENOMEM/EINVAL (SHM_HUGETLB: Sirius has no huge
// pages), EINVAL (above the largest file size), ENOMEM (more than the
// machine's memory without SHM_NORESERVE), ENOSPC (SHMMNI); for a key in
// use ENOENT, EEXIST, EINVAL (larger than the segment), EACCES.
Result<int> shared_memory_get(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, u64 size, int flags);

// do_shmat: the address the segment is mapped at. Errors: EINVAL (bad id,
// unaligned without SHM_RND, SHM_REMAP without an address, an address in
// use without SHM_REMAP), EACCES, EIDRM, ENOMEM, EPERM.
Result<u64> shared_memory_attach(proc::Kernel& kernel, proc::Thread& caller, int id, u64 address, int flags);

// ksys_shmdt: unmaps the segment VMAs that were attached at `address`
// (pieces of one that mprotect or munmap made too). Errors: EINVAL
// (unaligned, or no segment attached there).
Result<void> shared_memory_detach(proc::Thread& caller, u64 address);

// shmctl_ipc_info (IPC_INFO) and shmctl_shm_info (SHM_INFO): the highest
// index in use, or 0.
int shared_memory_limits(proc::Thread& caller, shminfo64& out);
int shared_memory_usage(proc::Thread& caller, shm_info& out);
// shmctl_stat (IPC_STAT, SHM_STAT, SHM_STAT_ANY): 0, or the full id for
// the *_STAT commands. Errors: EINVAL, EACCES.
Result<int> shared_memory_stat(proc::Thread& caller, int id, int cmd, shmid64_ds& out);
// shmctl_down. Errors: EINVAL, EPERM.
Result<void> shared_memory_set(proc::Kernel& kernel, proc::Thread& caller, int id, const shmid64_ds& in);
// IPC_RMID: destroyed now if nothing is attached, else marked SHM_DEST and
// given the private key, destroyed with its last detach.
Result<void> shared_memory_remove(proc::Thread& caller, int id);
// shmctl_do_lock (SHM_LOCK, SHM_UNLOCK). Errors: EINVAL, EPERM, ENOMEM.
Result<void> shared_memory_lock(proc::Thread& caller, int id, int cmd);

} // namespace sirius::ipc
