#pragma once

// A user address space made of byte buffers, for tests and fuzzers: copies
// inside backed pages succeed, anything else is EFAULT, exactly as the real
// MMU's fault fix-up reports it. Pages live in regions; a region is a slice
// of a frame buffer, and clone_for_fork copies the buffers of private
// regions and shares those of shared ones, so a MAP_SHARED page written by
// a parent is seen by its child.
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "core/hal/address_space.h"
#include "platform/host/fake_memory_object.h"

namespace sirius::host {

// x86_64 with 4-level paging: TASK_SIZE_MAX = (1 << 47) - PAGE_SIZE.
inline constexpr std::uint64_t kPageSize = 4096;
inline constexpr std::uint64_t kUserAddressLimit = (std::uint64_t { 1 } << 47) - kPageSize;

class FakeAddressSpace final : public hal::AddressSpace {
public:
    static Result<RefPtr<FakeAddressSpace>> create() { return try_make_ref<FakeAddressSpace>(); }

    Result<RefPtr<hal::AddressSpace>> clone_for_fork() override;
    // What clone_for_fork gives the child, written into `child` (empty):
    // private regions copied, shared ones sharing their frames.
    void fork_into(FakeAddressSpace& child) const;
    // Beyond the hal contract, a precondition broken by the core is EINVAL
    // here, so a test sees it: unaligned or empty ranges, ranges past the
    // user half, overlapping move_pages ranges or a non-empty destination.
    Result<void> map(UserAddress address, usize length, hal::Protection protection, hal::Sharing sharing) override;
    // One region per page of the object, sharing its buffers.
    Result<void> map_object(UserAddress address, usize length, hal::MemoryObject& object, u64 first_page, hal::Protection protection) override;
    Result<void> move_pages(UserAddress from, UserAddress to, usize length) override;
    Result<void> unmap(UserAddress address, usize length) override;
    Result<void> protect(UserAddress address, usize length, hal::Protection protection) override;
    // A stable fake physical address: the host address of the byte, so two
    // spaces sharing a frame translate a page to the same value.
    Result<u64> translate(UserAddress address) const override;
    [[nodiscard]] u64 page_table_root() const override { return 0; }
    // As x86_64 user access: any backed page but a PROT_NONE one is
    // readable; writing needs Write.
    Result<void> copy_from_user(void* destination, UserAddress source, usize size) override;
    Result<void> copy_to_user(UserAddress destination, const void* source, usize size) override;

    // Test helpers: raw access to backed bytes (no protection checks).
    // is_mapped: every byte of the range is backed (across regions).
    [[nodiscard]] bool is_mapped(std::uint64_t address, std::uint64_t size) const;
    // The byte at `address`, or nullptr; contiguous to the end of its region
    // (one map() call is one region).
    std::uint8_t* bytes_at(std::uint64_t address);
    [[nodiscard]] std::uint64_t clone_count() const { return m_clone_count; }
    // The protection of the backed page at `address` (None when unbacked).
    [[nodiscard]] hal::Protection protection_at(std::uint64_t address) const;
    // Every backed range [start, end), in address order, adjacent regions
    // joined.
    [[nodiscard]] std::vector<std::pair<std::uint64_t, std::uint64_t>> backed_ranges() const;
    [[nodiscard]] std::uint64_t backed_bytes() const;

    FakeAddressSpace() = default;

private:
    struct Region {
        std::shared_ptr<std::vector<std::uint8_t>> frames; // the frame buffer
        std::uint64_t offset { 0 }; // of this region in it
        std::uint64_t length { 0 };
        hal::Protection protection { hal::Protection::None };
        hal::Sharing sharing { hal::Sharing::Private };
        [[nodiscard]] std::uint8_t* data() const { return frames->data() + offset; }
    };
    using RegionMap = std::map<std::uint64_t, Region>;

    [[nodiscard]] static bool is_page_range(std::uint64_t address, std::uint64_t length);
    // Makes `address` a region boundary (a region across it becomes two).
    void split_at(std::uint64_t address);
    // Copies through every region of [address, address + size), which must
    // all be backed and allow `needed`; EFAULT otherwise.
    template<typename Visit>
    Result<void> walk(std::uint64_t address, std::uint64_t size, hal::Protection needed, Visit visit) const;

    // Region start -> region (non-overlapping).
    RegionMap m_regions;
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
    Result<RefPtr<hal::MemoryObject>> create_memory_object(u64 pages) override
    {
        auto object = TRY(try_make_ref<FakeMemoryObject>(pages));
        return RefPtr<hal::MemoryObject>(move(object));
    }
};

} // namespace sirius::host
