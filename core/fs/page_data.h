#pragma once

// The bytes of a memory file (ramfs, tmpfs): page-sized chunks, each
// allocated when first written (fallibly: ENOMEM is an errno), absent for a
// hole, which reads as zeros. Linux keeps them in the page cache (shmem
// folios); Sirius keeps a table of pages per file.
#include "core/base/vector.h"
#include "core/fs/io_buffer.h"

namespace sirius::fs {

class PageData {
public:
    static constexpr usize kPageSize = 4096;

    PageData() = default;
    ~PageData();
    PageData(const PageData&) = delete;
    PageData& operator=(const PageData&) = delete;

    // Up to `count` bytes at `offset` of a file of `size` bytes into
    // `buffer`. Errors: EFAULT when nothing moved.
    Result<usize> read(u64 size, u64 offset, IoBuffer buffer, usize count) const;
    // `count` bytes at `offset`, allocating pages as needed. Returns how many
    // moved. Errors: ENOMEM, EFAULT when nothing moved.
    Result<usize> write(u64 offset, IoBuffer buffer, usize count);
    // The file shrinks or grows to `length`: pages past it are freed and the
    // rest of the last page cleared, so that growing again reads zeros.
    // Errors: ENOMEM (growing the page table).
    Result<void> truncate(u64 old_size, u64 length);
    // Pages allocated (for st_blocks).
    [[nodiscard]] usize allocated_pages() const;
    // SEEK_DATA/SEEK_HOLE at page granularity (as shmem).
    [[nodiscard]] u64 next_data_or_hole(u64 size, u64 offset, bool hole) const;

private:
    [[nodiscard]] const u8* page(usize index) const;
    Result<u8*> page_for_write(usize index);
    // One slot per page of the file; a null `bytes` is a hole.
    struct Page {
        u8* bytes { nullptr };
    };
    Vector<Page> m_pages;
};

} // namespace sirius::fs
