#include "core/proc/mount_namespace_root.h"

#include "core/fs/fs_context.h"
#include "core/proc/kernel.h"

namespace sirius::proc {

Result<void> enter_mount_namespace_root(Kernel& kernel, fs::FsContext& fs, const ns::MountNamespace& /*mount_ns*/)
{
    const fs::MountTable& mounts = kernel.mounts();
    fs::Path root = mounts.root();
    // LOOKUP_DOWN: into whatever is mounted on the root.
    while (RefPtr<fs::Mount> mounted = mounts.mounted_on(*root.mount, *root.dentry)) {
        root.dentry = mounted->root();
        root.mount = move(mounted);
    }
    fs.set_cwd(root);
    fs.set_root(move(root));
    fs.set_chrooted(false);
    return {};
}

} // namespace sirius::proc
