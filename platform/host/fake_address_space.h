#pragma once

// A user address space made of byte buffers, for tests and fuzzers: copies
// inside a mapped region succeed, anything else is EFAULT, exactly as the
// real MMU's fault fix-up reports it. clone_for_fork copies every region.
#include <cstdint>
#include <map>
#include <vector>

#include "core/hal/address_space.h"

namespace sirius::host {

// x86_64 with 4-level paging: TASK_SIZE_MAX = (1 << 47) - PAGE_SIZE.
inline constexpr std::uint64_t kPageSize = 4096;
inline constexpr std::uint64_t kUserAddressLimit = (std::uint64_t { 1 } << 47) - kPageSize;

class FakeAddressSpace final : public hal::AddressSpace {
public:
    static Result<RefPtr<FakeAddressSpace>> create() { return try_make_ref<FakeAddressSpace>(); }

    Result<RefPtr<hal::AddressSpace>> clone_for_fork() override;
    Result<void> map(UserAddress address, usize length, hal::Protection protection) override;
    Result<void> unmap(UserAddress address, usize length) override;
    Result<void> protect(UserAddress address, usize length, hal::Protection protection) override;
    Result<u64> translate(UserAddress address) const override;
    [[nodiscard]] u64 page_table_root() const override { return 0; }
    Result<void> copy_from_user(void* destination, UserAddress source, usize size) override;
    Result<void> copy_to_user(UserAddress destination, const void* source, usize size) override;

    // Test helpers: raw access to mapped bytes (no checks beyond the map).
    [[nodiscard]] bool is_mapped(std::uint64_t address, std::uint64_t size) const;
    std::uint8_t* bytes_at(std::uint64_t address);
    [[nodiscard]] std::uint64_t clone_count() const { return m_clone_count; }

    FakeAddressSpace() = default;

private:
    // Region start -> bytes (a whole number of pages).
    std::map<std::uint64_t, std::vector<std::uint8_t>> m_regions;
    std::uint64_t m_clone_count { 0 };
};

class FakeMmu final : public hal::Mmu {
public:
    Result<RefPtr<hal::AddressSpace>> create_address_space() override
    {
        auto space = TRY(FakeAddressSpace::create());
        return RefPtr<hal::AddressSpace>(move(space));
    }
    [[nodiscard]] u64 user_address_limit() const override { return kUserAddressLimit; }
    [[nodiscard]] usize page_size() const override { return kPageSize; }
};

} // namespace sirius::host
