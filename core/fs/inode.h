#pragma once

// An inode (Linux struct inode): a file's metadata and the operations its
// file system gives it. Names live in dentries (core/fs/dentry.h), not here:
// a hard-linked inode has several. A file system derives from Inode and
// overrides the operations its kind of file has; the defaults are Linux's
// answers for an inode without them.
#include "core/base/function_ref.h"
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/fs/io_buffer.h"

namespace sirius::proc {
class Credentials;
} // namespace sirius::proc

namespace sirius::fs {

class Pipe;
class SuperBlock;
class Dentry;
struct IoContext;
struct Name;
struct Path;
struct VfsCaller;
struct WalkContext;

// One entry of a directory listing that a file system makes itself
// (getdents64 of a procfs directory): its inode number, DT_* type, name,
// and the position after it. Returns false when it did not fit.
using DirectoryEmitter = FunctionRef<Result<bool>(u64 ino, u8 type, const u8* name, usize size, i64 next)>;

struct Timestamp {
    i64 seconds { 0 };
    i64 nanoseconds { 0 };
    bool operator==(const Timestamp&) const = default;
};

// A byte run owned by someone else (a symlink's target).
struct ByteView {
    const u8* data { nullptr };
    usize size { 0 };
};

// Linux's new_encode_dev: the dev_t of stat(2) from a major and a minor.
constexpr u64 encode_device(u32 major, u32 minor)
{
    return (minor & 0xffU) | ((u64 { major } & 0xfffU) << 8) | ((u64 { minor } & ~0xffULL) << 12) | ((u64 { major } & ~0xfffULL) << 32);
}

// The virtual destructor lives in inode.cpp (it releases the super block,
// an incomplete type here): Inode's typeinfo is the core's, so host code
// built with RTTI does not derive from it.
class Inode : public RefCounted<Inode> {
public:
    virtual ~Inode();

    [[nodiscard]] SuperBlock& super_block() const { return *m_super_block; }
    [[nodiscard]] u64 ino() const { return m_ino; }

    // S_IFMT type and permission bits; the type never changes.
    u32 mode { 0 };
    u32 uid { 0 };
    u32 gid { 0 };
    u32 nlink { 0 };
    u64 size { 0 };
    u64 rdev { 0 }; // a device node's device (encode_device)
    Timestamp atime;
    Timestamp mtime;
    Timestamp ctime;
    Timestamp btime; // birth, for statx
    // S_IMMUTABLE: nothing may write it, root included (EPERM). nsfs's
    // files have it.
    bool immutable { false };
    // A FIFO's pipe (Linux i_pipe), shared by its openers; a new one once
    // every end of it has closed (core/fs/fifo.h).
    RefPtr<Pipe> fifo_pipe;

    [[nodiscard]] bool is_directory() const;
    [[nodiscard]] bool is_regular() const;
    [[nodiscard]] bool is_symlink() const;
    // 512-byte blocks the data takes (st_blocks).
    [[nodiscard]] virtual u64 blocks() const { return 0; }

