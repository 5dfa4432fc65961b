#pragma once

// The step of setns(2) into a mount namespace that belongs to the mount
// table: "Find the root" of the namespace and make it the task's root and
// working directory (Linux mntns_install: vfs_path_lookup("/") from the
// namespace's root mount with LOOKUP_DOWN, set_fs_pwd, set_fs_root).
//
// Every mount namespace shows the kernel's one mount tree until
// per-namespace mount tables come; the change that brings them provides the
// namespace's own root here, and nothing else in setns(2) changes with it.
#include "core/base/result.h"
#include "core/ns/simple_namespaces.h"

namespace sirius::fs {
class FsContext;
} // namespace sirius::fs

namespace sirius::proc {

class Kernel;

// Sets `fs`'s root and cwd to the root of `mount_ns` (mounts on it
// crossed); `fs` is no longer chrooted. Errors: ENOMEM; nothing changes
// on error.
Result<void> enter_mount_namespace_root(Kernel& kernel, fs::FsContext& fs, const ns::MountNamespace& mount_ns);

} // namespace sirius::proc
