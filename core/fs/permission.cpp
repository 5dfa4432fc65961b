// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <linux/capability.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/permission.h"

namespace sirius::fs {

bool in_group(const proc::Credentials& credentials, u32 gid)
{
    if (credentials.gid.filesystem == gid) {
        return true;
    }
    for (u32 group : credentials.groups) {
        if (group == gid) {
            return true;
        }
    }
    return false;
}

bool capable_over(const proc::Credentials& credentials, const Inode& inode, int capability)
{
    const ns::UserNamespace& user_ns = *credentials.user_ns;
    return proc::has_capability_in(credentials, user_ns, capability) && user_ns.uid_has_mapping(inode.uid) && user_ns.gid_has_mapping(inode.gid);
}

bool owner_or_capable(const proc::Credentials& credentials, const Inode& inode)
{
    return credentials.uid.filesystem == inode.uid || capable_over(credentials, inode, CAP_FOWNER);
}

Result<void> check_permission(const proc::Credentials& credentials, const Inode& inode, u32 mask)
{
    // inode_permission: "if (unlikely(mask & MAY_WRITE)) { ... if
    // (IS_IMMUTABLE(inode)) return -EPERM;" before any permission bit.
    if ((mask & kMayWrite) != 0 && inode.immutable) {
        return errno_error(EPERM);
    }
    // acl_permission_check: the owner's bits, else the group's, else others'.
    u32 bits = inode.mode & 07;
    if (credentials.uid.filesystem == inode.uid) {
        bits = (inode.mode >> 6) & 07;
    } else if (in_group(credentials, inode.gid)) {
        bits = (inode.mode >> 3) & 07;
    }
    if ((mask & ~bits & 07) == 0) {
        return {};
    }
    if (inode.is_directory()) {
        // "Read/write DACs are always overridable. Executable DACs are
        // overridable when there is at least one exec bit set" - and
        // directories are always searchable with CAP_DAC_READ_SEARCH.
        if ((mask & kMayWrite) == 0 && capable_over(credentials, inode, CAP_DAC_READ_SEARCH)) {
            return {};
        }
        if (capable_over(credentials, inode, CAP_DAC_OVERRIDE)) {
            return {};
        }
        return errno_error(EACCES);
    }
    // "Searching includes executable on directories, else just read."
    mask &= kMayRead | kMayWrite | kMayExec;
    if (mask == kMayRead && capable_over(credentials, inode, CAP_DAC_READ_SEARCH)) {
        return {};
    }
    if (((mask & kMayExec) == 0 || (inode.mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0) && capable_over(credentials, inode, CAP_DAC_OVERRIDE)) {
        return {};
    }
    return errno_error(EACCES);
}

} // namespace sirius::fs
