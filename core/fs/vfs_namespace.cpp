// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <linux/capability.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/dentry.h"
#include "core/fs/permission.h"
#include "core/fs/ramfs.h"
#include "core/fs/vfs.h"
#include "core/fs/vfs_internal.h"

namespace sirius::fs {

Result<void> want_write(const Path& path)
{
    // __mnt_want_write: "if (mnt_is_readonly(m)) ret = -EROFS;".
    if ((path.mount->flags() & MS_RDONLY) != 0) {
        return errno_error(EROFS);
    }
    return {};
}

namespace {

// check_sticky: in a sticky directory only the file's owner, the
// directory's owner or CAP_FOWNER over the file may remove it.
bool sticky_forbids(const VfsCaller& caller, const Inode& directory, const Inode& inode)
{
    if ((directory.mode & S_ISVTX) == 0) {
        return false;
    }
    const u32 fsuid = caller.credentials().uid.filesystem;
    if (inode.uid == fsuid || directory.uid == fsuid) {
        return false;
    }
    return !capable_over(caller.credentials(), inode, CAP_FOWNER);
}

// filename_create: the walk to the parent and the checks on the last
// component before the file system is asked to create it.
Result<void> prepare_create(PathWalk& walk, const Path& start, const PathName& name, bool directory)
{
    TRY(walk.begin(start, name));
    TRY(walk.walk_to_parent());
    // "if (unlikely(type != LAST_NORM)) goto out;" with -EEXIST.
    if (walk.last_kind() != LastKind::Normal) {
        return errno_error(EEXIST);
    }
    RefPtr<Dentry> existing = TRY(walk.last_dentry());
    if (existing) {
        return errno_error(EEXIST);
    }
    // "you had / on the end, you've been asking for (non-existent)
    // directory. -ENOENT for you."
    if (walk.trailing_slash() && !directory) {
        return errno_error(ENOENT);
    }
    // "if (unlikely(err2)) { error = err2; goto fail; }": a read-only
    // mount, reported after the other errors.
    TRY(want_write(walk.parent()));
    return {};
}

bool is_ancestor(const Dentry& ancestor, const Dentry* dentry)
{
    for (const Dentry* at = dentry; at != nullptr; at = at->parent()) {
        if (at == &ancestor) {
            return true;
        }
    }
    return false;
}

void stamp_change(Inode& inode, Timestamp now)
{
    inode.ctime = now;
}

// A name of `inode` goes from `directory` (simple_unlink, simple_rmdir).
// A name more or less in `directory`: its st_size follows on file systems
// that give directories one (tmpfs's BOGO_DIRENT_SIZE per entry).
void entry_added(Inode& directory) { directory.size += directory.super_block().directory_entry_size(); }
void entry_removed(Inode& directory) { directory.size -= directory.super_block().directory_entry_size(); }

void drop_name(const Path& directory, Dentry& victim, Timestamp now)
{
    Inode& inode = victim.inode_ref();
    Inode& parent = directory.inode();
    entry_removed(parent);
    if (inode.is_directory()) {
        inode.nlink = 0;
        --parent.nlink;
    } else if (inode.nlink > 0) {
        --inode.nlink;
    }
    directory.dentry->remove_child(victim);
    parent.mtime = parent.ctime = now;
    inode.ctime = now;
}

} // namespace

Result<void> may_create(const VfsCaller& caller, const Path& directory)
{
    if (directory.dentry->is_unlinked()) {
        return errno_error(ENOENT);
    }
    return check_permission(caller.credentials(), directory.inode(), kMayWrite | kMayExec);
}

Result<void> may_delete(const VfsCaller& caller, const Path& directory, const Dentry& victim, bool want_directory)
{
    const Inode& inode = victim.inode_ref();
    TRY(check_permission(caller.credentials(), directory.inode(), kMayWrite | kMayExec));
    if (sticky_forbids(caller, directory.inode(), inode)) {
        return errno_error(EPERM);
    }
    if (want_directory) {
        if (!inode.is_directory()) {
            return errno_error(ENOTDIR);
        }
        if (victim.parent() == nullptr) {
            return errno_error(EBUSY);
        }
    } else if (inode.is_directory()) {
        return errno_error(EISDIR);
    }
    if (directory.dentry->is_unlinked()) {
        return errno_error(ENOENT);
    }
    return {};
}

Result<Path> create_child(const VfsCaller& caller, const Path& directory, Name name, u32 mode, u64 device)
{
    Inode& parent = directory.inode();
    const proc::Credentials& credentials = caller.credentials();
    // inode_init_owner: the group of a S_ISGID directory, which new
    // directories inherit the bit of; otherwise the fsgid.
    u32 gid = credentials.gid.filesystem;
    if ((parent.mode & S_ISGID) != 0) {
        gid = parent.gid;
        if (S_ISDIR(mode)) {
            mode |= S_ISGID;
        }
    }
    RefPtr<Inode> inode = TRY(parent.super_block().create_inode(mode, credentials.uid.filesystem, gid, device, caller.now));
    // mode_strip_sgid: a group-executable setgid file in a group the
    // creator is not in keeps S_ISGID only with CAP_FSETID.
    if (!S_ISDIR(mode) && (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && !in_group(credentials, gid) && !capable_over(credentials, *inode, CAP_FSETID)) {
        inode->mode &= ~static_cast<u32>(S_ISGID);
    }
    inode->nlink = S_ISDIR(mode) ? 2 : 1;
    RefPtr<Dentry> dentry = TRY(Dentry::create(directory.dentry, name, inode));
    TRY(directory.dentry->add_child(dentry));
    entry_added(parent);
    if (S_ISDIR(mode)) {
        ++parent.nlink;
    }
    parent.mtime = parent.ctime = caller.now;
    return Path { directory.mount, move(dentry) };
}

Result<void> make_node(const VfsCaller& caller, const Path& start, const PathName& name, u32 mode, u64 device)
{
    // may_mknod: "case 0: case S_IFREG: case S_IFCHR: case S_IFBLK: case
    // S_IFIFO: case S_IFSOCK: return 0; case S_IFDIR: return -EPERM;
    // default: return -EINVAL;"
    switch (mode & S_IFMT) {
    case 0:
        mode |= S_IFREG;
        break;
    case S_IFREG:
    case S_IFCHR:
    case S_IFBLK:
    case S_IFIFO:
    case S_IFSOCK:
        break;
    case S_IFDIR:
        return errno_error(EPERM);
    default:
        return errno_error(EINVAL);
    }
    PathWalk walk(caller.walk);
    TRY(prepare_create(walk, start, name, false));
    TRY(may_create(caller, walk.parent()));
    // vfs_mknod: "if ((S_ISCHR(mode) || S_ISBLK(mode)) && !is_whiteout &&
    // !capable(CAP_MKNOD)) return -EPERM;"
    const u32 type = mode & S_IFMT;
    if ((type == S_IFCHR || type == S_IFBLK) && !proc::has_capability_in(caller.credentials(), *caller.credentials().user_ns, CAP_MKNOD)) {
        return errno_error(EPERM);
    }
    const u32 node_mode = type | (mode & 07777 & ~caller.umask);
    const u64 rdev = (type == S_IFCHR || type == S_IFBLK) ? device : 0;
    TRY(create_child(caller, walk.parent(), walk.last(), node_mode, rdev));
    return {};
}

Result<void> make_directory(const VfsCaller& caller, const Path& start, const PathName& name, u32 mode)
{
    PathWalk walk(caller.walk);
    TRY(prepare_create(walk, start, name, true));
    TRY(may_create(caller, walk.parent()));
    // do_mkdirat: "mode & (S_IRWXUGO|S_ISVTX)", less the umask.
    const u32 directory_mode = S_IFDIR | (mode & 01777 & ~caller.umask);
    Inode& parent = walk.parent().inode();
    if (parent.has_own_entries()) {
        return parent.make_directory(caller, walk.parent(), walk.last(), directory_mode);
    }
    TRY(create_child(caller, walk.parent(), walk.last(), directory_mode, 0));
    return {};
}

Result<void> make_symlink(const VfsCaller& caller, const PathName& target, const Path& start, const PathName& name)
{
    PathWalk walk(caller.walk);
    TRY(prepare_create(walk, start, name, false));
    TRY(may_create(caller, walk.parent()));
    Path link = TRY(create_child(caller, walk.parent(), walk.last(), S_IFLNK | 0777, 0));
    // Only ramfs exists so far; a file system without symlinks would say
    // EPERM (no ->symlink).
    auto& inode = static_cast<RamfsInode&>(link.inode());
    auto stored = inode.set_link_target(target.data(), target.length());
    if (stored.is_error()) {
        drop_name(walk.parent(), *link.dentry, caller.now);
        return stored.error();
    }
    return {};
}

Result<void> make_link(const VfsCaller& caller, const Path& old_start, const PathName& old_name, bool follow, const Path& new_start, const PathName& new_name)
{
    Path old_path = TRY(lookup(caller, old_start, old_name, follow));
    PathWalk walk(caller.walk);
    TRY(prepare_create(walk, new_start, new_name, false));
    // do_linkat: "if (old_path.mnt != new_path.mnt) goto out_dput;" EXDEV.
    if (old_path.mount != walk.parent().mount) {
        return errno_error(EXDEV);
    }
    Inode& inode = old_path.inode();
    const proc::Credentials& credentials = caller.credentials();
    // may_linkat with fs.protected_hardlinks = 1 (the default of systemd
    // and Debian): the owner, CAP_FOWNER, or a "safe" file - regular, not
    // setuid, not setgid-executable - the caller may read and write.
    if (credentials.uid.filesystem != inode.uid && !capable_over(credentials, inode, CAP_FOWNER)) {
        const bool setgid_exec = (inode.mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP);
        const bool safe = inode.is_regular() && (inode.mode & S_ISUID) == 0 && !setgid_exec && check_permission(credentials, inode, kMayRead | kMayWrite).has_value();
        if (!safe) {
            return errno_error(EPERM);
        }
    }
    TRY(may_create(caller, walk.parent()));
    // vfs_link: "if (!dir->i_op->link) return -EPERM;"
    if (walk.parent().inode().has_own_entries()) {
        return errno_error(EPERM);
    }
    // link(2): "EPERM oldpath is a directory."
    if (inode.is_directory()) {
        return errno_error(EPERM);
    }
    // vfs_link: "if (inode->i_nlink == 0 && !(inode->i_state & I_LINKABLE))
    // error = -ENOENT;"
    if (inode.nlink == 0) {
        return errno_error(ENOENT);
    }
    RefPtr<Dentry> dentry = TRY(Dentry::create(walk.parent().dentry, walk.last(), old_path.dentry->inode()));
    TRY(walk.parent().dentry->add_child(move(dentry)));
    entry_added(walk.parent().inode());
    ++inode.nlink;
    stamp_change(inode, caller.now);
    walk.parent().inode().mtime = walk.parent().inode().ctime = caller.now;
    return {};
}

Result<void> remove(const VfsCaller& caller, const Path& start, const PathName& name, bool directory)
{
    PathWalk walk(caller.walk);
    TRY(walk.begin(start, name));
    TRY(walk.walk_to_parent());
    if (directory) {
        // do_rmdir: "case LAST_DOTDOT: error = -ENOTEMPTY; case LAST_DOT:
        // error = -EINVAL; case LAST_ROOT: error = -EBUSY;"
        switch (walk.last_kind()) {
        case LastKind::DotDot:
            return errno_error(ENOTEMPTY);
        case LastKind::Dot:
            return errno_error(EINVAL);
        case LastKind::Root:
            return errno_error(EBUSY);
        case LastKind::Normal:
            break;
        }
    } else if (walk.last_kind() != LastKind::Normal) {
        // do_unlinkat: "if (type != LAST_NORM) goto exit2;" with -EISDIR.
        return errno_error(EISDIR);
    }
    // do_unlinkat and do_rmdir: mnt_want_write before the lookup.
    TRY(want_write(walk.parent()));
    RefPtr<Dentry> victim = TRY(walk.last_dentry());
    if (!directory && walk.trailing_slash()) {
        // do_unlinkat's "slashes" exit.
        if (!victim) {
            return errno_error(ENOENT);
        }
        return errno_error(victim->inode_ref().is_directory() ? EISDIR : ENOTDIR);
    }
    if (!victim) {
        return errno_error(ENOENT);
    }
    TRY(may_delete(caller, walk.parent(), *victim, directory));
    Inode& parent = walk.parent().inode();
    // vfs_unlink: "if (!dir->i_op->unlink) error = -EPERM", before the
    // mountpoint check.
    if (!directory && parent.has_own_entries()) {
        return errno_error(EPERM);
    }
    // "if (is_local_mountpoint(dentry)) error = -EBUSY;"
    if (victim->is_mountpoint()) {
        return errno_error(EBUSY);
    }
    if (parent.has_own_entries()) {
        return parent.remove_directory(caller, walk.parent(), *victim);
    }
    // simple_rmdir: "if (!simple_empty(dentry)) return -ENOTEMPTY;"
    if (directory && victim->has_children()) {
        return errno_error(ENOTEMPTY);
    }
    drop_name(walk.parent(), *victim, caller.now);
    return {};
}

Result<void> rename(const VfsCaller& caller, const Path& old_start, const PathName& old_name, const Path& new_start, const PathName& new_name, u32 flags)
{
    if ((flags & ~static_cast<u32>(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0) {
        return errno_error(EINVAL);
    }
    // renameat2(2): "EINVAL Both RENAME_NOREPLACE and RENAME_EXCHANGE were
    // specified", and RENAME_WHITEOUT with RENAME_EXCHANGE.
    if ((flags & RENAME_NOREPLACE) != 0 && (flags & RENAME_EXCHANGE) != 0) {
        return errno_error(EINVAL);
    }
    if ((flags & RENAME_WHITEOUT) != 0 && (flags & RENAME_EXCHANGE) != 0) {
        return errno_error(EINVAL);
    }
    // "if ((flags & RENAME_WHITEOUT) && !capable(CAP_MKNOD)) return -EPERM"
    if ((flags & RENAME_WHITEOUT) != 0 && !proc::has_capability_in(caller.credentials(), *caller.credentials().user_ns, CAP_MKNOD)) {
        return errno_error(EPERM);
    }
    const bool exchange = (flags & RENAME_EXCHANGE) != 0;
    PathWalk old_walk(caller.walk);
    TRY(old_walk.begin(old_start, old_name));
    TRY(old_walk.walk_to_parent());
    PathWalk new_walk(caller.walk);
    TRY(new_walk.begin(new_start, new_name));
    TRY(new_walk.walk_to_parent());
    const Path& old_dir = old_walk.parent();
    const Path& new_dir = new_walk.parent();
    if (old_dir.mount != new_dir.mount) {
        return errno_error(EXDEV);
    }
    if (old_walk.last_kind() != LastKind::Normal) {
        return errno_error(EBUSY);
    }
    if (new_walk.last_kind() != LastKind::Normal) {
        return errno_error((flags & RENAME_NOREPLACE) != 0 ? EEXIST : EBUSY);
    }
    // do_renameat2: "error = mnt_want_write(old_path.mnt);".
    TRY(want_write(old_dir));
    RefPtr<Dentry> source = TRY(old_walk.last_dentry());
    if (!source) {
        return errno_error(ENOENT);
    }
    RefPtr<Dentry> target = TRY(new_walk.last_dentry());
    if ((flags & RENAME_NOREPLACE) != 0 && target) {
        return errno_error(EEXIST);
    }
    if (exchange && !target) {
        return errno_error(ENOENT);
    }
    const bool source_is_directory = source->inode_ref().is_directory();
    const bool target_is_directory = target && target->inode_ref().is_directory();
    if (!exchange) {
        if (!source_is_directory && (old_walk.trailing_slash() || new_walk.trailing_slash())) {
            return errno_error(ENOTDIR);
        }
    } else {
        if (!target_is_directory && new_walk.trailing_slash()) {
            return errno_error(ENOTDIR);
        }
        if (!source_is_directory && old_walk.trailing_slash()) {
            return errno_error(ENOTDIR);
        }
    }
    // lock_rename's trap: "source should not be ancestor of target" (EINVAL),
    // "target should not be an ancestor of source" (ENOTEMPTY).
    if (is_ancestor(*source, new_dir.dentry.get())) {
        return errno_error(EINVAL);
    }
    if (target && is_ancestor(*target, old_dir.dentry.get())) {
        return errno_error(exchange ? EINVAL : ENOTEMPTY);
    }
    // vfs_rename: "if (source == target) return 0;"
    if (target && &source->inode_ref() == &target->inode_ref()) {
        return {};
    }
    TRY(may_delete(caller, old_dir, *source, source_is_directory));
    if (!target) {
        TRY(may_create(caller, new_dir));
    } else {
        TRY(may_delete(caller, new_dir, *target, exchange ? target_is_directory : source_is_directory));
    }
    // Sirius's cgroup2 does not rename cgroups yet (Linux's cgroup_rename
    // does, within one parent); a file system without ->rename is EPERM.
    if (old_dir.inode().has_own_entries() || new_dir.inode().has_own_entries()) {
        return errno_error(EPERM);
    }
    const bool moves = old_dir.dentry != new_dir.dentry;
    // A directory moving to another parent rewrites its "..": "if (is_dir
    // && new_dir != old_dir) error = inode_permission(source, MAY_WRITE)".
    if (moves && source_is_directory) {
        TRY(check_permission(caller.credentials(), source->inode_ref(), kMayWrite));
    }
    if (moves && exchange && target_is_directory) {
        TRY(check_permission(caller.credentials(), target->inode_ref(), kMayWrite));
    }
    if (source->is_mountpoint() || (target && target->is_mountpoint())) {
        return errno_error(EBUSY);
    }
    if (!exchange && target_is_directory && target->has_children()) {
        return errno_error(ENOTEMPTY);
    }
    // Room first, so that nothing below can fail halfway (ENOMEM).
    TRY(new_dir.dentry->add_child_room());
    TRY(old_dir.dentry->add_child_room());
    RefPtr<Dentry> whiteout;
    if ((flags & RENAME_WHITEOUT) != 0) {
        RefPtr<Inode> node = TRY(old_dir.inode().super_block().create_inode(S_IFCHR, caller.credentials().uid.filesystem, caller.credentials().gid.filesystem, 0, caller.now));
        node->nlink = 1;
        whiteout = TRY(Dentry::create(old_dir.dentry, old_walk.last(), move(node)));
    }
    Inode& old_parent = old_dir.inode();
    Inode& new_parent = new_dir.inode();
    if (exchange) {
        Dentry& other = *target;
        old_dir.dentry->remove_child(*source);
        new_dir.dentry->remove_child(other);
        u8 source_name[NAME_MAX];
        const Name old_last = old_walk.last();
        copy_bytes(source_name, old_last.data, old_last.size);
        (void)source->move_to(new_dir.dentry, new_walk.last());
        (void)other.move_to(old_dir.dentry, Name { source_name, old_last.size });
        if (moves && source_is_directory != target_is_directory) {
            if (source_is_directory) {
                --old_parent.nlink;
                ++new_parent.nlink;
            } else {
                ++old_parent.nlink;
                --new_parent.nlink;
            }
        }
        other.inode_ref().ctime = caller.now;
    } else {
        if (target) {
            drop_name(new_dir, *target, caller.now);
        }
        old_dir.dentry->remove_child(*source);
        (void)source->move_to(new_dir.dentry, new_walk.last());
        // shmem_rename2: "old_dir->i_size -= BOGO_DIRENT_SIZE;
        // new_dir->i_size += BOGO_DIRENT_SIZE;" (an exchange changes no
        // sizes), and a whiteout is one more entry in the old directory.
        entry_removed(old_parent);
        entry_added(new_parent);
        if (moves && source_is_directory) {
            --old_parent.nlink;
            ++new_parent.nlink;
        }
        if (whiteout) {
            (void)old_dir.dentry->add_child(move(whiteout));
            entry_added(old_parent);
        }
    }
    source->inode_ref().ctime = caller.now;
    old_parent.mtime = old_parent.ctime = caller.now;
    new_parent.mtime = new_parent.ctime = caller.now;
    return {};
}

} // namespace sirius::fs
