#include "core/fs/d_path.h"

#include "core/hal/allocator.h"

namespace sirius::fs {

PathText::~PathText()
{
    if (m_buffer != nullptr) {
        hal::deallocate(m_buffer, PATH_MAX);
    }
}

Result<void> PathText::prepend(const u8* bytes, usize size)
{
    if (m_buffer == nullptr) {
        m_buffer = static_cast<u8*>(hal::allocate(PATH_MAX));
        if (m_buffer == nullptr) {
            return errno_error(ENOMEM);
        }
        m_buffer[PATH_MAX - 1] = '\0';
    }
    if (size > m_start) {
        return errno_error(ENAMETOOLONG);
    }
    m_start -= size;
    copy_bytes(m_buffer + m_start, bytes, size);
    return {};
}

Result<void> path_text(const Path& path, const Path& root, PathText& text, bool mark_unreachable)
{
    const u8 slash = '/';
    Path at = path;
    bool reachable = true;
    bool named = false;
    while (!(at == root)) {
        if (at.dentry == at.mount->root()) {
            if (!at.mount->parent()) {
                // The namespace's root, and `root` was never met.
                reachable = false;
                break;
            }
            Path below { at.mount->parent(), at.mount->mountpoint() };
            at = move(below);
            continue;
        }
        const Name name = at.dentry->name();
        TRY(text.prepend(name.data, name.size));
        TRY(text.prepend(&slash, 1));
        named = true;
        Dentry* parent = at.dentry->parent();
        if (parent == nullptr) {
            reachable = false;
            break;
        }
        at.dentry = RefPtr<Dentry>(parent);
    }
    if (!named) {
        TRY(text.prepend(&slash, 1));
    }
    if (!reachable && mark_unreachable) {
        constexpr char kUnreachable[] = "(unreachable)";
        TRY(text.prepend(reinterpret_cast<const u8*>(kUnreachable), sizeof(kUnreachable) - 1));
    }
    return {};
}

} // namespace sirius::fs
