#include "arch/x86_64/x86_address_space.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kernel_page_tables.h"
#include "arch/x86_64/page_table.h"
#include "core/base/heap_object.h"
#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/frame_memory_object.h"
#include "platform/baremetal/physical_memory.h"

extern "C" sirius::u64 user_copy(void* destination, const void* source, sirius::u64 count);

namespace sirius::x86_64 {

namespace {

using baremetal::frame_allocator;
using baremetal::kPageSize;

constexpr usize kUserTopEntries = kEntriesPerTable / 2;

u64 leaf_flags(hal::Protection protection)
{
    auto bits = static_cast<u32>(protection);
    u64 flags = kPteUser | kPtePresent;
    if ((bits & static_cast<u32>(hal::Protection::Write)) != 0) {
        flags |= kPteWritable;
    }
    if ((bits & static_cast<u32>(hal::Protection::Execute)) == 0) {
        flags |= kPteNoExecute;
    }
    return flags;
}

// PROT_NONE pages keep their frame but are not present to the CPU: the
// software bit remembers them. (x86 has no "present but inaccessible".)
constexpr u64 kPteProtNone = 1ULL << 10;

bool has_page(u64 entry) { return (entry & (kPtePresent | kPteProtNone)) != 0; }

// Calls `visit(entry, address)` for every user leaf entry with a page in
// [start, end); tables that do not exist are skipped whole. One walk from
// the root per level-1 table, not per page: the entries of one table
// follow each other (per page, munmap of 64 MiB whose tables were left
// behind took 16384 walks: docs/bench.md). `visit` must not free tables.
template<typename Visit>
void for_each_page(u64 root, u64 start, u64 end, Visit visit)
{
    for (u64 address = start; address < end;) {
        u64 gap_end = 0;
        u64* entry = find_entry_or_gap(root, address, gap_end);
        if (entry == nullptr) {
            // No table here: on past the whole empty span.
            address = gap_end > address ? gap_end : end;
            continue;
        }
        u64 table_end = (address | (kLargePageSize - 1)) + 1;
        u64 stop = table_end < end ? table_end : end;
        for (; address < stop; address += kPageSize, ++entry) {
            if (has_page(*entry)) {
                visit(*entry, address);
            }
        }
    }
}

// The level-2 (page directory) entry for `address`; nullptr when a table
// above it is missing, with `gap_end` the end of the span it would cover.
u64* find_directory_entry_or_gap(u64 root, u64 address, u64& gap_end)
{
    u64* table = table_at(root);
    for (int level = 4; level > 2; --level) {
        u64 entry = table[table_index(address, level)];
        if ((entry & kPtePresent) == 0 || (entry & kPteLarge) != 0) {
            u64 span = kPageSize << (9 * (level - 1));
            gap_end = (address & ~(span - 1)) + span;
            return nullptr;
        }
        table = table_at(entry & kPteAddressMask);
    }
    return &table[table_index(address, 2)];
}

void flush_if_current(u64 root, u64 address)
{
    if (read_cr3() == root) {
        invalidate_page(address);
    }
}

// Frees the tables under `table` at `level` (and, at level 1, drops the
// pages' references).
void free_tree(u64 table, int level, usize entries)
{
    u64* entries_at = table_at(table);
    for (usize i = 0; i < entries; ++i) {
        u64 entry = entries_at[i];
        if (level > 1 ? (entry & kPtePresent) == 0 : !has_page(entry)) {
            continue;
        }
        if (level > 1) {
            free_tree(entry & kPteAddressMask, level - 1, kEntriesPerTable);
        } else {
            frame_allocator().release(entry & kPteAddressMask);
        }
    }
    frame_allocator().release(table);
}

bool range_is_user(u64 address, usize size)
{
    u64 end = 0;
    return !__builtin_add_overflow(address, size, &end) && end <= kUserAddressLimit;
}

// A copy to or from an address space that is not the CPU's (exec building
// a new program, init before it runs): page by page through the tables and
// the direct map, with the checks the MMU would make for a user access.
bool copy_through_tables(u64 root, u64 address, u8* buffer, usize size, bool write)
{
    while (size > 0) {
        u64 page = address & ~(kPageSize - 1);
        usize chunk = kPageSize - (address - page);
        chunk = chunk < size ? chunk : size;
        u64* entry = find_entry(root, page);
        if (entry == nullptr || (*entry & (kPtePresent | kPteUser)) != (kPtePresent | kPteUser)) {
            return false;
        }
        if (write && (*entry & kPteWritable) == 0 && !resolve_copy_on_write(root, page)) {
            return false;
        }
        u8* memory = baremetal::physical_to_virtual<u8>((*entry & kPteAddressMask) + (address - page));
        if (write) {
            __builtin_memcpy(memory, buffer, chunk);
        } else {
            __builtin_memcpy(buffer, memory, chunk);
        }
        address += chunk;
        buffer += chunk;
        size -= chunk;
    }
    return true;
}

} // namespace

Result<RefPtr<hal::AddressSpace>> X86AddressSpace::create()
{
    u64 root = TRY(frame_allocator().allocate());
    const u64* kernel = table_at(kernel_page_table_root());
    u64* top = table_at(root);
    for (usize i = kUserTopEntries; i < kEntriesPerTable; ++i) {
        top[i] = kernel[i];
    }
    auto space = try_make_ref<X86AddressSpace>(root);
    if (space.is_error()) {
        frame_allocator().release(root);
        return space.error();
    }
    return RefPtr<hal::AddressSpace>(space.release_value());
}

X86AddressSpace::~X86AddressSpace()
{
    // Never free the tables the CPU is walking.
    if (read_cr3() == m_root) {
        write_cr3(kernel_page_table_root());
    }
    u64* top = table_at(m_root);
    for (usize i = 0; i < kUserTopEntries; ++i) {
        if ((top[i] & kPtePresent) != 0) {
            free_tree(top[i] & kPteAddressMask, 3, kEntriesPerTable);
        }
    }
    frame_allocator().release(m_root);
}

Result<void> X86AddressSpace::map(UserAddress address, usize length, hal::Protection protection, hal::Sharing sharing)
{
    u64 flags = leaf_flags(protection);
    u64 shared = sharing == hal::Sharing::Shared ? kPteShared : 0;
    u64 start = address.value();
    for (u64 page = start; page < start + length; page += kPageSize) {
        auto entry = ensure_entry(m_root, page, kPteUser | kPteWritable);
        auto frame = entry.is_error() ? Result<u64>(entry.error()) : frame_allocator().allocate();
        if (frame.is_error()) {
            // Nothing of this call stays mapped.
            (void)unmap(address, page - start);
            return frame.error();
        }
        if (has_page(*entry.value())) {
            frame_allocator().release(*entry.value() & kPteAddressMask);
        }
        *entry.value() = (protection == hal::Protection::None ? (frame.value() | kPteProtNone) : (frame.value() | flags)) | shared;
        flush_if_current(m_root, page);
    }
    return {};
}

Result<void> X86AddressSpace::map_object(UserAddress address, usize length, hal::MemoryObject& object, u64 first_page, hal::Protection protection)
{
    // Every MemoryObject here comes from X86Mmu::create_memory_object.
    auto& frames = static_cast<baremetal::FrameMemoryObject&>(object);
    u64 flags = leaf_flags(protection);
    u64 start = address.value();
    u64 index = first_page;
    for (u64 page = start; page < start + length; page += kPageSize, ++index) {
        auto entry = ensure_entry(m_root, page, kPteUser | kPteWritable);
        auto frame = entry.is_error() ? Result<u64>(entry.error()) : frames.frame_at(index);
        if (frame.is_error()) {
            (void)unmap(address, page - start);
            return frame.error();
        }
        // The page table's own reference; the object keeps its one.
        frame_allocator().add_reference(frame.value());
        if (has_page(*entry.value())) {
            frame_allocator().release(*entry.value() & kPteAddressMask);
        }
        *entry.value() = (protection == hal::Protection::None ? (frame.value() | kPteProtNone) : (frame.value() | flags)) | kPteShared;
        flush_if_current(m_root, page);
    }
    return {};
}

Result<void> X86AddressSpace::unmap(UserAddress address, usize length)
{
    u64 start = address.value();
    u64 end = start + length;
    for_each_page(m_root, start, end, [&](u64& entry, u64 page) {
        frame_allocator().release(entry & kPteAddressMask);
        entry = 0;
        flush_if_current(m_root, page);
    });
    // Linux free_pgtables: a level-1 table wholly inside the range has no
    // page left (an entry without one is zero); it goes back, so a later
    // walk of the range skips its 2 MiB whole. INVLPG drops the
    // paging-structure caches' copies of the directory entry too.
    u64 first = (start + kLargePageSize - 1) & ~(kLargePageSize - 1);
    u64 last = end & ~(kLargePageSize - 1);
    for (u64 chunk = first; chunk < last;) {
        u64 gap_end = 0;
        u64* directory = find_directory_entry_or_gap(m_root, chunk, gap_end);
        if (directory == nullptr) {
            chunk = gap_end > chunk ? gap_end : last;
            continue;
        }
        if ((*directory & kPtePresent) != 0) {
            u64 table = *directory & kPteAddressMask;
            *directory = 0;
            flush_if_current(m_root, chunk);
            frame_allocator().release(table);
        }
        chunk += kLargePageSize;
    }
    return {};
}

Result<void> X86AddressSpace::protect(UserAddress address, usize length, hal::Protection protection)
{
    u64 flags = leaf_flags(protection);
    for_each_page(m_root, address.value(), address.value() + length, [&](u64& entry, u64 page) {
        u64 frame = entry & kPteAddressMask;
        u64 kept = entry & (kPteCopyOnWrite | kPteShared);
        if (protection == hal::Protection::None) {
            entry = frame | kPteProtNone | kept;
        } else if ((kept & kPteCopyOnWrite) != 0) {
            // Still copy-on-write: writable only after the copy.
            entry = frame | (flags & ~kPteWritable) | kept;
        } else {
            entry = frame | flags | kept;
        }
        flush_if_current(m_root, page);
    });
    return {};
}

Result<void> X86AddressSpace::move_pages(UserAddress from, UserAddress to, usize length)
{
    // Every destination table first, so that the move itself cannot fail
    // halfway. Tables made for pages that turn out unbacked stay, empty, as
    // tables made by map do.
    bool any = false;
    for_each_page(m_root, from.value(), from.value() + length, [&](u64&, u64) { any = true; });
    if (!any) {
        return {};
    }
    for (u64 offset = 0; offset < length; offset += kPageSize) {
        if (find_entry(m_root, from.value() + offset) != nullptr) {
            TRY(ensure_entry(m_root, to.value() + offset, kPteUser | kPteWritable));
        }
    }
    u64 delta = to.value() - from.value();
    for_each_page(m_root, from.value(), from.value() + length, [&](u64& entry, u64 page) {
        u64* destination = find_entry(m_root, page + delta);
        *destination = entry;
        entry = 0;
        flush_if_current(m_root, page);
    });
    return {};
}

Result<u64> X86AddressSpace::translate(UserAddress address) const
{
    u64* entry = find_entry(m_root, address.value());
    if (entry == nullptr || (*entry & kPtePresent) == 0) {
        return errno_error(EFAULT);
    }
    return (*entry & kPteAddressMask) | (address.value() & (kPageSize - 1));
}

Result<RefPtr<hal::AddressSpace>> X86AddressSpace::clone_for_fork()
{
    auto created = TRY(create());
    auto& child = static_cast<X86AddressSpace&>(*created);
    bool failed = false;
    for_each_page(m_root, 0, kUserAddressLimit, [&](u64& entry, u64 page) {
        if (failed) {
            return;
        }
        auto child_entry = ensure_entry(child.m_root, page, kPteUser | kPteWritable);
        if (child_entry.is_error()) {
            failed = true;
            return;
        }
        // Private pages: both sides read-only and copy-on-write if it was
        // writable. Shared pages: the same frame, as it is.
        if ((entry & (kPteWritable | kPteShared)) == kPteWritable) {
            entry = (entry & ~kPteWritable) | kPteCopyOnWrite;
            flush_if_current(m_root, page);
        }
        frame_allocator().add_reference(entry & kPteAddressMask);
        *child_entry.value() = entry;
    });
    if (failed) {
        // The child's destructor drops every reference it took.
        return errno_error(ENOMEM);
    }
    return created;
}

bool resolve_copy_on_write(u64 root, u64 address)
{
    if (address >= kUserAddressLimit) {
        return false;
    }
    u64* entry = find_entry(root, address);
    if (entry == nullptr || (*entry & kPtePresent) == 0 || (*entry & kPteCopyOnWrite) == 0) {
        return false;
    }
    u64 frame = *entry & kPteAddressMask;
    u64 page = address & ~(kPageSize - 1);
    if (frame_allocator().reference_count(frame) == 1) {
        *entry = (*entry & ~kPteCopyOnWrite) | kPteWritable;
        invalidate_page(page);
        return true;
    }
    auto copy = frame_allocator().allocate_contiguous(1);
    if (copy.is_error()) {
        return false;
    }
    __builtin_memcpy(baremetal::physical_to_virtual<void>(copy.value()), baremetal::physical_to_virtual<void>(frame), kPageSize);
    *entry = (*entry & ~(kPteCopyOnWrite | kPteAddressMask)) | copy.value() | kPteWritable;
    invalidate_page(page);
    frame_allocator().release(frame);
    return true;
}

Result<RefPtr<hal::MemoryObject>> X86Mmu::create_memory_object(u64 pages)
{
    return baremetal::FrameMemoryObject::create(pages);
}

Result<void> X86AddressSpace::copy_from_user(void* destination, UserAddress source, usize size)
{
    if (!range_is_user(source.value(), size)) {
        return errno_error(EFAULT);
    }
    if (read_cr3() != m_root) {
        if (!copy_through_tables(m_root, source.value(), static_cast<u8*>(destination), size, false)) {
            return errno_error(EFAULT);
        }
        return {};
    }
    if (user_copy(destination, reinterpret_cast<const void*>(source.value()), size) != 0) {
        return errno_error(EFAULT);
    }
    return {};
}

Result<void> X86AddressSpace::copy_to_user(UserAddress destination, const void* source, usize size)
{
    if (!range_is_user(destination.value(), size)) {
        return errno_error(EFAULT);
    }
    if (read_cr3() != m_root) {
        if (!copy_through_tables(m_root, destination.value(), const_cast<u8*>(static_cast<const u8*>(source)), size, true)) {
            return errno_error(EFAULT);
        }
        return {};
    }
    if (user_copy(reinterpret_cast<void*>(destination.value()), source, size) != 0) {
        return errno_error(EFAULT);
    }
    return {};
}

} // namespace sirius::x86_64
