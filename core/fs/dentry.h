#pragma once

// A directory entry (Linux struct dentry): a name in a parent directory for
// an inode. The parent link is what ".." and getcwd walk; a mount is found by
// the dentry it sits on. For ramfs the children of a directory dentry are
// the directory's contents (the dcache is the file system, as Linux's ramfs
// has it), kept in the order they were added with a stable offset each, so
// that getdents can resume after changes.
//
// References: a child holds its parent; a directory holds its children.
// The tree is cut apart by SuperBlock::kill (and by unlink, which takes the
// child out of its parent).
#include <linux/limits.h>

#include "core/base/vector.h"
#include "core/fs/inode.h"

namespace sirius::fs {

struct Name {
    const u8* data { nullptr };
    usize size { 0 };
    [[nodiscard]] bool is(const char* text) const;
};

class Dentry : public RefCounted<Dentry> {
public:
    // Precondition: name.size <= NAME_MAX.
    static Result<RefPtr<Dentry>> create(RefPtr<Dentry> parent, Name name, RefPtr<Inode> inode);

    [[nodiscard]] Name name() const { return { m_name, m_name_length }; }
    // nullptr for the root of a file system.
    [[nodiscard]] Dentry* parent() const { return m_parent.get(); }
    [[nodiscard]] const RefPtr<Inode>& inode() const { return m_inode; }
    [[nodiscard]] Inode& inode_ref() const { return *m_inode; }
    // Taken out of its directory (unlink, rmdir, rename over it).
    [[nodiscard]] bool is_unlinked() const { return m_unlinked; }

    // The child named `name`, or nullptr.
    [[nodiscard]] RefPtr<Dentry> find_child(Name name) const;
    // Adds a child (a new name in this directory). ENOMEM.
    Result<void> add_child(RefPtr<Dentry> child);
    // Makes room for one more child, so that the next add_child or move_to
    // here cannot fail. ENOMEM.
    Result<void> add_child_room() { return m_children.try_reserve(m_children.size() + 1); }
    // Takes `child` out of this directory; it keeps its name and parent link
    // (getcwd of a removed directory still has a path), marked unlinked.
    void remove_child(Dentry& child);
    // Moves this dentry to `new_parent` under `new_name` (rename).
    // Preconditions: this dentry was removed from its old parent;
    // new_name.size <= NAME_MAX. Errors: ENOMEM (nothing changed).
    Result<void> move_to(const RefPtr<Dentry>& new_parent, Name new_name);
    [[nodiscard]] bool has_children() const { return !m_children.is_empty(); }

    // getdents offsets: 0 is ".", 1 is "..", children count from 2 in the
    // order they came. The first child whose offset is >= `offset`, or
    // nullptr.
    [[nodiscard]] RefPtr<Dentry> child_at_or_after(u64 offset) const;
    [[nodiscard]] u64 directory_offset() const { return m_offset; }

    // Mounts that sit on this dentry (Linux d_mountpoint).
    [[nodiscard]] bool is_mountpoint() const { return m_mount_count > 0; }
    void add_mount() { ++m_mount_count; }
    void remove_mount() { --m_mount_count; }

    // Drops the subtree below (SuperBlock::kill).
    void drop_children();

    Dentry(RefPtr<Dentry> parent, Name name, RefPtr<Inode> inode);

private:
    RefPtr<Dentry> m_parent;
    RefPtr<Inode> m_inode;
    Vector<RefPtr<Dentry>> m_children;
    u64 m_next_offset { 2 };
    u64 m_offset { 0 };
    u32 m_mount_count { 0 };
    bool m_unlinked { false };
    u16 m_name_length { 0 };
    u8 m_name[NAME_MAX] {};
};

} // namespace sirius::fs
