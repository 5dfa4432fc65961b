#pragma once

// Linux generic_permission (fs/namei.c): may a task with these credentials
// read, write or search/execute an inode by its mode bits and capabilities?
// Sirius has no ACLs, so this is acl_permission_check and the capability
// overrides.
#include "core/fs/inode.h"
#include "core/proc/credentials.h"

namespace sirius::fs {

// MAY_EXEC, MAY_WRITE, MAY_READ of include/linux/fs.h.
inline constexpr u32 kMayExec = 1;
inline constexpr u32 kMayWrite = 2;
inline constexpr u32 kMayRead = 4;

// `credentials.uid.filesystem` against the owner, the fsgid and groups
// against the group, else the other bits. Then CAP_DAC_READ_SEARCH (read
// anything, search directories) and CAP_DAC_OVERRIDE (everything, but
// execute only a file with some execute bit, or a directory), each only
// when the inode's owner and group map into the caller's user namespace
// (capable_wrt_inode_uidgid). Errors: EACCES.
Result<void> check_permission(const proc::Credentials& credentials, const Inode& inode, u32 mask);

// in_group_p: the fsgid or a supplementary group is `gid`.
[[nodiscard]] bool in_group(const proc::Credentials& credentials, u32 gid);

// capable_wrt_inode_uidgid: `capability` in the caller's user namespace,
// with the inode's owner and group mapped there.
[[nodiscard]] bool capable_over(const proc::Credentials& credentials, const Inode& inode, int capability);

// inode_owner_or_capable: the fsuid owns the inode, or CAP_FOWNER over it.
[[nodiscard]] bool owner_or_capable(const proc::Credentials& credentials, const Inode& inode);

} // namespace sirius::fs
