#include "core/ns/mount_namespace.h"

#include "core/fs/fs_context.h"

namespace sirius::ns {

MountNamespace::MountNamespace(RefPtr<UserNamespace> owner, u32 inode, fs::MountNumbers& numbers)
    : OwnedNamespace(move(owner), inode)
    , m_mounts(numbers)
{
}

Result<RefPtr<MountNamespace>> MountNamespace::create(RefPtr<UserNamespace> owner, u32 inode, fs::MountNumbers& numbers)
{
    return try_make_ref<MountNamespace>(move(owner), inode, numbers);
}

Result<RefPtr<MountNamespace>> MountNamespace::copy(NamespaceInodeAllocator& inodes, RefPtr<UserNamespace> owner, fs::FsContext* fs) const
{
    // copy_mnt_ns: "if (user_ns != ns->user_ns) copy_flags |=
    // CL_SHARED_TO_SLAVE;" and later lock_mnt_tree(new).
    const bool less_privileged = owner.get() != &this->owner();
    auto copy = TRY(try_make_ref<MountNamespace>(move(owner), inodes.allocate(), m_mounts.numbers()));
    // "Second pass: switch the tsk->fs->* elements and mark new vfsmounts
    // as belonging to new namespace."
    TRY(copy->m_mounts.copy_from(m_mounts, less_privileged, [&](const fs::Mount& old, const RefPtr<fs::Mount>& fresh) {
        if (fs == nullptr) {
            return;
        }
        if (fs->root().mount.get() == &old) {
            fs->set_root(fs::Path { fresh, fs->root().dentry });
        }
        if (fs->cwd().mount.get() == &old) {
            fs->set_cwd(fs::Path { fresh, fs->cwd().dentry });
        }
    }));
    return copy;
}

fs::Path MountNamespace::root_path() const
{
    return fs::follow_mounts(m_mounts.root());
}

void enter_mount_namespace(fs::FsContext& fs, const MountNamespace& ns)
{
    // "Update the pwd and root": set_fs_pwd, then set_fs_root.
    const fs::Path root = ns.root_path();
    fs.set_cwd(root);
    fs.set_root(root);
    fs.set_chrooted(false);
}

} // namespace sirius::ns
