// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <linux/capability.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/permission.h"
#include "core/fs/vfs.h"

namespace sirius::fs {

namespace {

// UTIME_NOW and UTIME_OMIT of <linux/stat.h> (include/linux/stat.h keeps
// them out of the UAPI in older headers).
constexpr i64 kUtimeNow = (1L << 30) - 1;
constexpr i64 kUtimeOmit = (1L << 30) - 2;

// The maximum file size (MAX_LFS_FILESIZE).
constexpr i64 kMaxFileSize = 0x7fffffffffffffff;

} // namespace

void touch_modified(Inode& inode, Timestamp now)
{
    inode.mtime = inode.ctime = now;
}

Result<void> change_mode(const VfsCaller& caller, Inode& inode, u32 mode)
{
    const proc::Credentials& credentials = caller.credentials();
    // chmod(2): "EPERM The effective UID does not match the owner of the
    // file, and the process is not privileged" (setattr_prepare:
    // inode_owner_or_capable).
    if (!owner_or_capable(credentials, inode)) {
        return errno_error(EPERM);
    }
    u32 bits = mode & 07777;
    // setattr_prepare: "Also check the setgid bit!" - a caller outside the
    // file's group without CAP_FSETID cannot set S_ISGID.
    if ((bits & S_ISGID) != 0 && !in_group(credentials, inode.gid) && !capable_over(credentials, inode, CAP_FSETID)) {
        bits &= ~static_cast<u32>(S_ISGID);
    }
    inode.mode = (inode.mode & S_IFMT) | bits;
    inode.ctime = caller.now;
    return {};
}

Result<void> change_owner(const VfsCaller& caller, Inode& inode, u32 uid, u32 gid)
{
    constexpr u32 kUnchanged = 0xffffffff;
    const proc::Credentials& credentials = caller.credentials();
    const bool owner = credentials.uid.filesystem == inode.uid;
    const bool capable = capable_over(credentials, inode, CAP_CHOWN);
    // chown_ok: the owner may "change" the owner to itself; anything else
    // takes CAP_CHOWN over the inode.
    const bool uid_ok = uid == kUnchanged || (owner && uid == inode.uid) || capable;
    // chgrp_ok: the owner may give the file to a group it is in (or keep
    // the group); anything else takes CAP_CHOWN.
    const bool gid_ok = gid == kUnchanged || (owner && (gid == inode.gid || in_group(credentials, gid))) || capable;
    if (!uid_ok || !gid_ok) {
        return errno_error(EPERM);
    }
    // chown_common: "if (!S_ISDIR(inode->i_mode)) newattrs.ia_valid |=
    // ATTR_KILL_SUID | ATTR_KILL_SGID | ATTR_KILL_PRIV;" - for every caller;
    // S_ISGID only with group execute (without it the bit marks mandatory
    // locking).
    if (!inode.is_directory()) {
        inode.mode &= ~static_cast<u32>(S_ISUID);
        if ((inode.mode & S_IXGRP) != 0) {
            inode.mode &= ~static_cast<u32>(S_ISGID);
        }
    }
    if (uid != kUnchanged) {
        inode.uid = uid;
    }
    if (gid != kUnchanged) {
        inode.gid = gid;
    }
    inode.ctime = caller.now;
    return {};
}

Result<void> change_times(const VfsCaller& caller, Inode& inode, const Timestamp* times)
{
    const proc::Credentials& credentials = caller.credentials();
    const bool both_now = times == nullptr || (times[0].nanoseconds == kUtimeNow && times[1].nanoseconds == kUtimeNow);
    const bool both_omit = times != nullptr && times[0].nanoseconds == kUtimeOmit && times[1].nanoseconds == kUtimeOmit;
    if (both_omit) {
        return {};
    }
    if (both_now) {
        // utimensat(2): "the caller must have write access to the file, or
        // be its owner, or be privileged" - EACCES.
        if (!owner_or_capable(credentials, inode) && check_permission(credentials, inode, kMayWrite).is_error()) {
            return errno_error(EACCES);
        }
    } else if (!owner_or_capable(credentials, inode)) {
        // "EPERM The caller attempted to change one or both timestamps to a
        // value other than the current time ... and is not the owner".
        return errno_error(EPERM);
    }
    for (int i = 0; i < 2; ++i) {
        Timestamp value = caller.now;
        if (times != nullptr) {
            if (times[i].nanoseconds == kUtimeOmit) {
                continue;
            }
            if (times[i].nanoseconds != kUtimeNow) {
                value = times[i];
            }
        }
        (i == 0 ? inode.atime : inode.mtime) = value;
    }
    inode.ctime = caller.now;
    return {};
}

Result<void> change_size(const VfsCaller& caller, Inode& inode, i64 length, bool check_write)
{
    // truncate(2): "EINVAL The argument length is negative or larger than
    // the maximum file size."
    if (length < 0 || length > kMaxFileSize) {
        return errno_error(EINVAL);
    }
    if (check_write) {
        // vfs_truncate: "if (S_ISDIR(inode->i_mode)) return -EISDIR; if
        // (!S_ISREG(inode->i_mode)) return -EINVAL;" then the permission.
        if (inode.is_directory()) {
            return errno_error(EISDIR);
        }
        if (!inode.is_regular()) {
            return errno_error(EINVAL);
        }
        TRY(check_permission(caller.credentials(), inode, kMayWrite));
    }
    TRY(inode.truncate(static_cast<u64>(length)));
    touch_modified(inode, caller.now);
    // do_truncate kills setuid and setgid-executable bits (ATTR_KILL_PRIV)
    // unless the caller has CAP_FSETID.
    if (!capable_over(caller.credentials(), inode, CAP_FSETID)) {
        inode.mode &= ~static_cast<u32>(S_ISUID);
        if ((inode.mode & S_IXGRP) != 0) {
            inode.mode &= ~static_cast<u32>(S_ISGID);
        }
    }
    return {};
}

} // namespace sirius::fs
