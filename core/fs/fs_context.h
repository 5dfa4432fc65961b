#pragma once

// The filesystem context of a task (Linux struct fs_struct): umask, root and
// working directory. Shared by CLONE_FS, copied otherwise. The files issue
// gives root and cwd their VFS paths; until then only what clone and
// namespaces need is here.
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"

namespace sirius::fs {

class FsContext : public RefCounted<FsContext> {
public:
    static Result<RefPtr<FsContext>> create() { return try_make_ref<FsContext>(); }
    Result<RefPtr<FsContext>> clone() const
    {
        auto copy = TRY(create());
        copy->m_umask = m_umask;
        copy->m_chrooted = m_chrooted;
        return copy;
    }

    [[nodiscard]] u32 umask() const { return m_umask; }
    void set_umask(u32 mask) { m_umask = mask & 0777; }

    // True after chroot(2) moved the root below the mount namespace's root
    // (Linux current_chrooted); a chrooted task cannot create a user namespace.
    [[nodiscard]] bool is_chrooted() const { return m_chrooted; }
    void set_chrooted(bool chrooted) { m_chrooted = chrooted; }

    FsContext() = default;

private:
    u32 m_umask { 022 }; // Linux init_fs umask
    bool m_chrooted { false };
};

} // namespace sirius::fs
