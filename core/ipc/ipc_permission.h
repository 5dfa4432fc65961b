#pragma once

// Who may do what with a System V IPC object (Linux ipcperms,
// ipcctl_obtain_check, ipc_update_perm and kernel_to_ipc64_perm of
// ipc/util.c), relative to the user namespace that owns the object's IPC
// namespace.
#include <linux/ipc.h>

#include "core/ipc/id_table.h"
#include "core/proc/credentials.h"

namespace sirius::ipc {

// ipcperms: the caller's euid against the owner and creator, then its
// groups against the group and creator group, else the other bits;
// CAP_IPC_OWNER in `owner` overrides. `flag` holds the wanted bits in any
// of the three positions (S_IRUGO, S_IWUGO, or a *get call's mode).
[[nodiscard]] bool may_access(const proc::Credentials& caller, const ns::UserNamespace& owner, const IpcPermission& perm, u32 flag);

// ipcctl_obtain_check's rule for IPC_SET and IPC_RMID: the caller's euid
// is the owner or the creator, or it has CAP_SYS_ADMIN in `owner`.
[[nodiscard]] bool may_control(const proc::Credentials& caller, const ns::UserNamespace& owner, const IpcPermission& perm);

// ipc_update_perm: IPC_SET's uid, gid and permission bits, the ids as the
// caller's user namespace names them. Errors: EINVAL (an unmapped id).
Result<void> update_permission(const proc::Credentials& caller, const ipc64_perm& in, IpcPermission& perm);

// kernel_to_ipc64_perm: the ids as the caller's user namespace names them.
[[nodiscard]] ipc64_perm to_user_permission(const proc::Credentials& caller, const IpcPermission& perm);

// capable(): `capability` in the initial user namespace.
[[nodiscard]] bool capable_in_initial_namespace(const proc::Credentials& caller, int capability);

} // namespace sirius::ipc
