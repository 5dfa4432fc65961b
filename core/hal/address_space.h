#pragma once

// AddressSpace: one set of user page tables, as the core asks the platform to
// manage it. The core decides *what* happens (share on CLONE_VM, copy-on-write
// clone on fork); the platform does it. Reference counted: threads that share
// a memory descriptor share its address space.
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/base/user_memory.h"
#include "core/hal/memory_object.h"

namespace sirius::hal {

enum class Protection : u32 {
    None = 0,
    Read = 1U << 0,
    Write = 1U << 1,
    Execute = 1U << 2,
    // Every combination is a value (mmap's PROT_* in any mix).
    ReadWrite = Read | Write,
    ReadExecute = Read | Execute,
    WriteExecute = Write | Execute,
    ReadWriteExecute = Read | Write | Execute,
};
constexpr Protection operator|(Protection a, Protection b)
{
    return static_cast<Protection>(static_cast<u32>(a) | static_cast<u32>(b));
}

// What fork does with a mapping's pages: copy them on write (MAP_PRIVATE) or
// let parent and child share the same frames (MAP_SHARED).
enum class Sharing : u8 {
    Private,
    Shared,
};

class AddressSpace
    : public RefCounted<AddressSpace>,
      public UserMemory {
public:
    virtual ~AddressSpace() = default;

    // A copy of every user mapping, for fork without CLONE_VM: private pages
    // copy-on-write, shared pages the same frames.
    // Errors: ENOMEM; on error nothing was created and *this is unchanged.
    virtual Result<RefPtr<AddressSpace>> clone_for_fork() = 0;

    // Backs [address, address + length) with zero-filled pages now, replacing
    // any page already there. The core calls it for a demand-zero fault (one
    // page), MAP_POPULATE, shared mappings and exec's segments: the platform
    // keeps no record of what is mapped but not yet backed (core/mm's VMAs do).
    // Preconditions: address and length page-aligned, length > 0, range within
    // the user half. Errors: ENOMEM; on error nothing of the range is mapped.
    virtual Result<void> map(UserAddress address, usize length, Protection protection, Sharing sharing) = 0;

    // Maps pages [first_page, first_page + length / page size) of `object`
    // at [address, address + length), shared (fork shares them), making any
    // of them the object has not made yet and replacing any page already
    // there. The core calls it for a fault on a VMA that maps the object.
    // Preconditions: address and length page-aligned, length > 0, the pages
    // within the object, the range within the user half. Errors: ENOMEM; on
    // error nothing of the range is mapped (pages the object made stay its).
    virtual Result<void> map_object(UserAddress address, usize length, MemoryObject& object, u64 first_page, Protection protection) = 0;

    // Moves the pages of [from, from + length) to [to, to + length), frames
    // and protection unchanged (mremap). Unbacked pages stay unbacked.
    // Preconditions: page-aligned, within the user half, the ranges do not
    // overlap and [to, to + length) has no pages. Errors: ENOMEM (page tables);
    // on error nothing moved.
    virtual Result<void> move_pages(UserAddress from, UserAddress to, usize length) = 0;

    // Unmaps [address, address + length); unmapped parts are ignored.
    // Preconditions: page-aligned, within the user half.
    virtual Result<void> unmap(UserAddress address, usize length) = 0;

    // Changes the protection of mapped pages in the range.
    // Preconditions: page-aligned, within the user half. Errors: ENOMEM.
    virtual Result<void> protect(UserAddress address, usize length, Protection protection) = 0;

    // The physical address backing a user address. Errors: EFAULT if unmapped.
    virtual Result<u64> translate(UserAddress address) const = 0;

    // The root of the page tables (CR3 on x86_64), for the context switch.
    [[nodiscard]] virtual u64 page_table_root() const = 0;

protected:
    AddressSpace() = default;
};

class Mmu {
public:
    // A new, empty user address space (for execve and the first process).
    // Errors: ENOMEM.
    virtual Result<RefPtr<AddressSpace>> create_address_space() = 0;

    // The highest user address + 1 (Linux TASK_SIZE_MAX): a user range must end
    // at or below it. Used by access_ok-style checks in the core.
    [[nodiscard]] virtual u64 user_address_limit() const = 0;

    [[nodiscard]] virtual usize page_size() const = 0;

    // A memory object of `pages` pages, none of them made yet. Errors:
    // ENOMEM (for its own bookkeeping only: the pages come as mapped).
    virtual Result<RefPtr<MemoryObject>> create_memory_object(u64 pages) = 0;

protected:
    ~Mmu() = default;
};

} // namespace sirius::hal
