#pragma once

// A mount namespace (mount_namespaces(7), Linux struct mnt_namespace): the
// tree of mounts its members see. A new one (CLONE_NEWNS) starts as a copy
// of its creator's tree; mounts and unmounts in one are not seen in the
// other (propagation between shared peers is not implemented: see
// docs/fs.md).
#include "core/fs/mount.h"
#include "core/ns/owned_namespace.h"

namespace sirius::fs {
class FsContext;
} // namespace sirius::fs

namespace sirius::ns {

class MountNamespace
    : public RefCounted<MountNamespace>
    , public OwnedNamespace {
public:
    static constexpr NamespaceType kType = NamespaceType::Mount;

    // An empty namespace; the kernel gives it its root (init_mount_tree).
    // Errors: ENOMEM.
    static Result<RefPtr<MountNamespace>> create(RefPtr<UserNamespace> owner, u32 inode, fs::MountNumbers& numbers);

    // copy_mnt_ns: a namespace owned by `owner` with a copy of this one's
    // tree. A copy into another user namespace than this one's owner is
    // less privileged: its mounts are locked and shared ones become slaves
    // (lock_mnt_tree, CL_SHARED_TO_SLAVE). `fs` (may be nullptr) is the fs
    // context the new namespace is made for: a root or working directory
    // on a mount of this namespace moves to that mount's copy.
    // Errors: ENOMEM (nothing changed).
    Result<RefPtr<MountNamespace>> copy(NamespaceInodeAllocator& inodes, RefPtr<UserNamespace> owner, fs::FsContext* fs) const;

    [[nodiscard]] fs::MountTable& mounts() { return m_mounts; }
    [[nodiscard]] const fs::MountTable& mounts() const { return m_mounts; }

    // The namespace's root directory as a task entering it sees it: the
    // root mount's root, and whatever is mounted on top of it
    // (mntns_install's lookup of "/" with LOOKUP_DOWN).
    [[nodiscard]] fs::Path root_path() const;

    MountNamespace(RefPtr<UserNamespace> owner, u32 inode, fs::MountNumbers& numbers);

private:
    fs::MountTable m_mounts;
};

// mntns_install after its checks, for setns(2) with CLONE_NEWNS: the fs
// context's root and working directory become `ns`'s root_path(), and it
// is no longer chrooted. The caller has checked what setns(2) asks
// (CAP_SYS_ADMIN over `ns`'s owner, CAP_SYS_CHROOT and CAP_SYS_ADMIN in
// its own user namespace: EPERM; a shared fs context: EINVAL) and moves
// the task's NsProxy to `ns`. Cannot fail.
void enter_mount_namespace(fs::FsContext& fs, const MountNamespace& ns);

} // namespace sirius::ns
