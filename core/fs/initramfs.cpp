// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <linux/fcntl.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/dentry.h"
#include "core/fs/initramfs.h"
#include "core/fs/vfs_file.h"

namespace sirius::fs {

namespace {

// An earlier entry of this archive that later ones with the same key link
// to (Linux's hash of struct hash: ino, major, minor, mode type).
struct LinkKey {
    u32 ino;
    u32 dev_major;
    u32 dev_minor;
    u16 type;
    usize archive;
    RefPtr<Dentry> dentry;
    RefPtr<Mount> mount;
};

// A directory's mtime is set once the archive is unpacked (dir_utime):
// every name added to it changes it.
struct DirectoryTime {
    RefPtr<Dentry> dentry;
    Timestamp mtime;
};

Result<Path> find(const VfsCaller& caller, const PathName& name)
{
    return lookup(caller, caller.walk.root, name, false);
}

// clean_path: an existing name of another type goes first.
void clean_path(const VfsCaller& caller, const PathName& name, u32 mode)
{
    auto existing = find(caller, name);
    if (existing.is_error()) {
        return;
    }
    const Inode& inode = existing.value().inode();
    if ((inode.mode & S_IFMT) != (mode & S_IFMT)) {
        (void)remove(caller, caller.walk.root, name, inode.is_directory());
    }
}

void set_attributes(Inode& inode, const CpioEntry& entry)
{
    inode.mode = (inode.mode & S_IFMT) | (entry.mode & 07777);
    inode.uid = entry.uid;
    inode.gid = entry.gid;
    inode.mtime = Timestamp { entry.mtime, 0 };
    inode.atime = inode.mtime;
}

Result<bool> link_to_earlier(const VfsCaller& caller, const PathName& name, const CpioEntry& entry, Vector<LinkKey>& links)
{
    if (!entry.may_be_hard_link()) {
        return false;
    }
    for (LinkKey& key : links) {
        if (key.ino == entry.ino && key.dev_major == entry.dev_major && key.dev_minor == entry.dev_minor && key.type == entry.file_type() && key.archive == entry.archive_index) {
            clean_path(caller, name, entry.mode);
            // Linux init_link's result is not checked either.
            RefPtr<Dentry> dentry;
            {
                PathWalk walk(caller.walk);
                TRY(walk.begin(caller.walk.root, name));
                TRY(walk.walk_to_parent());
                if (walk.last_kind() != LastKind::Normal || TRY(walk.last_dentry())) {
                    return true;
                }
                dentry = TRY(Dentry::create(walk.parent().dentry, walk.last(), key.dentry->inode()));
                TRY(walk.parent().dentry->add_child(move(dentry)));
                walk.parent().inode().size += walk.parent().inode().super_block().directory_entry_size();
                ++key.dentry->inode_ref().nlink;
            }
            // The data comes with the last link: written into the shared
            // inode from offset 0, without truncating.
            if (entry.file_type() == S_IFREG && entry.data.size > 0) {
                Inode& inode = key.dentry->inode_ref();
                TRY(inode.write(0, IoBuffer::kernel(const_cast<u8*>(entry.data.data)), entry.data.size));
            }
            return true;
        }
    }
    return false;
}

Result<void> remember_link(const VfsCaller& caller, const PathName& name, const CpioEntry& entry, Vector<LinkKey>& links)
{
    if (!entry.may_be_hard_link()) {
        return {};
    }
    Path path = TRY(find(caller, name));
    return links.try_append(LinkKey { entry.ino, entry.dev_major, entry.dev_minor, entry.file_type(), entry.archive_index, path.dentry, path.mount });
}

// One entry; an error means the entry is skipped (as Linux ignores the
// init_* results), except ENOMEM, which the caller reports.
Result<void> unpack_entry(const VfsCaller& caller, const CpioEntry& entry, Vector<LinkKey>& links, Vector<DirectoryTime>& directories)
{
    PathName name;
    TRY(name.copy_from_kernel(entry.name.data, entry.name.size));
    const u16 type = entry.file_type();
    if (type == S_IFREG || type == S_IFCHR || type == S_IFBLK || type == S_IFIFO || type == S_IFSOCK) {
        if (TRY(link_to_earlier(caller, name, entry, links))) {
            return {};
        }
    }
    switch (type) {
    case S_IFDIR: {
        auto made = make_directory(caller, caller.walk.root, name, entry.mode);
        if (made.is_error() && made.error().code() != EEXIST) {
            return made.error();
        }
        break;
    }
    case S_IFREG: {
        clean_path(caller, name, entry.mode);
        RefPtr<File> file = TRY(open(caller, caller.walk.root, name, O_WRONLY | O_CREAT, entry.mode));
        Inode& inode = static_cast<VfsFile&>(*file).inode();
        TRY(inode.truncate(0));
        if (entry.data.size > 0) {
            TRY(inode.write(0, IoBuffer::kernel(const_cast<u8*>(entry.data.data)), entry.data.size));
        }
        break;
    }
    case S_IFLNK: {
        clean_path(caller, name, entry.mode);
        PathName target;
        TRY(target.copy_from_kernel(entry.data.data, entry.data.size));
        TRY(make_symlink(caller, target, caller.walk.root, name));
        break;
    }
    case S_IFCHR:
    case S_IFBLK:
    case S_IFIFO:
    case S_IFSOCK:
        clean_path(caller, name, entry.mode);
        TRY(make_node(caller, caller.walk.root, name, entry.mode, encode_device(entry.rdev_major, entry.rdev_minor)));
        break;
    default:
        return errno_error(EINVAL);
    }
    Path path = TRY(find(caller, name));
    set_attributes(path.inode(), entry);
    if (type == S_IFDIR) {
        TRY(directories.try_append(DirectoryTime { path.dentry, Timestamp { entry.mtime, 0 } }));
    }
    TRY(remember_link(caller, name, entry, links));
    return {};
}

} // namespace

Result<UnpackReport> unpack_initramfs(const VfsCaller& caller, CpioBytes archive)
{
    UnpackReport report;
    Vector<LinkKey> links;
    Vector<DirectoryTime> directories;
    CpioReader reader(archive.data, archive.size);
    CpioEntry entry;
    while (TRY(reader.next(entry))) {
        auto unpacked = unpack_entry(caller, entry, links, directories);
        if (unpacked.is_error()) {
            if (unpacked.error().code() == ENOMEM) {
                return unpacked.error();
            }
            ++report.skipped;
            continue;
        }
        ++report.created;
    }
    for (DirectoryTime& directory : directories) {
        directory.dentry->inode_ref().mtime = directory.mtime;
        directory.dentry->inode_ref().atime = directory.mtime;
    }
    return report;
}

} // namespace sirius::fs
