#pragma once

// hal::AddressSpace on x86_64 page tables: a PML4 whose upper half is the
// kernel's (shared by every address space), user pages in the lower half
// from the frame allocator. fork copies the tables and shares every page
// copy-on-write (reference-counted frames); the first write copies, or
// takes the page back if no one else shares it any more.
//
// Pages exist only where the core asked for them (map); which addresses may
// be backed on a fault is core/mm's knowledge (VMAs), not the page tables'.
// Shared pages (MAP_SHARED) carry a software bit: fork shares their frames.
#include "core/hal/address_space.h"

namespace sirius::x86_64 {

class X86AddressSpace final : public hal::AddressSpace {
public:
    static Result<RefPtr<hal::AddressSpace>> create();
    ~X86AddressSpace() override;

    Result<RefPtr<hal::AddressSpace>> clone_for_fork() override;
    Result<void> map(UserAddress address, usize length, hal::Protection protection, hal::Sharing sharing) override;
    Result<void> map_object(UserAddress address, usize length, hal::MemoryObject& object, u64 first_page, hal::Protection protection) override;
    Result<void> move_pages(UserAddress from, UserAddress to, usize length) override;
    Result<void> unmap(UserAddress address, usize length) override;
    Result<void> protect(UserAddress address, usize length, hal::Protection protection) override;
    Result<u64> translate(UserAddress address) const override;
    [[nodiscard]] u64 page_table_root() const override { return m_root; }
    Result<void> copy_from_user(void* destination, UserAddress source, usize size) override;
    Result<void> copy_to_user(UserAddress destination, const void* source, usize size) override;

    explicit X86AddressSpace(u64 root)
        : m_root(root)
    {
    }

private:
    u64 m_root;
};

// The user half ends here (Linux TASK_SIZE_MAX with 4-level paging).
inline constexpr u64 kUserAddressLimit = (u64 { 1 } << 47) - 4096;

// A write fault on a copy-on-write page of the page tables at `root`:
// copies the page (or takes it over if this is its last user). Returns
// false when the fault is not a copy-on-write one (a real access error),
// or there is no memory for the copy.
bool resolve_copy_on_write(u64 root, u64 address);

class X86Mmu final : public hal::Mmu {
public:
    Result<RefPtr<hal::AddressSpace>> create_address_space() override { return X86AddressSpace::create(); }
    [[nodiscard]] u64 user_address_limit() const override { return kUserAddressLimit; }
    [[nodiscard]] usize page_size() const override { return 4096; }
    Result<RefPtr<hal::MemoryObject>> create_memory_object(u64 pages) override;
};

} // namespace sirius::x86_64
