#include "core/fs/path_walk.h"

#include "core/fs/permission.h"
#include "core/hal/allocator.h"

namespace sirius::fs {

namespace {

// MAXSYMLINKS of include/linux/namei.h: "the maximum number of symlinks
// followed in a single path lookup".
constexpr usize kMaxSymlinks = 40;

LastKind kind_of(const u8* name, usize length)
{
    if (length == 1 && name[0] == '.') {
        return LastKind::Dot;
    }
    if (length == 2 && name[0] == '.' && name[1] == '.') {
        return LastKind::DotDot;
    }
    return LastKind::Normal;
}

} // namespace

PathWalk::~PathWalk()
{
    if (m_buffer != nullptr) {
        hal::deallocate(m_buffer, PATH_MAX);
    }
    if (m_scratch != nullptr) {
        hal::deallocate(m_scratch, PATH_MAX);
    }
}

Result<void> PathWalk::begin(const Path& start, const PathName& name)
{
    if (m_buffer == nullptr) {
        m_buffer = static_cast<u8*>(hal::allocate(PATH_MAX));
        m_scratch = static_cast<u8*>(hal::allocate(PATH_MAX));
        if (m_buffer == nullptr || m_scratch == nullptr) {
            return errno_error(ENOMEM);
        }
    }
    copy_bytes(m_buffer, name.data(), name.length());
    m_length = name.length();
    m_position = 0;
    m_symlinks = 0;
    m_current = m_length > 0 && m_buffer[0] == '/' ? m_context.root : start;
    return {};
}

Path PathWalk::cross_mounts(Path path) const
{
    // __lookup_mnt: the mount's own namespace knows what sits on it (none
    // once it is unmounted).
    return follow_mounts(move(path));
}

Path PathWalk::parent_of(const Path& path) const
{
    Path at = path;
    for (;;) {
        // "if (path_equal(&nd->path, &nd->root))": ".." of the root is the
        // root (chroot(2) depends on it).
        if (at == m_context.root) {
            return at;
        }
        if (at.dentry != at.mount->root()) {
            break;
        }
        // At a mount's root: continue from its mountpoint in the parent
        // mount (choose_mountpoint); the namespace's root mount has none.
        if (!at.mount->parent()) {
            return at;
        }
        Path below { at.mount->parent(), at.mount->mountpoint() };
        at = move(below);
    }
    Dentry* parent = at.dentry->parent();
    if (parent == nullptr) {
        return at;
    }
    at.dentry = RefPtr<Dentry>(parent);
    return cross_mounts(move(at));
}

Result<Path> PathWalk::walk_component(Name name)
{
    RefPtr<Dentry> child = m_current.dentry->find_child(name);
    if (!child && name.size <= NAME_MAX) {
        // lookup_slow: the file system's ->lookup for a name the dcache
        // does not have (procfs).
        child = TRY(m_current.dentry->inode_ref().lookup(m_current.dentry, name.data, name.size, m_context));
    }
    if (!child) {
        // simple_lookup: "if (dentry->d_name.len > NAME_MAX) return
        // ERR_PTR(-ENAMETOOLONG);" - for ramfs the dentries are the whole
        // directory, so a name not among them does not exist.
        if (name.size > NAME_MAX) {
            return errno_error(ENAMETOOLONG);
        }
        return Path {};
    }
    return cross_mounts(Path { m_current.mount, move(child) });
}

Result<void> PathWalk::substitute_link(const Inode& link, usize rest)
{
    // "if (unlikely(nd->total_link_count++ >= MAXSYMLINKS)) return -ELOOP;"
    if (++m_symlinks > kMaxSymlinks) {
        return errno_error(ELOOP);
    }
    Path jump_target;
    if (TRY(link.jump_link(m_context, jump_target))) {
        return jump_to(move(jump_target), rest);
    }
    const ByteView target = TRY(link.link_target());
    // get_link: an empty body is "a no-op ... that would be -ENOENT".
    if (target.size == 0) {
        return errno_error(ENOENT);
    }
    const usize tail = m_length - rest;
    const bool slash = tail > 0 || m_trailing_slash_pending;
    const usize length = target.size + (slash ? 1 : 0) + tail;
    if (length >= PATH_MAX) {
        return errno_error(ENAMETOOLONG);
    }
    copy_bytes(m_scratch, target.data, target.size);
    if (slash) {
        m_scratch[target.size] = '/';
    }
    copy_bytes(m_scratch + target.size + (slash ? 1 : 0), m_buffer + rest, tail);
    swap(m_buffer, m_scratch);
    m_length = length;
    m_position = 0;
    if (target.data[0] == '/') {
        m_current = m_context.root;
    }
    return {};
}

Result<void> PathWalk::jump_to(Path target, usize rest)
{
    // nd_jump_link: the walk goes on from the link's own target, with what
    // followed the link; a non-directory there cannot be walked through
    // ("/proc/self/ns/uts/" is ENOTDIR).
    const usize tail = m_length - rest;
    if ((tail > 0 || m_trailing_slash_pending) && !target.inode().is_directory()) {
        return errno_error(ENOTDIR);
    }
    copy_bytes(m_scratch, m_buffer + rest, tail);
    swap(m_buffer, m_scratch);
    m_length = tail;
    m_position = 0;
    m_current = move(target);
    return {};
}

Result<void> PathWalk::walk_to_parent()
{
    for (;;) {
        while (m_position < m_length && m_buffer[m_position] == '/') {
            ++m_position;
        }
        if (m_position == m_length) {
            // Nothing but slashes: the name is the directory we stand in.
            m_last_kind = LastKind::Root;
            m_last_start = m_position;
            m_last_length = 0;
            m_trailing_slash = false;
            return {};
        }
        // may_lookup: search permission on the directory looked in.
        TRY(check_permission(m_context.credentials, m_current.inode(), kMayExec));
        const usize start = m_position;
        while (m_position < m_length && m_buffer[m_position] != '/') {
            ++m_position;
        }
        const usize end = m_position;
        while (m_position < m_length && m_buffer[m_position] == '/') {
            ++m_position;
        }
        const Name name { m_buffer + start, end - start };
        const LastKind kind = kind_of(name.data, name.size);
        if (m_position == m_length) {
            m_last_start = start;
            m_last_length = end - start;
            m_last_kind = kind;
            m_trailing_slash = end < m_length;
            return {};
        }
        if (kind == LastKind::Dot) {
            continue;
        }
        if (kind == LastKind::DotDot) {
            m_current = parent_of(m_current);
            continue;
        }
        Path child = TRY(walk_component(name));
        if (!child.dentry) {
            return errno_error(ENOENT);
        }
        if (child.inode().is_symlink()) {
            m_trailing_slash_pending = false;
            TRY(substitute_link(child.inode(), m_position));
            continue;
        }
        m_current = move(child);
        // "if (unlikely(!d_can_lookup(nd->path.dentry))) return -ENOTDIR".
        if (!m_current.inode().is_directory()) {
            return errno_error(ENOTDIR);
        }
    }
}

Result<Path> PathWalk::lookup_last()
{
    switch (m_last_kind) {
    case LastKind::Root:
    case LastKind::Dot:
        return m_current;
    case LastKind::DotDot:
        return parent_of(m_current);
    case LastKind::Normal:
        break;
    }
    return walk_component(last());
}

Result<RefPtr<Dentry>> PathWalk::last_dentry() const
{
    const Name name = last();
    RefPtr<Dentry> child = m_current.dentry->find_child(name);
    if (!child && name.size <= NAME_MAX) {
        child = TRY(m_current.dentry->inode_ref().lookup(m_current.dentry, name.data, name.size, m_context));
    }
    if (!child && name.size > NAME_MAX) {
        return errno_error(ENAMETOOLONG);
    }
    return child;
}

Result<void> PathWalk::follow_last(const Inode& link)
{
    // The link's target replaces the last component; a trailing slash stays
    // after it ("link/" asks for a directory).
    m_trailing_slash_pending = m_trailing_slash;
    return substitute_link(link, m_length);
}

Result<Path> PathWalk::resolve(bool follow)
{
    for (;;) {
        TRY(walk_to_parent());
        Path path = TRY(lookup_last());
        if (!path.dentry) {
            return errno_error(ENOENT);
        }
        if (m_last_kind == LastKind::Normal && path.inode().is_symlink() && (follow || m_trailing_slash)) {
            TRY(follow_last(path.inode()));
            continue;
        }
        if (m_trailing_slash && !path.inode().is_directory()) {
            return errno_error(ENOTDIR);
        }
        return path;
    }
}

} // namespace sirius::fs