    // A regular file's bytes at `offset` into `buffer`; returns how many
    // (0 at or past the end). Holes read as zeros. Errors: EFAULT (bytes so
    // far if some moved), EINVAL for a kind without data.
    virtual Result<usize> read(u64 /*offset*/, IoBuffer /*buffer*/, usize /*count*/) { return errno_error(EINVAL); }
    // Writes `count` bytes at `offset`, growing the file. Errors: EFAULT,
    // ENOSPC/ENOMEM (bytes so far if some moved), EINVAL.
    virtual Result<usize> write(u64 /*offset*/, IoBuffer /*buffer*/, usize /*count*/) { return errno_error(EINVAL); }
    // Whether write(2) of 0 bytes reaches write_as(). vfs_write calls the
    // file's write whatever the count; a regular file's answers 0 without
    // a change (generic_write_checks), so by default Sirius does not call.
    [[nodiscard]] virtual bool sees_empty_writes() const { return false; }
    // open(2) reached the inode, after the permission checks (Linux
    // f_op->open in do_dentry_open): `opener` are the credentials the open
    // file keeps (f_cred), `writable` whether it is opened for writing.
    // The default accepts; an error fails the open.
    virtual Result<void> open(const proc::Credentials& /*opener*/, bool /*writable*/) { return {}; }
    // Sets the size: what lies past it is dropped, what is added reads as
    // zeros. Errors: ENOMEM, EINVAL for a kind without data.
    virtual Result<void> truncate(u64 /*length*/) { return errno_error(EINVAL); }
    // SEEK_DATA / SEEK_HOLE from `offset` (< size): the first byte of data
    // or of a hole at or after it. The default treats the file as all data.
    virtual u64 next_data_or_hole(u64 offset, bool hole) const { return hole ? size : offset; }
    // Whether an open file of it takes pwrite(2): not when Linux opens it
    // with seq_open ("file->f_mode &= ~FMODE_PWRITE").
    [[nodiscard]] virtual bool allows_pwrite() const { return true; }
    // read(2) and write(2) of an open file (VfsFile), for a file whose
    // bytes depend on who asks (cgroup.procs shows pids in the reader's
    // pid namespace; writing it moves a process as the writer may;
    // /proc/<pid>/uid_map reads current_cred() in the write). The defaults
    // are read() and write().
    virtual Result<usize> read_as(IoContext& /*io*/, u64 offset, IoBuffer buffer, usize count) { return read(offset, buffer, count); }
    virtual Result<usize> write_as(IoContext& /*io*/, u64 offset, IoBuffer buffer, usize count) { return write(offset, buffer, count); }
    // A symlink's target (EINVAL for any other inode, readlink(2)).
    virtual Result<ByteView> link_target() const { return errno_error(EINVAL); }
    // A magic link (Linux: a ->get_link that calls nd_jump_link, procfs's
    // namespace links): following it leads to an object rather than a
    // name. Returns true and sets `target` for one, false for an ordinary
    // symlink. `context` is the walker's (whose access to the link's
    // process is checked). Errors: the link's (EACCES, ENOENT, ENOMEM).
    virtual Result<bool> jump_link(const WalkContext& /*context*/, Path& /*target*/) const { return false; }
    // An ioctl(2) of a file opened on this inode (the unlocked_ioctl of its
    // file_operations, nsfs's ns_ioctl). The default: ENOTTY.
    virtual Result<i64> ioctl(IoContext& /*io*/, u32 /*command*/, u64 /*argument*/) { return errno_error(ENOTTY); }

    // A directory whose entries are made when they are looked up (procfs's
    // ->lookup): the entry named `name`, `size` bytes, of `directory` (this
    // inode's dentry) as a new dentry the directory does not keep, or
    // nullptr. `context` is the walker's (/proc/self names the caller).
    // The default: nothing beyond the dentries (ramfs's simple_lookup).
    virtual Result<RefPtr<Dentry>> lookup(const RefPtr<Dentry>& directory, const u8* name, usize size, const WalkContext& context);
    // Such a directory lists itself (->iterate_shared) from `position` (2
    // is the first entry after "." and ".."), advancing it past each entry
    // emitted.
    [[nodiscard]] virtual bool lists_itself() const { return false; }
    virtual Result<void> list(i64& /*position*/, DirectoryEmitter /*emit*/) { return {}; }

    // A directory whose file system decides its entries itself (kernfs:
    // cgroup2 makes a cgroup on mkdir and has no create, link, unlink or
    // rename). The VFS then calls these after its own checks instead of
    // changing the dentries itself (Linux: the directory's
    // inode_operations; a missing one is EPERM, vfs_unlink and vfs_link).
    [[nodiscard]] virtual bool has_own_entries() const { return false; }
    // mkdir(2) of `name` in `directory` (this inode), `mode` with the umask
    // applied. Preconditions: the name is free; may_create passed.
    virtual Result<void> make_directory(const VfsCaller& /*caller*/, const Path& /*directory*/, const Name& /*name*/, u32 /*mode*/) { return errno_error(EPERM); }
    // rmdir(2) of `victim` in `directory` (this inode). Preconditions:
    // may_delete passed; `victim` is no mountpoint.
    virtual Result<void> remove_directory(const VfsCaller& /*caller*/, const Path& /*directory*/, Dentry& /*victim*/) { return errno_error(EPERM); }

protected:
    Inode(SuperBlock& super_block, u64 ino);

private:
    RefPtr<SuperBlock> m_super_block;
    u64 m_ino;
};

} // namespace sirius::fs
