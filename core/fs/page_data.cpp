#include "core/fs/page_data.h"

namespace sirius::fs {

PageData::~PageData()
{
    for (const Page& page : m_pages) {
        if (page.bytes != nullptr) {
            hal::deallocate(page.bytes, kPageSize);
        }
    }
}

const u8* PageData::page(usize index) const
{
    return index < m_pages.size() ? m_pages[index].bytes : nullptr;
}

Result<u8*> PageData::page_for_write(usize index)
{
    while (m_pages.size() <= index) {
        TRY(m_pages.try_append(Page {}));
    }
    if (m_pages[index].bytes == nullptr) {
        auto* fresh = static_cast<u8*>(hal::allocate(kPageSize));
        if (fresh == nullptr) {
            return errno_error(ENOMEM);
        }
        fill_bytes(fresh, 0, kPageSize);
        m_pages[index].bytes = fresh;
    }
    return m_pages[index].bytes;
}

Result<usize> PageData::read(u64 size, u64 offset, IoBuffer buffer, usize count) const
{
    static const u8 kZeroes[kPageSize] {};
    if (offset >= size) {
        return usize { 0 };
    }
    count = static_cast<usize>(min<u64>(count, size - offset));
    usize done = 0;
    while (done < count) {
        const u64 at = offset + done;
        const usize in_page = static_cast<usize>(at % kPageSize);
        const usize chunk = min(count - done, kPageSize - in_page);
        const u8* source = page(static_cast<usize>(at / kPageSize));
        auto copied = buffer.copy_out(done, source != nullptr ? source + in_page : kZeroes, chunk);
        if (copied.is_error()) {
            if (done == 0) {
                return copied.error();
            }
            break;
        }
        done += chunk;
    }
    return done;
}

Result<usize> PageData::write(u64 offset, IoBuffer buffer, usize count)
{
    usize done = 0;
    while (done < count) {
        const u64 at = offset + done;
        const usize in_page = static_cast<usize>(at % kPageSize);
        const usize chunk = min(count - done, kPageSize - in_page);
        auto target = page_for_write(static_cast<usize>(at / kPageSize));
        if (target.is_error()) {
            if (done == 0) {
                return target.error();
            }
            break;
        }
        auto copied = buffer.copy_in(target.value() + in_page, done, chunk);
        if (copied.is_error()) {
            if (done == 0) {
                return copied.error();
            }
            break;
        }
        done += chunk;
    }
    return done;
}

Result<void> PageData::truncate(u64 old_size, u64 length)
{
    (void)old_size;
    const usize keep = static_cast<usize>((length + kPageSize - 1) / kPageSize);
    while (m_pages.size() > keep) {
        u8* last = m_pages[m_pages.size() - 1].bytes;
        if (last != nullptr) {
            hal::deallocate(last, kPageSize);
        }
        m_pages.remove(m_pages.size() - 1);
    }
    const usize tail = static_cast<usize>(length % kPageSize);
    if (tail != 0 && keep > 0 && keep <= m_pages.size() && m_pages[keep - 1].bytes != nullptr) {
        fill_bytes(m_pages[keep - 1].bytes + tail, 0, kPageSize - tail);
    }
    return {};
}

usize PageData::allocated_pages() const
{
    usize count = 0;
    for (const Page& page : m_pages) {
        count += page.bytes != nullptr ? 1 : 0;
    }
    return count;
}

u64 PageData::next_data_or_hole(u64 size, u64 offset, bool hole) const
{
    u64 at = offset;
    while (at < size) {
        const bool present = page(static_cast<usize>(at / kPageSize)) != nullptr;
        if (present != hole) {
            return at;
        }
        at = (at / kPageSize + 1) * kPageSize;
    }
    // Past the last data there is the implicit hole at the end of file;
    // no data after `offset` is ENXIO for the caller (size returned).
    return size;
}

} // namespace sirius::fs
