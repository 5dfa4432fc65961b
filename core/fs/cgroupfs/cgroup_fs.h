#pragma once

// The cgroup2 file system (Linux kernel/cgroup/cgroup.c over kernfs): one
// hierarchy whose directories are the cgroups and whose files show and
// change them. Like kernfs, the tree lives as long as the cgroups, not as
// long as a mount: every cgroup2 mount shows the one super block (one
// st_dev), whose dentries are the kernfs nodes; umount does not kill it.
// A mount made inside a cgroup namespace shows the tree from the
// namespace's root (cgroup_do_get_tree's nsdentry): a view super block
// whose root is that cgroup's directory.
//
// Sirius has no controllers: cgroup.controllers and subtree_control stay
// empty, and there is no threaded mode, freezer or PSI (docs/cgroup.md).
#include "core/base/vector.h"
#include "core/fs/dentry.h"
#include "core/fs/super_block.h"
#include "core/ns/cgroup_namespace.h"
#include "core/proc/cgroup.h"

namespace sirius::proc {
class Kernel;
class Thread;
class Credentials;
} // namespace sirius::proc

namespace sirius::fs {

class File;
class TextBuffer;

// What an inode of the hierarchy is: a cgroup's directory or one of its
// files (cgroup_base_files).
enum class CgroupFile : u8 {
    Directory,
    Type,
    Procs,
    Threads,
    Controllers,
    SubtreeControl,
    Events,
    MaxDescendants,
    MaxDepth,
    Stat,
    Freeze,
    Kill,
};

class CgroupSuperBlock final : public SuperBlock {
public:
    // The hierarchy, with `root`'s directory and files. Errors: ENOMEM.
    static Result<RefPtr<CgroupSuperBlock>> create(proc::Kernel& kernel, u64 device, const RefPtr<proc::Cgroup>& root, Timestamp now);

    // cgroup_do_get_tree: what a mount made in `ns` shows: this super block,
    // or a view rooted at the namespace's root cgroup. Errors: ENOENT (that
    // cgroup was removed), ENOMEM.
    Result<RefPtr<SuperBlock>> super_block_for(const ns::CgroupNamespace& ns);

    [[nodiscard]] u64 magic() const override;
    [[nodiscard]] const char* type_name() const override { return "cgroup2"; }
    // kernfs has no ->create (vfs_create: EACCES), ->mknod or ->symlink
    // (EPERM); mkdir goes to the directory (Inode::make_directory).
    Result<RefPtr<Inode>> create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now) override;
    // The hierarchy outlives its mounts.
    void kill() override {}
    // The kernel goes: the tree is dropped (what kill does elsewhere).
    void destroy();

    [[nodiscard]] proc::Kernel& kernel() const { return m_kernel; }
    // The directory of a live `cgroup`, or nullptr (removed, or not of
    // this hierarchy).
    [[nodiscard]] RefPtr<Dentry> directory_of(const proc::Cgroup& cgroup) const;
    // Makes `cgroup`'s directory as `name` in `parent` with its files,
    // owned by `uid`/`gid`. Errors: ENOMEM (nothing left behind).
    Result<RefPtr<Dentry>> populate(const RefPtr<Dentry>& parent, const RefPtr<proc::Cgroup>& cgroup, Name name, u32 mode, u32 uid, u32 gid, Timestamp now);

    CgroupSuperBlock(proc::Kernel& kernel, u64 device, bool view)
        : SuperBlock(device)
        , m_kernel(kernel)
        , m_view(view)
    {
    }

private:
    proc::Kernel& m_kernel;
    bool m_view;
};

class CgroupInode final : public Inode {
public:
    CgroupInode(SuperBlock& super_block, u64 ino, RefPtr<proc::Cgroup> cgroup, CgroupFile file)
        : Inode(super_block, ino)
        , m_cgroup(move(cgroup))
        , m_file(file)
    {
    }

    [[nodiscard]] proc::Cgroup& cgroup() const { return *m_cgroup; }
    [[nodiscard]] const RefPtr<proc::Cgroup>& cgroup_ref() const { return m_cgroup; }
    [[nodiscard]] CgroupFile file() const { return m_file; }
    [[nodiscard]] CgroupSuperBlock& hierarchy() const { return static_cast<CgroupSuperBlock&>(super_block()); }

    // Without a caller (exec, a kernel read): as the initial namespaces
    // see it.
    Result<usize> read(u64 offset, IoBuffer buffer, usize count) override;
    Result<usize> write(u64 offset, IoBuffer buffer, usize count) override;
    Result<usize> read_as(IoContext& io, u64 offset, IoBuffer buffer, usize count) override;
    Result<usize> write_as(IoContext& io, u64 offset, IoBuffer buffer, usize count) override;

    [[nodiscard]] bool has_own_entries() const override { return m_file == CgroupFile::Directory; }
    Result<void> make_directory(const VfsCaller& caller, const Path& directory, const Name& name, u32 mode) override;
    Result<void> remove_directory(const VfsCaller& caller, const Path& directory, Dentry& victim) override;

private:
    Result<void> show(const proc::Thread* reader, TextBuffer& text) const;
    Result<void> command(proc::Thread* writer, char* bytes);
    // cgroup.kill: SIGKILL to every live process here and below.
    void kill_subtree(proc::Thread& writer);

    RefPtr<proc::Cgroup> m_cgroup;
    CgroupFile m_file;
};

// cgroup_get_from_file (CLONE_INTO_CGROUP): the cgroup an open cgroup2
// directory (O_PATH too) shows. Errors: EBADF (any other file), ENOENT
// (a removed cgroup).
Result<RefPtr<proc::Cgroup>> cgroup_from_file(File& file);

// cgroup_may_write: `credentials` may write `cgroup`'s cgroup.procs.
// Errors: EACCES, ENOENT (no such directory any more).
Result<void> may_write_procs(const CgroupSuperBlock& hierarchy, const proc::Credentials& credentials, const proc::Cgroup& cgroup);

// cgroup_attach_permissions: may `caller` move a task (its process with
// `threadgroup`, else one thread) from `source` to `destination`?
// Write permission on the common ancestor's cgroup.procs (the delegation
// rule), then cgroup_migrate_vet_dst. Errors: EACCES, EBUSY (no internal
// processes), EOPNOTSUPP (a thread into another domain).
Result<void> check_attach(const CgroupSuperBlock& hierarchy, const proc::Credentials& credentials, const proc::Cgroup& source, const proc::Cgroup& destination, bool threadgroup);

// cgroup_path_ns: `cgroup`'s path as seen from `root` (nullptr: the
// hierarchy's root): "/a/b", "/" for the root itself, "/../c" for what is
// outside it (kernfs_path_from_node).
Result<void> append_cgroup_path(TextBuffer& text, const proc::Cgroup& cgroup, const proc::Cgroup* root);

} // namespace sirius::fs
