#include "core/ipc/ipc_permission.h"

#include "core/fs/permission.h"

namespace sirius::ipc {

bool may_access(const proc::Credentials& caller, const ns::UserNamespace& owner, const IpcPermission& perm, u32 flag)
{
    const u32 requested = ((flag >> 6) | (flag >> 3) | flag) & 7;
    u32 granted = perm.mode;
    const u32 euid = caller.uid.effective;
    if (euid == perm.cuid || euid == perm.uid) {
        granted >>= 6;
    } else if (fs::in_group(caller, perm.cgid) || fs::in_group(caller, perm.gid)) {
        granted >>= 3;
    }
    // "is there some bit set in requested_mode but not in granted_mode?"
    if ((requested & ~granted & 7) != 0 && !proc::has_capability_in(caller, owner, CAP_IPC_OWNER)) {
        return false;
    }
    return true;
}

bool may_control(const proc::Credentials& caller, const ns::UserNamespace& owner, const IpcPermission& perm)
{
    const u32 euid = caller.uid.effective;
    return euid == perm.cuid || euid == perm.uid || proc::has_capability_in(caller, owner, CAP_SYS_ADMIN);
}

Result<void> update_permission(const proc::Credentials& caller, const ipc64_perm& in, IpcPermission& perm)
{
    const u32 uid = caller.user_ns->uid_to_kernel(in.uid);
    const u32 gid = caller.user_ns->gid_to_kernel(in.gid);
    if (uid == ns::kInvalidId || gid == ns::kInvalidId) {
        return errno_error(EINVAL);
    }
    perm.uid = uid;
    perm.gid = gid;
    perm.mode = (perm.mode & ~kModeMask) | (in.mode & kModeMask);
    return {};
}

ipc64_perm to_user_permission(const proc::Credentials& caller, const IpcPermission& perm)
{
    ipc64_perm out {};
    const ns::UserNamespace& viewer = *caller.user_ns;
    out.key = perm.key;
    out.uid = viewer.uid_from_kernel_munged(perm.uid);
    out.gid = viewer.gid_from_kernel_munged(perm.gid);
    out.cuid = viewer.uid_from_kernel_munged(perm.cuid);
    out.cgid = viewer.gid_from_kernel_munged(perm.cgid);
    out.mode = perm.mode;
    out.seq = static_cast<unsigned short>(perm.seq);
    return out;
}

bool capable_in_initial_namespace(const proc::Credentials& caller, int capability)
{
    const ns::UserNamespace* root = caller.user_ns.get();
    while (root->parent() != nullptr) {
        root = root->parent();
    }
    return proc::has_capability_in(caller, *root, capability);
}

} // namespace sirius::ipc
