#pragma once

// The name of a path as seen from a root (Linux fs/d_path.c prepend_path):
// the names of the dentries up to the root, crossing from a mount's root to
// its mountpoint. A path outside the root (a working directory left behind
// by chroot) reaches the namespace's root first; getcwd then prefixes
// "(unreachable)".
#include <linux/limits.h>

#include "core/fs/mount.h"

namespace sirius::fs {

class PathText {
public:
    PathText() = default;
    ~PathText();
    PathText(const PathText&) = delete;
    PathText& operator=(const PathText&) = delete;

    // The text, NUL-terminated.
    [[nodiscard]] const u8* data() const { return m_buffer + m_start; }
    [[nodiscard]] usize length() const { return PATH_MAX - 1 - m_start; }

    // Puts `bytes` in front. Errors: ENAMETOOLONG, ENOMEM.
    Result<void> prepend(const u8* bytes, usize size);

private:
    u8* m_buffer { nullptr };
    usize m_start { PATH_MAX - 1 };
};

// Fills `text` with the name of `path` relative to `root`, "/" for the root
// itself. With `mark_unreachable`, a path not below `root` gets the
// "(unreachable)" prefix (getcwd). Errors: ENAMETOOLONG, ENOMEM.
Result<void> path_text(const Path& path, const Path& root, PathText& text, bool mark_unreachable);

} // namespace sirius::fs
