#pragma once

// The file descriptor table (Linux struct files_struct): shared by
// CLONE_FILES, copied otherwise. Lowest free descriptor first, close-on-exec
// per descriptor, bounded by RLIMIT_NOFILE.
#include "core/base/vector.h"
#include "core/fs/file.h"

namespace sirius::fs {

// Descriptors first..last, both included (Linux struct fd_range).
struct FdRange {
    u32 first;
    u32 last;
};

class FdTable : public RefCounted<FdTable> {
public:
    static Result<RefPtr<FdTable>> create() { return try_make_ref<FdTable>(); }
    // A copy sharing every open file description (Linux dup_fd). With a
    // `punch_hole` that reaches past the last open descriptor (close_range
    // with CLOSE_RANGE_UNSHARE), the descriptors from its start on are not
    // copied and the copy's size is counted without them. ENOMEM.
    Result<RefPtr<FdTable>> clone(const FdRange* punch_hole = nullptr) const;

    // Reserves the lowest free descriptor >= minimum, below `limit`
    // (RLIMIT_NOFILE). Errors: EMFILE, ENOMEM. The slot stays empty until
    // install() or unreserve().
    Result<int> reserve(int minimum, u64 limit);
    // Fills a reserved descriptor (Linux fd_install).
    void install(int fd, RefPtr<File> file, bool close_on_exec);
    // Gives back a reserved descriptor that was never installed.
    void unreserve(int fd);

    // dup2/dup3's install (Linux do_dup2): `file` goes to `fd`, which need
    // not be free, with `close_on_exec`; returns what was there (nullptr if
    // nothing), for the caller to drop - closing it. Precondition: fd >= 0
    // and below the caller's RLIMIT_NOFILE. Errors: EBUSY (`fd` is
    // reserved by a call still opening it), ENOMEM (the table cannot grow).
    Result<RefPtr<File>> replace(int fd, RefPtr<File> file, bool close_on_exec);

    // The file at `fd`, or nullptr (EBADF for the caller).
    [[nodiscard]] RefPtr<File> get(int fd) const;
    [[nodiscard]] bool close_on_exec(int fd) const;
    // FD_CLOEXEC of an open descriptor (Linux set_close_on_exec: FIOCLEX,
    // FIONCLEX, fcntl F_SETFD). Precondition: get(fd) is not nullptr.
    void set_close_on_exec(int fd, bool close_on_exec);
    // Errors: EBADF.
    Result<void> close(int fd);
    // execve (Linux do_close_on_exec): every descriptor marked
    // close-on-exec is closed.
    void close_on_exec_all();
    // close_range(2) (__range_close, __range_cloexec): every open
    // descriptor in `range` is closed, or marked close-on-exec. A
    // descriptor reserved by a call still opening it is not open yet.
    void close_range(FdRange range);
    void set_close_on_exec_range(FdRange range);
    [[nodiscard]] usize open_count() const;
    // One past the highest fd that may be open (the table's size), for
    // walks over every fd (/proc/<pid>/fd).
    [[nodiscard]] usize slot_count() const { return m_slots.size(); }

    // The size of Linux's fdtable for this table (fdt->max_fds): 64 at
    // first, grown in Linux's steps when a descriptor at or above it is
    // taken, and as small as the open descriptors allow in a copy (dup_fd).
    // select(2) looks at no descriptor from it on.
    [[nodiscard]] usize max_fds() const { return m_max_fds; }
    // The descriptor is taken: open, or reserved by a call still opening
    // it (fdt->open_fds, which select(2)'s EBADF check reads).
    [[nodiscard]] bool is_allocated(int fd) const;

    FdTable() = default;

private:
    struct Slot {
        RefPtr<File> file;
        bool reserved { false };
        bool close_on_exec { false };
    };
    // Makes `fd` a slot of the table (Linux expand_files). Errors: ENOMEM.
    Result<void> grow_to(usize fd);

    static constexpr usize kInitialMaxFds = 64; // NR_OPEN_DEFAULT (BITS_PER_LONG)

    Vector<Slot> m_slots;
    usize m_max_fds { kInitialMaxFds };
};

} // namespace sirius::fs
