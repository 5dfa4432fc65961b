#pragma once

// The filesystem context of a task (Linux struct fs_struct): umask, root and
// working directory. Shared by CLONE_FS, copied otherwise (copy_fs_struct).
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/fs/mount.h"

namespace sirius::fs {

class FsContext : public RefCounted<FsContext> {
public:
    static Result<RefPtr<FsContext>> create() { return try_make_ref<FsContext>(); }
    Result<RefPtr<FsContext>> clone() const
    {
        auto copy = TRY(create());
        copy->m_umask = m_umask;
        copy->m_chrooted = m_chrooted;
        copy->m_root = m_root;
        copy->m_cwd = m_cwd;
        return copy;
    }

    [[nodiscard]] u32 umask() const { return m_umask; }
    void set_umask(u32 mask) { m_umask = mask & 0777; }

    // True after chroot(2) moved the root below the mount namespace's root
    // (Linux current_chrooted); a chrooted task cannot create a user namespace.
    [[nodiscard]] bool is_chrooted() const { return m_chrooted; }
    void set_chrooted(bool chrooted) { m_chrooted = chrooted; }

    // Where absolute names start and ".." stops (chroot(2)), and where
    // relative names start (chdir(2)). Empty until the kernel gives init
    // the root mount.
    [[nodiscard]] const Path& root() const { return m_root; }
    [[nodiscard]] const Path& cwd() const { return m_cwd; }
    void set_root(Path root) { m_root = move(root); }
    void set_cwd(Path cwd) { m_cwd = move(cwd); }

    FsContext() = default;

private:
    u32 m_umask { 022 }; // Linux init_fs umask
    bool m_chrooted { false };
    Path m_root;
    Path m_cwd;
};

} // namespace sirius::fs
