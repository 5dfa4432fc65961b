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

// The *ctl_stat commands' lookup: IPC_STAT by id, the family's *_STAT and
// *_STAT_ANY by index; read access is checked except for *_STAT_ANY
// (Linux 4.17: "only audit these calls"). Errors: EINVAL, EACCES.
template<typename T>
Result<T*> object_to_stat(const IdTable<T>& table, const proc::Thread& caller, int id, int cmd, int stat_any_cmd)
{
    T* object = TRY(cmd == IPC_STAT ? table.by_id(id) : table.by_index(id));
    if (cmd != stat_any_cmd && !may_access(*caller.credentials, ipc_namespace_of(caller).owner(), object->perm, kReadAll)) {
        return errno_error(EACCES);
    }
    return object;
}

// What the IPC_INFO-style commands return: the highest index in use, or 0
// (ipc_get_maxidx's -1 for an empty table is "if (err < 0) err = 0").
template<typename T>
int highest_index(const IdTable<T>& table)
{
    const int max_index = table.max_index();
    return max_index < 0 ? 0 : max_index;
}

// pid_vnr of a recorded process (0 for none, or one `viewer` cannot see).
inline __kernel_pid_t pid_as_seen(const RefPtr<proc::Pid>& pid, const ns::PidNamespace& viewer)
{
    return pid ? static_cast<__kernel_pid_t>(pid->recorded_nr_in(viewer)) : 0;
}

// ktime_get_real_seconds.
inline i64 real_seconds(const proc::Kernel& kernel)
{
    return kernel.clock().realtime_now() / 1'000'000'000;
}

} // namespace sirius::ipc
