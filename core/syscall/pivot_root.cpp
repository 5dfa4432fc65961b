#include "core/syscall/pivot_root.h"

#include <linux/capability.h>
#include <linux/fcntl.h>

#include "core/fs/fs_context.h"
#include "core/proc/credentials.h"
#include "core/proc/kernel.h"
#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

// mnt_parent: the root of a tree is its own parent in Linux.
const fs::Mount& parent_or_self(const fs::Mount& mount)
{
    return mount.parent() ? *mount.parent() : mount;
}

// is_subdir: `dentry` is `ancestor` or below it.
bool is_subdir(const fs::Dentry* dentry, const fs::Dentry& ancestor)
{
    for (; dentry != nullptr; dentry = dentry->parent()) {
        if (dentry == &ancestor) {
            return true;
        }
    }
    return false;
}

// is_path_reachable: going down from `root` through mounts reaches
// (`mount`, `dentry`).
bool is_path_reachable(const fs::Mount* mount, const fs::Dentry* dentry, const fs::Path& root)
{
    while (mount != root.mount.get() && mount->parent()) {
        dentry = mount->mountpoint().get();
        mount = mount->parent().get();
    }
    return mount == root.mount.get() && is_subdir(dentry, *root.dentry);
}

// chroot_fs_refs: every task whose root or working directory is `old`
// has `now` instead.
void chroot_fs_refs(proc::Kernel& kernel, const fs::Path& old, const fs::Path& now)
{
    for (proc::Thread& thread : kernel.threads()) {
        if (!thread.fs) {
            continue;
        }
        if (thread.fs->root() == old) {
            thread.fs->set_root(now);
        }
        if (thread.fs->cwd() == old) {
            thread.fs->set_cwd(now);
        }
    }
}

Result<i64> pivot_root(SyscallContext& context, u64 new_root_address, u64 put_old_address)
{
    // may_mount, before the walks.
    const ns::MountNamespace& mount_ns = *context.current.namespaces->namespaces().mount;
    if (!proc::has_capability_in(*context.current.credentials, mount_ns.owner(), CAP_SYS_ADMIN)) {
        return errno_error(EPERM);
    }
    const fs::Path new_root = TRY(directory_at(context, new_root_address));
    // lock_mount(&old): onto the top of what is mounted at put_old.
    const fs::Path put_old = fs::follow_mounts(TRY(directory_at(context, put_old_address)));
    const fs::Path root = context.current.fs->root();
    if (put_old.dentry->is_unlinked()) {
        return errno_error(ENOENT);
    }
    const fs::Mount& new_mount = *new_root.mount;
    const fs::Mount& root_mount = *root.mount;
    const fs::Mount& old_mount = *put_old.mount;
    // Propagation would carry the change to peers, which pivot_root
    // refuses: "if (IS_MNT_SHARED(old_mnt) || IS_MNT_SHARED(ex_parent) ||
    // IS_MNT_SHARED(root_parent)) goto out4;".
    if (old_mount.is_shared() || parent_or_self(new_mount).is_shared() || parent_or_self(root_mount).is_shared()) {
        return errno_error(EINVAL);
    }
    // "if (!check_mnt(root_mnt) || !check_mnt(new_mnt)) goto out4;"
    const fs::MountTable* table = &mount_ns.mounts();
    if (root_mount.table() != table || new_mount.table() != table) {
        return errno_error(EINVAL);
    }
    // "if (new_mnt->mnt.mnt_flags & MNT_LOCKED) goto out4;"
    if (new_mount.is_locked()) {
        return errno_error(EINVAL);
    }
    if (new_root.dentry->is_unlinked()) {
        return errno_error(ENOENT);
    }
    // "loop, on the same file system".
    if (&new_mount == &root_mount || &old_mount == &root_mount) {
        return errno_error(EBUSY);
    }
    // The root must be a mount's root, and not the namespace's root mount
    // ("not attached": an initramfs root cannot be pivoted, pivot_root(2)).
    if (root.dentry != root_mount.root() || !root_mount.parent()) {
        return errno_error(EINVAL);
    }
    // new_root likewise.
    if (new_root.dentry != new_mount.root() || !new_mount.parent()) {
        return errno_error(EINVAL);
    }
    // "make sure we can reach put_old from new_root".
    if (!is_path_reachable(&old_mount, put_old.dentry.get(), new_root)) {
        return errno_error(EINVAL);
    }
    // "make certain new is below the root".
    if (!is_path_reachable(&new_mount, new_root.dentry.get(), root)) {
        return errno_error(EINVAL);
    }
    const RefPtr<fs::Mount> new_ref = new_root.mount;
    const RefPtr<fs::Mount> root_ref = root.mount;
    // "if (root_mnt->mnt.mnt_flags & MNT_LOCKED) { new_mnt->mnt.mnt_flags
    // |= MNT_LOCKED; root_mnt->mnt.mnt_flags &= ~MNT_LOCKED; }": what the
    // old root covered stays covered by the new one.
    if (root_ref->is_locked()) {
        new_ref->set_locked(true);
        root_ref->set_locked(false);
    }
    context.current.namespaces->namespaces().mount->mounts().pivot(new_ref, root_ref, put_old);
    chroot_fs_refs(context.kernel, root, new_root);
    return 0;
}

} // namespace

i64 sys_pivot_root(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(pivot_root(context, args[0], args[1]));
}

} // namespace sirius::syscall
