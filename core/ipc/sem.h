#pragma once

// semget(2), semop(2), semtimedop(2) and semctl(2) in the caller's IPC
// namespace, and the SEM_UNDO lists of processes (Linux ipc/sem.c). The
// syscall layer copies the operations and arrays in and out.
#include <linux/sem.h>

#include "core/hal/clock.h"
#include "core/ipc/semaphore_set.h"
#include "core/proc/kernel.h"

namespace sirius::ipc {

// ksys_semget. Errors: EINVAL (nsems < 0 or > SEMMSL, 0 for a new set,
// more than an existing set has), ENOENT, EEXIST, EACCES, ENOSPC, ENOMEM.
Result<int> semaphore_get(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, int count, int flags);

// __do_semtimedop with the operations copied in and checked for count:
// EINVAL, EFBIG, EACCES, EIDRM, ERANGE, EAGAIN (IPC_NOWAIT, or the
// deadline passed), EINTR (never restarted), ENOMEM. `deadline` is on
// the monotonic clock, nullptr for none.
Result<void> semaphore_operate(proc::Kernel& kernel, proc::Thread& caller, int id, Vector<sembuf>& operations, const hal::Nanoseconds* deadline);

// semctl_info (IPC_INFO, SEM_INFO): the highest index in use, or 0.
int semaphore_info(proc::Thread& caller, int cmd, seminfo& out);
// semctl_stat (IPC_STAT, SEM_STAT, SEM_STAT_ANY). Errors: EINVAL, EACCES.
Result<int> semaphore_stat(proc::Thread& caller, int id, int cmd, semid64_ds& out);
// semctl_main's GETVAL, GETPID, GETNCNT, GETZCNT. Errors: EINVAL, EACCES.
Result<int> semaphore_query(proc::Thread& caller, int id, int index, int cmd);
// The set's size after semctl_main's checks for GETALL (read) or SETALL
// (write), before the array is copied. Errors: EINVAL, EACCES.
Result<usize> semaphore_count(proc::Thread& caller, int id, bool write);
// GETALL. Errors: EINVAL, EACCES, ENOMEM.
Result<Vector<u16>> semaphore_values(proc::Thread& caller, int id);
// SETALL with the array read in: ERANGE past SEMVMX, then EIDRM if the set
// went meanwhile.
Result<void> semaphore_set_values(proc::Kernel& kernel, proc::Thread& caller, int id, const Vector<u16>& values);
// semctl_setval. Errors: ERANGE, EINVAL, EACCES.
Result<void> semaphore_set_value(proc::Kernel& kernel, proc::Thread& caller, int id, int index, int value);
// semctl_down. Errors: EINVAL, EPERM.
Result<void> semaphore_set(proc::Kernel& kernel, proc::Thread& caller, int id, const semid64_ds& in);
Result<void> semaphore_remove(proc::Kernel& kernel, proc::Thread& caller, int id);

// copy_semundo: with CLONE_SYSVSEM the child shares the caller's undo list
// (made now if it has none), otherwise it starts with none. ENOMEM.
Result<void> clone_semaphore_undo(proc::Thread& caller, proc::Thread& child, u64 flags);
// exit_sem: the thread lets go of its undo list; the last user applies
// every adjustment (clamped to 0..SEMVMX) to the sets still there.
// unshare(CLONE_SYSVSEM) and CLONE_NEWIPC do the same.
void exit_semaphores(proc::Kernel& kernel, proc::Thread& thread);

} // namespace sirius::ipc
