#pragma once

// The fixture of the core/mm tests: a MemoryDescriptor over a
// FakeAddressSpace (so what is backed can be inspected), called the way the
// syscalls call it, with results in the syscalls' shape (an address or
// -errno) so a test reads like the man page rule it checks.
#include <cstdint>
#include <gtest/gtest.h>
#include <linux/mman.h>
#include <vector>

#include "core/mm/memory_descriptor.h"
#include "platform/host/allocator.h"
#include "platform/host/deterministic_scheduler.h"
#include "platform/host/fake_address_space.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {

class MemoryTest : public ::testing::Test {
protected:
    static constexpr u64 kPage = host::kPageSize;
    static constexpr u64 kTaskSize = host::kUserAddressLimit;
    // A quiet part of the address space for fixed mappings.
    static constexpr u64 kBase = 0x300000000;
    static constexpr u64 kRw = PROT_READ | PROT_WRITE;
    static constexpr u64 kPrivate = MAP_PRIVATE | MAP_ANONYMOUS;
    static constexpr u64 kShared = MAP_SHARED | MAP_ANONYMOUS;

    void SetUp() override
    {
        m_live_before = host::live_allocations();
        auto space = host::FakeAddressSpace::create();
        ASSERT_TRUE(space.has_value());
        this->space = space.value().get();
        auto created = mm::MemoryDescriptor::create(RefPtr<hal::AddressSpace>(space.release_value()), mmu, scheduler);
        ASSERT_TRUE(created.has_value());
        memory = created.release_value();
        // Root: CAP_SYS_RAWIO, no limits.
        caller.may_map_below_minimum = true;
    }

    void TearDown() override
    {
        host::stop_failing_allocations();
        EXPECT_TRUE(memory->vmas_are_valid());
        expect_backed_pages_inside_vmas(*memory, *space);
        memory.clear();
        // Nothing of the core is left behind.
        EXPECT_EQ(host::live_allocations(), m_live_before);
    }

    // mmap(2) as the syscall returns it: the address, or -errno.
    i64 map(u64 address, u64 length, u64 prot, u64 flags, u64 page_offset = 0, const fs::File* file = nullptr)
    {
        auto result = memory->mmap(mm::MmapRequest { address, length, prot, flags, page_offset }, file, caller);
        return result.is_error() ? -static_cast<i64>(result.error().code()) : static_cast<i64>(result.value().value());
    }
    i64 unmap(u64 address, u64 length) { return status(memory->munmap(UserAddress(address), length)); }
    i64 protect(u64 address, u64 length, u64 prot) { return status(memory->mprotect(UserAddress(address), length, prot, caller)); }
    i64 advise(u64 address, u64 length, int advice) { return status(memory->madvise(UserAddress(address), length, advice)); }
    i64 remap(u64 address, u64 old_length, u64 new_length, u64 flags, u64 new_address = 0)
    {
        auto result = memory->mremap(UserAddress(address), old_length, new_length, flags, UserAddress(new_address), caller);
        return result.is_error() ? -static_cast<i64>(result.error().code()) : static_cast<i64>(result.value().value());
    }
    u64 brk(u64 requested) { return memory->brk(requested, caller); }
    mm::FaultOutcome fault(u64 address, mm::FaultAccess access = mm::FaultAccess::Read) { return memory->handle_page_fault(UserAddress(address), access, caller); }

    // A user write or read of one byte, as the CPU does it: a fault first
    // when the page is not backed.
    mm::FaultOutcome write_byte(u64 address, u8 value) { return write_byte(*memory, *space, address, value); }
    mm::FaultOutcome read_byte(u64 address, u8& value) { return read_byte(*memory, *space, address, value); }
    u8 byte_at(u64 address)
    {
        u8 value = 0xee;
        EXPECT_EQ(read_byte(address, value), mm::FaultOutcome::Resolved);
        return value;
    }

    mm::FaultOutcome write_byte(mm::MemoryDescriptor& memory, host::FakeAddressSpace& space, u64 address, u8 value)
    {
        if (!space.is_mapped(address, 1)) {
            const auto outcome = memory.handle_page_fault(UserAddress(address), mm::FaultAccess::Write, caller);
            if (outcome != mm::FaultOutcome::Resolved) {
                return outcome;
            }
        }
        // A present page the VMA does not let us write is the fault path's
        // AccessError too.
        if (space.copy_to_user(UserAddress(address), &value, 1).is_error()) {
            return memory.handle_page_fault(UserAddress(address), mm::FaultAccess::Write, caller);
        }
        return mm::FaultOutcome::Resolved;
    }
    mm::FaultOutcome read_byte(mm::MemoryDescriptor& memory, host::FakeAddressSpace& space, u64 address, u8& value)
    {
        if (!space.is_mapped(address, 1)) {
            const auto outcome = memory.handle_page_fault(UserAddress(address), mm::FaultAccess::Read, caller);
            if (outcome != mm::FaultOutcome::Resolved) {
                return outcome;
            }
        }
        if (space.copy_from_user(&value, UserAddress(address), 1).is_error()) {
            return memory.handle_page_fault(UserAddress(address), mm::FaultAccess::Read, caller);
        }
        return mm::FaultOutcome::Resolved;
    }

    // Turns every later core allocation into a failure and fills the VMA
    // vector to its capacity (splitting a shared mapping at `at` page by
    // page): a change that needs one more VMA then has no memory for it.
    void fill_vmas_to_capacity(u64 at)
    {
        constexpr u64 kPieces = 64;
        ASSERT_EQ(map(at, kPieces * kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(at));
        host::fail_allocation_after(0, true);
        for (u64 page = 1; page < kPieces; page += 2) {
            if (advise(at + (page * kPage), kPage, MADV_DONTFORK) != 0) {
                return;
            }
        }
        ADD_FAILURE() << "the VMAs never filled their vector";
    }

    std::vector<mm::Vma> vmas() { return vmas_of(*memory); }
    static std::vector<mm::Vma> vmas_of(const mm::MemoryDescriptor& memory)
    {
        auto copy = memory.vmas();
        EXPECT_TRUE(copy.has_value());
        return std::vector<mm::Vma>(copy.value().begin(), copy.value().end());
    }
    mm::Vma vma_at(u64 address)
    {
        mm::Vma vma;
        EXPECT_TRUE(memory->find_vma(UserAddress(address), vma)) << std::hex << address;
        return vma;
    }
    bool has_vma(u64 address)
    {
        mm::Vma vma;
        return memory->find_vma(UserAddress(address), vma);
    }
    bool backed(u64 address) const { return space->is_mapped(address, 1); }

    // The invariant of the design: a backed page always lies in a VMA.
    static void expect_backed_pages_inside_vmas(const mm::MemoryDescriptor& memory, const host::FakeAddressSpace& space)
    {
        const std::vector<mm::Vma> all = vmas_of(memory);
        for (const auto& [start, end] : space.backed_ranges()) {
            for (u64 page = start; page < end; page += kPage) {
                bool inside = false;
                for (const mm::Vma& vma : all) {
                    inside = inside || vma.contains(page);
                }
                EXPECT_TRUE(inside) << "backed page outside every VMA: 0x" << std::hex << page;
            }
        }
    }

    static i64 status(const Result<void>& result) { return result.is_error() ? -static_cast<i64>(result.error().code()) : 0; }

    host::FakeMmu mmu;
    host::DeterministicScheduler scheduler;
    host::FakeAddressSpace* space { nullptr };
    RefPtr<mm::MemoryDescriptor> memory;
    mm::CallerLimits caller;

private:
    std::int64_t m_live_before { 0 };
};

} // namespace sirius::testing
