#pragma once

// nsfs (Linux fs/nsfs.c): the pseudo file system of namespace files. Opening
// /proc/<pid>/ns/<type> (a magic link) gives a file on nsfs's one internal
// mount whose inode stands for the namespace: its number is the namespace's
// inode number, its device nsfs's anonymous one, the same for every
// namespace. The file holds the namespace alive; setns(2) takes it, and
// ioctl_ns(2) asks it about its relatives.
#include "core/fs/mount.h"
#include "core/ns/namespace_handle.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::fs {

class File;

class NsfsSuperBlock final : public SuperBlock {
public:
    // Errors: ENOMEM.
    static Result<RefPtr<NsfsSuperBlock>> create(u64 device);

    [[nodiscard]] u64 magic() const override;
    [[nodiscard]] const char* type_name() const override { return "nsfs"; }
    // nsfs makes no files by name.
    Result<RefPtr<Inode>> create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now) override;

    explicit NsfsSuperBlock(u64 device)
        : SuperBlock(device)
    {
    }
};

class NsInode final : public Inode {
public:
    NsInode(SuperBlock& super_block, ns::NamespaceHandle handle);

    [[nodiscard]] const ns::NamespaceHandle& handle() const { return m_handle; }
    // ns_ioctl (nsfs_ioctl.cpp).
    Result<i64> ioctl(IoContext& io, u32 command, u64 argument) override;

private:
    ns::NamespaceHandle m_handle;
};

// nsfs's internal mount (Linux nsfs_init's kern_mount). Errors: ENOMEM.
Result<RefPtr<Mount>> create_nsfs_mount(u64 device);

// ns_get_path: where the file of `handle` is, on `nsfs_mount`, made at
// `now`. Errors: ENOMEM.
Result<Path> namespace_path(const RefPtr<Mount>& nsfs_mount, ns::NamespaceHandle handle, Timestamp now);

// The namespace an nsfs inode stands for, or nullptr for any other inode.
[[nodiscard]] const ns::NamespaceHandle* namespace_of(const Inode& inode);
// proc_ns_file: the namespace an open file is of, or nullptr for a file
// that is not a namespace file (an O_PATH one is not: setns and ioctl
// take none).
[[nodiscard]] const ns::NamespaceHandle* namespace_of(const File& file);

// open_related_ns: a new O_RDONLY file of `handle` at the lowest free fd of
// `caller`, close-on-exec. Returns the fd. Errors: EMFILE, ENOMEM.
Result<i64> open_namespace_file(proc::Kernel& kernel, proc::Thread& caller, ns::NamespaceHandle handle);

} // namespace sirius::fs
