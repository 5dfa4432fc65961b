#pragma once

// The file descriptor table (Linux struct files_struct): shared by
// CLONE_FILES, copied otherwise. Lowest free descriptor first, close-on-exec
// per descriptor, bounded by RLIMIT_NOFILE.
#include "core/base/vector.h"
#include "core/fs/file.h"

namespace sirius::fs {

class FdTable : public RefCounted<FdTable> {
public:
    static Result<RefPtr<FdTable>> create() { return try_make_ref<FdTable>(); }
    // A copy sharing every open file description (Linux dup_fd). ENOMEM.
    Result<RefPtr<FdTable>> clone() const;

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
    [[nodiscard]] usize open_count() const;
    // One past the highest fd that may be open (the table's size), for
    // walks over every fd (/proc/<pid>/fd).
    [[nodiscard]] usize slot_count() const { return m_slots.size(); }

    FdTable() = default;

private:
    struct Slot {
        RefPtr<File> file;
        bool reserved { false };
        bool close_on_exec { false };
    };
    // Makes `fd` a slot of the table (Linux expand_files). Errors: ENOMEM.
    Result<void> grow_to(usize fd);

    Vector<Slot> m_slots;
};

} // namespace sirius::fs
