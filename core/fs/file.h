#pragma once

// An open file description (Linux struct file): what an fd refers to. Shared by
// dup, fork and SCM_RIGHTS. Its operations are Linux's file_operations as far
// as Sirius has them - read, write, ioctl - and a kind of file overrides the
// ones it has. The syscalls (core/syscall/read_write.cpp, ioctl.cpp) check
// what vfs_read/vfs_write check before they call an operation; an operation
// only moves bytes.
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/fs/io_context.h"

namespace sirius::fs {

class PollTable;

// Linux DEFAULT_POLLMASK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM):
// what a file without a poll operation is always ready for. Defined in
// file.cpp, where <linux/eventpoll.h> cannot clash with a libc's fcntl.h.
[[nodiscard]] u32 default_poll_mask();

// What a file is, so code can recognise one without RTTI.
enum class FileKind : u8 {
    Pidfd, // a process file descriptor (pidfd_open, CLONE_PIDFD)
    Console, // the console device without a terminal (core/fs/console_file.h)
    Terminal, // a terminal (core/tty/terminal_file.h)
    Pipe, // an end of an anonymous pipe (core/fs/pipe.h)
    Vfs, // a file, directory or node opened by name (core/fs/vfs_file.h)
    Other,
};

// The data operations a kind of file implements (Linux: whether its
// file_operations has read/read_iter and write/write_iter, which
// do_dentry_open records as FMODE_CAN_READ and FMODE_CAN_WRITE).
struct FileOperations {
    bool read { false };
    bool write { false };
    // The file has a position that lseek(2) moves and pread(2)/pwrite(2)
    // use (Linux FMODE_LSEEK, FMODE_PREAD, FMODE_PWRITE). A stream (the
    // console, a pipe) has none: those calls are ESPIPE.
    bool seek { false };
    // pwrite(2) too (FMODE_PWRITE), which seq_open takes away from a
    // seekable file: /proc's generated files answer it with ESPIPE.
    bool pwrite { true };
};

// Every virtual is defined here, inline: a key function in file.cpp would
// put File's typeinfo in the core library, which is built without RTTI,
// and the host code that derives from File is built with it.
class File : public RefCounted<File> {
public:
    virtual ~File() = default;
    [[nodiscard]] virtual FileKind kind() const = 0;

    // open(2) flags the description was opened with (O_RDWR, O_NONBLOCK...).
    [[nodiscard]] u32 status_flags() const { return m_status_flags; }
    // Replaces them (FIONBIO, FIOASYNC; fcntl F_SETFL later). The caller
    // changes only the flags those calls may change; the access mode stays.
    void set_status_flags(u32 flags) { m_status_flags = flags; }

    // The access mode lets the description read / write (Linux FMODE_READ /
    // FMODE_WRITE from O_ACCMODE: O_RDONLY reads, O_WRONLY writes, O_RDWR
    // both, the ioctl-only mode 3 neither). Otherwise the call is EBADF.
    [[nodiscard]] bool is_readable() const;
    [[nodiscard]] bool is_writable() const;
    // The kind of file has the operation (FMODE_CAN_READ / FMODE_CAN_WRITE).
    // Otherwise the call is EINVAL, checked right after the access mode.
    [[nodiscard]] bool has_read() const { return m_operations.read; }
    [[nodiscard]] bool has_write() const { return m_operations.write; }
    // lseek, pread and pwrite apply (otherwise ESPIPE).
    [[nodiscard]] bool is_seekable() const { return m_operations.seek; }
    [[nodiscard]] bool allows_pwrite() const { return m_operations.seek && m_operations.pwrite; }

    // The uid owning the file's inode (inode_owner_or_capable: F_SETFL's
    // O_NOATIME). Files without a file system inode are owned by root, as
    // Linux's anonymous inode is.
    [[nodiscard]] virtual u32 owner_uid() const { return 0; }

    // The file position (f_pos) that read(2) and write(2) start at and
    // advance. A stream (the console) neither reads nor moves it.
    [[nodiscard]] i64 position() const { return m_position; }
    void set_position(i64 position) { m_position = position; }

    // Moves up to `count` bytes from the file, at `position`, to the caller's
    // memory (io.memory) at `buffer`; returns how many (0: end of file). A seekable file
    // advances `position` by that; a stream ignores it.
    // Preconditions (vfs_read checked them): is_readable() and has_read();
    // [buffer, buffer + count) is a user range (is_user_range); count is at
    // most MAX_RW_COUNT; position >= 0 and position + count does not overflow.
    // Errors: EFAULT when the buffer faults before a byte moved (after that,
    // the bytes moved so far), and the kind's own (EAGAIN, EINTR...).
    // The default, for a kind without the operation: EINVAL (vfs_read "no
    // ->read or ->read_iter").
    virtual Result<usize> read(IoContext& /*io*/, UserAddress /*buffer*/, usize /*count*/, i64& /*position*/) { return errno_error(EINVAL); }

    // Moves up to `count` bytes from user memory at `buffer` into the file,
    // at `position`; returns how many. As read(), with is_writable() and
    // has_write(). The default: EINVAL.
    virtual Result<usize> write(IoContext& /*io*/, UserAddress /*buffer*/, usize /*count*/, i64& /*position*/) { return errno_error(EINVAL); }

    // A command of ioctl(2) for this kind of file (Linux unlocked_ioctl),
    // after the generic ones (FIOCLEX, FIONBIO...) did not match. Returns
    // the call's value. `argument` is the raw third argument: a number or a
    // user address, as the command defines. The default, for a kind without
    // ioctls: ENOTTY ("the specified request does not apply to the kind of
    // object that fd references", ioctl(2)).
    virtual Result<i64> ioctl(IoContext& /*io*/, u32 /*command*/, u64 /*argument*/) { return errno_error(ENOTTY); }

    // The events (EPOLL* bits) the file is ready for now (Linux
    // f_op->poll). A kind that can change readiness first names to `table`
    // the wait queues woken when it does (poll_wait); `table` is nullptr
    // when only the answer is wanted. The default, for a kind without the
    // operation (regular files, directories, memory devices):
    // default_poll_mask(), always ready (vfs_poll).
    virtual u32 poll(PollTable* /*table*/) { return default_poll_mask(); }

    // The end of the file for lseek's SEEK_END, and SEEK_DATA/SEEK_HOLE
    // (Linux generic_file_llseek_size with the file's own maximum).
    // Preconditions: is_seekable(). Errors: ENXIO (SEEK_DATA/SEEK_HOLE past
    // the end), EINVAL. The default: a file without an end (EINVAL).
    virtual Result<i64> seek_end(u32 /*whence*/, i64 /*offset*/) { return errno_error(EINVAL); }

protected:
    explicit File(u32 status_flags, FileOperations operations = {})
        : m_status_flags(status_flags)
        , m_operations(operations)
    {
    }

private:
    u32 m_status_flags;
    FileOperations m_operations;
    i64 m_position { 0 };
};

} // namespace sirius::fs
