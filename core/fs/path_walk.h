#pragma once

// Path resolution (Linux fs/namei.c: path_init, link_path_walk,
// walk_component, handle_dots, step_into, pick_link). A walk starts at the
// task's root for an absolute name, else at the working directory or a
// dirfd, and takes one component at a time:
// - search (execute) permission on every directory it looks in
//   (may_lookup: generic_permission by fsuid, fsgid, groups, capabilities);
// - "." stays, ".." goes to the parent but never above the task's root, and
//   out of a mount at its root to the mountpoint below it;
// - a name found with a mount on it goes into that mount's root;
// - a symlink in the middle is always followed, the last one only when
//   asked (LOOKUP_FOLLOW), at most 40 in one walk (MAXSYMLINKS: ELOOP); a
//   magic link (/proc/<pid>/ns/<type>) leads to its object, not a name;
// - a component longer than NAME_MAX is ENAMETOOLONG (simple_lookup), a
//   missing one ENOENT, walking through a non-directory ENOTDIR;
// - a trailing slash asks for a directory (LOOKUP_DIRECTORY): ENOTDIR for
//   anything else, and it makes the last symlink followed.
//
// The calls that create or remove a name walk to the parent and look at the
// last component themselves (filename_create, do_unlinkat, do_renameat2).
#include "core/fs/mount.h"
#include "core/fs/path_name.h"
#include "core/proc/credentials.h"

namespace sirius::proc {
class Thread;
} // namespace sirius::proc

namespace sirius::fs {

// What a walk needs from the task (nameidata's root and credentials).
struct WalkContext {
    const proc::Credentials& credentials;
    // Where absolute names start and ".." stops. What is mounted where is
    // asked of each mount's own table (its namespace), not the walker's.
    Path root;
    // The walking thread, for names that depend on it (/proc/self); may be
    // nullptr (the kernel unpacking the initramfs).
    proc::Thread* thread { nullptr };
};

// What the last component is (Linux LAST_NORM, LAST_DOT, LAST_DOTDOT,
// LAST_ROOT).
enum class LastKind : u8 {
    Normal,
    Dot,
    DotDot,
    Root,
};

class PathWalk {
public:
    explicit PathWalk(const WalkContext& context)
        : m_context(context)
    {
    }
    ~PathWalk();
    PathWalk(const PathWalk&) = delete;
    PathWalk& operator=(const PathWalk&) = delete;

    // Begins walking `name` from `start` (or the root if it is absolute).
    // Preconditions: start is a directory. Errors: ENOMEM.
    Result<void> begin(const Path& start, const PathName& name);
    // link_path_walk: every component but the last. Afterwards parent() is
    // the directory the last component is in, with search permission
    // checked. Errors: EACCES, ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, ENOMEM.
    Result<void> walk_to_parent();

    [[nodiscard]] const Path& parent() const { return m_current; }
    [[nodiscard]] Name last() const { return { m_buffer + m_last_start, m_last_length }; }
    [[nodiscard]] LastKind last_kind() const { return m_last_kind; }
    [[nodiscard]] bool trailing_slash() const { return m_trailing_slash; }

    // The last component's dentry in parent() (mounts on it crossed), or
    // nullptr if there is no such name. For Dot, DotDot and Root: the
    // directory they name. Errors: ENAMETOOLONG (a missing name over
    // NAME_MAX).
    Result<Path> lookup_last();
    // The last component's dentry in parent() as it is, mounts on it not
    // crossed (what unlink, rmdir and rename act on), or nullptr.
    // Errors: ENAMETOOLONG.
    Result<RefPtr<Dentry>> last_dentry() const;
    // Continues the walk with the target of the symlink `link` in place of
    // the last component: walk_to_parent() then runs again. Errors: ELOOP
    // (the 41st link), ENOENT (an empty target), ENAMETOOLONG.
    Result<void> follow_last(const Inode& link);

    // The whole walk (path_lookupat): the file `name` names, its last
    // symlink followed if `follow` (or a trailing slash). Errors: as above,
    // ENOENT for a missing last component, ENOTDIR for a trailing slash on
    // a non-directory.
    Result<Path> resolve(bool follow);

    // Where ".." of `path` leads (follow_dotdot): the parent, never above
    // the root; out of a mount at its root.
    [[nodiscard]] Path parent_of(const Path& path) const;
    // Into the mounts stacked on `path` (follow_mount).
    [[nodiscard]] Path cross_mounts(Path path) const;

private:
    // Replaces the walk's remaining name with the target of `link`, then
    // "/" and the bytes from `rest` on (none for the last component).
    // A magic link was followed: the walk stands at `target` and goes on
    // with the bytes from `rest` on. Errors: ENOTDIR (more to walk, or a
    // trailing slash, after a target that is not a directory).
    Result<void> jump_to(Path target, usize rest);
    Result<void> substitute_link(const Inode& link, usize rest);
    Result<Path> walk_component(Name name);

    const WalkContext& m_context;
    u8* m_buffer { nullptr };
    u8* m_scratch { nullptr };
    usize m_length { 0 };
    usize m_position { 0 };
    usize m_symlinks { 0 };
    Path m_current;
    usize m_last_start { 0 };
    usize m_last_length { 0 };
    LastKind m_last_kind { LastKind::Root };
    bool m_trailing_slash { false };
    bool m_trailing_slash_pending { false };
};

} // namespace sirius::fs
