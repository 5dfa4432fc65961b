// <linux/stat.h> and <linux/magic.h> first: the S_IF* constants are left out
// once a glibc header has been seen (the host build's <stdint.h>).
#include <linux/fcntl.h>
#include <linux/magic.h>
#include <linux/resource.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/dentry.h"
#include "core/fs/fd_table.h"
#include "core/fs/nsfs.h"
#include "core/fs/text_buffer.h"
#include "core/fs/vfs_file.h"
#include "core/proc/kernel.h"

namespace sirius::fs {

Result<RefPtr<NsfsSuperBlock>> NsfsSuperBlock::create(u64 device)
{
    auto super_block = TRY(try_make_ref<NsfsSuperBlock>(device));
    // nsfs has no root directory anyone can reach; its root dentry only
    // anchors the mount.
    auto root_inode = TRY(try_make_ref<NsInode>(*super_block, ns::NamespaceHandle {}));
    root_inode->mode = S_IFDIR | 0500;
    root_inode->nlink = 2;
    auto root = TRY(Dentry::create(nullptr, Name {}, RefPtr<Inode>(move(root_inode))));
    super_block->set_root(move(root));
    return super_block;
}

u64 NsfsSuperBlock::magic() const
{
    return NSFS_MAGIC;
}

Result<RefPtr<Inode>> NsfsSuperBlock::create_inode(u32 /*mode*/, u32 /*uid*/, u32 /*gid*/, u64 /*rdev*/, Timestamp /*now*/)
{
    return errno_error(EPERM);
}

NsInode::NsInode(SuperBlock& super_block, ns::NamespaceHandle handle)
    : Inode(super_block, handle.inode())
    , m_handle(move(handle))
{
}

Result<RefPtr<Mount>> create_nsfs_mount(u64 device)
{
    auto super_block = TRY(NsfsSuperBlock::create(device));
    RefPtr<Dentry> root = super_block->root();
    return Mount::create(RefPtr<SuperBlock>(move(super_block)), move(root), nullptr, nullptr);
}

Result<Path> namespace_path(const RefPtr<Mount>& nsfs_mount, ns::NamespaceHandle handle, Timestamp now)
{
    // The dentry's name is what d_path shows of it (ns_dname: "%s:[%lu]").
    TextBuffer name;
    name.append(handle.type_name()).append(":[").append_unsigned(handle.inode()).append("]");
    TRY(name.status());
    auto inode = TRY(try_make_ref<NsInode>(nsfs_mount->super_block(), move(handle)));
    // __ns_get_path: "inode->i_mode = S_IFREG | S_IRUGO", owned by root, one
    // link, timestamps of its making.
    inode->mode = S_IFREG | 0444;
    inode->nlink = 1;
    // "inode->i_flags |= S_IMMUTABLE": opening one for writing is EPERM.
    inode->immutable = true;
    inode->atime = inode->mtime = inode->ctime = inode->btime = now;
    auto dentry = TRY(Dentry::create(nullptr, Name { name.data(), name.size() }, RefPtr<Inode>(move(inode))));
    return Path { nsfs_mount, move(dentry) };
}

const ns::NamespaceHandle* namespace_of(const Inode& inode)
{
    // nsfs's files are its inodes with a namespace (the root has none).
    if (inode.super_block().magic() != NSFS_MAGIC) {
        return nullptr;
    }
    const ns::NamespaceHandle& handle = static_cast<const NsInode&>(inode).handle();
    return handle.is_null() ? nullptr : &handle;
}

const ns::NamespaceHandle* namespace_of(const File& file)
{
    // "file->f_op == &ns_file_operations", which an O_PATH file's is not
    // (do_dentry_open gives it empty_fops).
    const VfsFile* vfs = as_vfs_file(const_cast<File*>(&file));
    if (vfs == nullptr || (file.status_flags() & O_PATH) != 0) {
        return nullptr;
    }
    return namespace_of(vfs->inode());
}

Result<i64> open_namespace_file(proc::Kernel& kernel, proc::Thread& caller, ns::NamespaceHandle handle)
{
    // "fd = get_unused_fd_flags(O_CLOEXEC)" first: EMFILE before anything
    // is made.
    const int fd = TRY(caller.files->reserve(0, caller.process().limits().get(RLIMIT_NOFILE).soft));
    auto opened = [&]() -> Result<RefPtr<File>> {
        Path path = TRY(namespace_path(kernel.nsfs_mount(), move(handle), kernel.file_time()));
        RefPtr<VfsFile> file = TRY(VfsFile::create(move(path), O_RDONLY));
        return RefPtr<File>(move(file));
    }();
    if (opened.is_error()) {
        caller.files->unreserve(fd);
        return opened.error();
    }
    caller.files->install(fd, opened.release_value(), true);
    return fd;
}

} // namespace sirius::fs
