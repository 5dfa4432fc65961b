#include "core/fs/fd_table.h"

namespace sirius::fs {

namespace {

// alloc_fdtable's size for `wanted` slots: "we try to fit the fdarray into
// comfortable page-tuned chunks: starting at 1024B and growing in powers of
// two from there on" - multiples of 128 pointers, at most sysctl_nr_open.
usize fdtable_size(usize wanted)
{
    constexpr usize kPointersPerKilobyte = 1024 / sizeof(void*);
    constexpr usize kNrOpen = usize { 1024 } * 1024; // sysctl_nr_open's default
    usize steps = 1;
    while (steps < wanted / kPointersPerKilobyte + 1) {
        steps *= 2;
    }
    const usize size = steps * kPointersPerKilobyte;
    return size > kNrOpen ? kNrOpen : size;
}

} // namespace

Result<RefPtr<FdTable>> FdTable::clone(const FdRange* punch_hole) const
{
    // dup_fd / sane_fdtable_size: the copy takes the descriptors below the
    // last used word of the open_fds bitmap (count_open_files), or below
    // the hole when the hole reaches past them all, in whole words.
    usize words_used = 0;
    for (usize fd = 0; fd < m_slots.size(); ++fd) {
        if (m_slots[fd].file || m_slots[fd].reserved) {
            words_used = fd / kInitialMaxFds + 1;
        }
    }
    usize open_files = words_used * kInitialMaxFds;
    if (punch_hole != nullptr && punch_hole->last >= open_files && punch_hole->first < open_files) {
        open_files = (usize { punch_hole->first } + kInitialMaxFds - 1) / kInitialMaxFds * kInitialMaxFds;
    }
    const usize copied = open_files < m_slots.size() ? open_files : m_slots.size();
    auto copy = TRY(create());
    TRY(copy->m_slots.try_reserve(copied));
    for (usize fd = 0; fd < copied; ++fd) {
        const Slot& slot = m_slots[fd];
        // A descriptor reserved but not yet installed is not copied (dup_fd
        // copies only installed files).
        TRY(copy->m_slots.try_append(Slot { slot.file, false, slot.file ? slot.close_on_exec : false }));
    }
    copy->m_max_fds = open_files > kInitialMaxFds ? fdtable_size(open_files - 1) : kInitialMaxFds;
    return copy;
}

Result<void> FdTable::grow_to(usize fd)
{
    while (m_slots.size() <= fd) {
        TRY(m_slots.try_append(Slot {}));
    }
    if (fd >= m_max_fds) {
        m_max_fds = fdtable_size(fd);
    }
    return {};
}

Result<int> FdTable::reserve(int minimum, u64 limit)
{
    usize fd = minimum < 0 ? 0 : static_cast<usize>(minimum);
    while (fd < m_slots.size() && (m_slots[fd].file || m_slots[fd].reserved)) {
        ++fd;
    }
    // alloc_fd: "if (fd >= end) error = -EMFILE".
    if (fd >= limit || fd > static_cast<usize>(0x7fffffff)) {
        return errno_error(EMFILE);
    }
    TRY(grow_to(fd));
    m_slots[fd].reserved = true;
    return static_cast<int>(fd);
}

void FdTable::install(int fd, RefPtr<File> file, bool close_on_exec)
{
    Slot& slot = m_slots[static_cast<usize>(fd)];
    slot.file = move(file);
    slot.reserved = false;
    slot.close_on_exec = close_on_exec;
}

void FdTable::unreserve(int fd)
{
    m_slots[static_cast<usize>(fd)].reserved = false;
}

Result<RefPtr<File>> FdTable::replace(int fd, RefPtr<File> file, bool close_on_exec)
{
    const auto index = static_cast<usize>(fd);
    // expand_files comes first: ENOMEM before EBUSY.
    TRY(grow_to(index));
    Slot& slot = m_slots[index];
    // do_dup2: "if (!tofree && fd_is_open(fd, fdt)) goto Ebusy;" - the
    // slot is taken by an open(2) between reserving and installing.
    if (slot.reserved) {
        return errno_error(EBUSY);
    }
    RefPtr<File> previous = move(slot.file);
    slot.file = move(file);
    slot.close_on_exec = close_on_exec;
    return previous;
}

RefPtr<File> FdTable::get(int fd) const
{
    if (fd < 0 || static_cast<usize>(fd) >= m_slots.size()) {
        return nullptr;
    }
    return m_slots[static_cast<usize>(fd)].file;
}

bool FdTable::is_allocated(int fd) const
{
    if (fd < 0 || static_cast<usize>(fd) >= m_slots.size()) {
        return false;
    }
    const Slot& slot = m_slots[static_cast<usize>(fd)];
    return slot.file || slot.reserved;
}

bool FdTable::close_on_exec(int fd) const
{
    return get(fd) && m_slots[static_cast<usize>(fd)].close_on_exec;
}

void FdTable::set_close_on_exec(int fd, bool close_on_exec)
{
    m_slots[static_cast<usize>(fd)].close_on_exec = close_on_exec;
}

Result<void> FdTable::close(int fd)
{
    if (!get(fd)) {
        return errno_error(EBADF);
    }
    Slot& slot = m_slots[static_cast<usize>(fd)];
    slot.file.clear();
    slot.close_on_exec = false;
    return {};
}

void FdTable::close_on_exec_all()
{
    for (Slot& slot : m_slots) {
        if (slot.file && slot.close_on_exec) {
            slot.file.clear();
            slot.close_on_exec = false;
        }
    }
}

void FdTable::close_range(FdRange range)
{
    for (usize fd = range.first; fd <= range.last && fd < m_slots.size(); ++fd) {
        Slot& slot = m_slots[fd];
        if (slot.file) {
            slot.file.clear();
            slot.close_on_exec = false;
        }
    }
}

void FdTable::set_close_on_exec_range(FdRange range)
{
    for (usize fd = range.first; fd <= range.last && fd < m_slots.size(); ++fd) {
        Slot& slot = m_slots[fd];
        if (slot.file) {
            slot.close_on_exec = true;
        }
    }
}

usize FdTable::open_count() const
{
    usize count = 0;
    for (const Slot& slot : m_slots) {
        if (slot.file) {
            ++count;
        }
    }
    return count;
}

} // namespace sirius::fs
