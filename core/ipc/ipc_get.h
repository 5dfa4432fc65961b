#pragma once

// The *get calls' common part (Linux ipcget, ipcget_new, ipcget_public and
// ipc_check_perms of ipc/util.c): IPC_PRIVATE always makes a new object; a
// key not in use is ENOENT unless IPC_CREAT; a key in use is EEXIST with
// IPC_CREAT | IPC_EXCL, then the family's own checks, then EACCES by the
// mode bits the caller asked for.
#include <linux/ipc.h>

#include "core/ipc/ipc_permission.h"
#include "core/ns/ipc_namespace.h"
#include "core/proc/kernel.h"
#include "core/proc/thread.h"

namespace sirius::ipc {

inline ns::IpcNamespace& ipc_namespace_of(const proc::Thread& thread)
{
    return *thread.namespaces->namespaces().ipc;
}

// ipc_*_perm's S_IRUGO and S_IWUGO.
inline constexpr u32 kReadAll = 0444;
inline constexpr u32 kWriteAll = 0222;

// `create()` makes the object (Result<int>, its id); `more_checks(T&)`
// (Result<void>) is the family's ops->more_checks.
template<typename T, typename Create, typename MoreChecks>
Result<int> ipc_get(const IdTable<T>& table, const proc::Thread& caller, __kernel_key_t key, int flags, Create create, MoreChecks more_checks)
{
    if (key == IPC_PRIVATE) {
        return create();
    }
    T* existing = table.find_key(key);
    if (existing == nullptr) {
        if ((flags & IPC_CREAT) == 0) {
            return errno_error(ENOENT);
        }
        return create();
    }
    if ((flags & IPC_CREAT) != 0 && (flags & IPC_EXCL) != 0) {
        return errno_error(EEXIST);
    }
    TRY(more_checks(*existing));
    if (!may_access(*caller.credentials, ipc_namespace_of(caller).owner(), existing->perm, static_cast<u32>(flags))) {
        return errno_error(EACCES);
    }
    return existing->perm.id;
}

// ktime_get_real_seconds.
inline i64 real_seconds(const proc::Kernel& kernel)
{
    return kernel.clock().realtime_now() / 1'000'000'000;
}

} // namespace sirius::ipc
