// MemoryDescriptor beyond the syscalls: the page fault path (demand-zero
// pages, access errors, stack growth and its limits, as x86
// do_user_addr_fault and expand_downwards), fork (dup_mmap: VMAs copied,
// shared frames shared, MADV_DONTFORK and MADV_WIPEONFORK), and what exec
// builds a process's memory with.
#include "tests/unit/support/mm_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kStack = 0x7ff000000000;

class PageFaultTest : public MemoryTest { };

TEST_F(PageFaultTest, TouchOfPrivateMemory_BacksOneZeroPage)
{
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(fault(kBase + 2 * kPage + 12, mm::FaultAccess::Write), mm::FaultOutcome::Resolved);
    EXPECT_EQ(space->backed_bytes(), kPage);
    EXPECT_TRUE(backed(kBase + 2 * kPage));
    EXPECT_EQ(space->protection_at(kBase + 2 * kPage), hal::Protection::ReadWrite);
    EXPECT_EQ(byte_at(kBase + 2 * kPage + 12), 0);
}

TEST_F(PageFaultTest, DemandZero_MapsOnlyOnTheTouch)
{
    auto created = try_make_ref<::testing::NiceMock<MockAddressSpace>>();
    ASSERT_TRUE(created.has_value());
    auto* mock = created.value().get();
    ASSERT_OK_AND_ASSIGN(auto other, mm::MemoryDescriptor::create(RefPtr<hal::AddressSpace>(created.release_value()), mmu, scheduler));
    EXPECT_CALL(*mock, map(::testing::_, ::testing::_, ::testing::_, ::testing::_)).Times(0);
    ASSERT_TRUE(other->mmap(mm::MmapRequest { kBase, 4 * kPage, PROT_READ, kPrivate | MAP_FIXED, 0 }, nullptr, caller).has_value());
    EXPECT_CALL(*mock, map(UserAddress(kBase + kPage), kPage, hal::Protection::Read, hal::Sharing::Private));
    EXPECT_EQ(other->handle_page_fault(UserAddress(kBase + kPage + 8), mm::FaultAccess::Read, caller), mm::FaultOutcome::Resolved);
}

TEST_F(PageFaultTest, NoVma_IsMapError)
{
    EXPECT_EQ(fault(kBase), mm::FaultOutcome::MapError);
    ASSERT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(fault(kBase + kPage), mm::FaultOutcome::MapError);
    EXPECT_EQ(fault(kBase - 1), mm::FaultOutcome::MapError);
    EXPECT_EQ(fault(kTaskSize), mm::FaultOutcome::MapError);
    EXPECT_EQ(fault(~u64 { 0 }), mm::FaultOutcome::MapError);
}

TEST_F(PageFaultTest, AccessTheVmaForbids_IsAccessError)
{
    // access_error: a write needs VM_WRITE, a fetch VM_EXEC, a read any
    // access (host: read of PROT_WRITE-only and PROT_EXEC-only memory works,
    // PROT_NONE is SEGV_ACCERR, running RW memory is SEGV_ACCERR).
    ASSERT_EQ(map(kBase, kPage, PROT_READ, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(map(kBase + kPage, kPage, PROT_NONE, kPrivate | MAP_FIXED), static_cast<i64>(kBase + kPage));
    ASSERT_EQ(map(kBase + 2 * kPage, kPage, PROT_WRITE, kPrivate | MAP_FIXED), static_cast<i64>(kBase + 2 * kPage));
    ASSERT_EQ(map(kBase + 3 * kPage, kPage, PROT_EXEC, kPrivate | MAP_FIXED), static_cast<i64>(kBase + 3 * kPage));
    EXPECT_EQ(fault(kBase, mm::FaultAccess::Write), mm::FaultOutcome::AccessError);
    EXPECT_EQ(fault(kBase, mm::FaultAccess::Execute), mm::FaultOutcome::AccessError);
    EXPECT_EQ(fault(kBase + kPage, mm::FaultAccess::Read), mm::FaultOutcome::AccessError);
    EXPECT_EQ(fault(kBase + 2 * kPage, mm::FaultAccess::Read), mm::FaultOutcome::Resolved);
    EXPECT_EQ(fault(kBase + 3 * kPage, mm::FaultAccess::Read), mm::FaultOutcome::Resolved);
    EXPECT_EQ(fault(kBase + 3 * kPage, mm::FaultAccess::Execute), mm::FaultOutcome::Resolved);
    EXPECT_EQ(fault(kBase, mm::FaultAccess::Read), mm::FaultOutcome::Resolved);
    // An access error backs nothing.
    EXPECT_FALSE(backed(kBase + kPage));
}

TEST_F(PageFaultTest, BackedPage_IsASpuriousFault)
{
    ASSERT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase, 5), mm::FaultOutcome::Resolved);
    // Nothing is replaced: the byte stays.
    EXPECT_EQ(fault(kBase, mm::FaultAccess::Write), mm::FaultOutcome::Resolved);
    EXPECT_EQ(byte_at(kBase), 5);
}

TEST_F(PageFaultTest, NoFrame_IsOutOfMemory)
{
    auto created = try_make_ref<::testing::NiceMock<MockAddressSpace>>();
    ASSERT_TRUE(created.has_value());
    auto* mock = created.value().get();
    ASSERT_OK_AND_ASSIGN(auto other, mm::MemoryDescriptor::create(RefPtr<hal::AddressSpace>(created.release_value()), mmu, scheduler));
    ASSERT_TRUE(other->mmap(mm::MmapRequest { kBase, kPage, kRw, kPrivate | MAP_FIXED, 0 }, nullptr, caller).has_value());
    EXPECT_CALL(*mock, map(::testing::_, ::testing::_, ::testing::_, ::testing::_)).WillOnce(::testing::Return(errno_error(ENOMEM)));
    EXPECT_EQ(other->handle_page_fault(UserAddress(kBase), mm::FaultAccess::Write, caller), mm::FaultOutcome::OutOfMemory);
}

TEST_F(PageFaultTest, BelowAGrowsDownVma_GrowsTheStack)
{
    // expand_downwards; there is no check against the stack pointer on x86
    // any more (host: a touch 1 MiB below grew the VMA).
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    EXPECT_EQ(write_byte(kStack - 1, 1), mm::FaultOutcome::Resolved);
    EXPECT_EQ(vma_at(kStack - 1).start, kStack - kPage);
    EXPECT_EQ(write_byte(kStack - 0x100000, 1), mm::FaultOutcome::Resolved);
    EXPECT_EQ(vma_at(kStack).start, kStack - 0x100000);
    EXPECT_EQ(memory->vma_count(), 1U);
    // The pages in between are demand-zero.
    EXPECT_FALSE(backed(kStack - 2 * kPage));
}

TEST_F(PageFaultTest, StackGrowth_StopsAtRlimitStack)
{
    // acct_stack_growth: "if (size > rlimit(RLIMIT_STACK)) return -ENOMEM;"
    // for the whole VMA (host: 64 KiB allowed, one page more SEGV_MAPERR).
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    caller.stack = 16 * kPage;
    EXPECT_EQ(fault(kStack + 4 * kPage - 17 * kPage, mm::FaultAccess::Write), mm::FaultOutcome::MapError);
    EXPECT_EQ(vma_at(kStack).start, kStack);
    EXPECT_EQ(fault(kStack + 4 * kPage - 16 * kPage, mm::FaultAccess::Write), mm::FaultOutcome::Resolved);
    EXPECT_EQ(vma_at(kStack).start, kStack - 12 * kPage);
}

TEST_F(PageFaultTest, StackGrowth_StopsAtRlimitAs)
{
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    caller.address_space = 6 * kPage;
    EXPECT_EQ(fault(kStack - 3 * kPage, mm::FaultAccess::Write), mm::FaultOutcome::MapError);
    EXPECT_EQ(fault(kStack - 2 * kPage, mm::FaultAccess::Write), mm::FaultOutcome::Resolved);
}

TEST_F(PageFaultTest, StackGrowth_KeepsTheGuardGap)
{
    // expand_downwards: "Enforce stack_guard_gap" - 256 pages free above an
    // accessible VMA below (host: SEGV_MAPERR with a mapping 1 MiB below).
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    ASSERT_EQ(map(kStack - 300 * kPage, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kStack - 300 * kPage));
    const u64 lowest = kStack - 299 * kPage + 256 * kPage;
    EXPECT_EQ(fault(lowest - kPage, mm::FaultAccess::Write), mm::FaultOutcome::MapError);
    EXPECT_EQ(fault(lowest, mm::FaultAccess::Write), mm::FaultOutcome::Resolved);
}

TEST_F(PageFaultTest, GuardGap_IgnoresProtNoneAndStacksBelow)
{
    // Only an accessible VMA that is not a stack itself counts (host: a
    // PROT_NONE VMA 1 MiB below did not stop the growth).
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    ASSERT_EQ(map(kStack - 16 * kPage, kPage, PROT_NONE, kPrivate | MAP_FIXED), static_cast<i64>(kStack - 16 * kPage));
    EXPECT_EQ(fault(kStack - 4 * kPage, mm::FaultAccess::Write), mm::FaultOutcome::Resolved);
    ASSERT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kBase));
    ASSERT_EQ(map(kBase + 4 * kPage, kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kBase + 4 * kPage));
    EXPECT_EQ(fault(kBase + 2 * kPage, mm::FaultAccess::Write), mm::FaultOutcome::Resolved);
}

TEST_F(PageFaultTest, StackGrowth_NeverBelowMmapMinAddr)
{
    // expand_downwards: "if (address < mmap_min_addr) return -EPERM;" even
    // for root (host: SEGV_MAPERR below a GrowsDown VMA at 0x10000).
    ASSERT_EQ(map(0x10000, kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), 0x10000);
    EXPECT_EQ(fault(0xf000, mm::FaultAccess::Write), mm::FaultOutcome::MapError);
}

TEST_F(PageFaultTest, GrownStackThatForbidsTheAccess_IsAccessError)
{
    // The stack grows first, then the access is checked (host: a write
    // below a read-only GrowsDown VMA grew it and was SEGV_ACCERR).
    ASSERT_EQ(map(kStack, 4 * kPage, PROT_READ, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    EXPECT_EQ(fault(kStack - kPage, mm::FaultAccess::Write), mm::FaultOutcome::AccessError);
    EXPECT_EQ(vma_at(kStack).start, kStack - kPage);
}

TEST_F(PageFaultTest, BelowAnOrdinaryVma_IsMapError)
{
    ASSERT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(fault(kBase - kPage, mm::FaultAccess::Write), mm::FaultOutcome::MapError);
}

// ---- fork ----

class ForkTest : public MemoryTest {
protected:
    void fork()
    {
        auto copy = memory->clone_for_fork();
        ASSERT_TRUE(copy.has_value());
        child = copy.release_value();
        child_space = static_cast<host::FakeAddressSpace*>(&child->address_space());
    }
    void TearDown() override
    {
        if (child != nullptr) {
            EXPECT_TRUE(child->vmas_are_valid());
            expect_backed_pages_inside_vmas(*child, *child_space);
            child.clear();
        }
        MemoryTest::TearDown();
    }
    u8 child_byte(u64 address)
    {
        u8 value = 0xee;
        EXPECT_EQ(read_byte(*child, *child_space, address, value), mm::FaultOutcome::Resolved);
        return value;
    }

    RefPtr<mm::MemoryDescriptor> child;
    host::FakeAddressSpace* child_space { nullptr };
};

TEST_F(ForkTest, CopiesTheVmasAndLayout)
{
    memory->set_program_break(UserAddress(0x600000));
    ASSERT_EQ(brk(0x600000 + 2 * kPage), 0x600000 + 2 * kPage);
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(protect(kBase + kPage, kPage, PROT_READ), 0);
    memory->set_dumpable(mm::Dumpable::Disabled);
    fork();
    const auto parent_vmas = vmas();
    const auto child_vmas = vmas_of(*child);
    ASSERT_EQ(child_vmas.size(), parent_vmas.size());
    for (usize i = 0; i < child_vmas.size(); ++i) {
        EXPECT_EQ(child_vmas[i].start, parent_vmas[i].start);
        EXPECT_EQ(child_vmas[i].end, parent_vmas[i].end);
        EXPECT_EQ(child_vmas[i].protection, parent_vmas[i].protection);
        EXPECT_EQ(child_vmas[i].kind, parent_vmas[i].kind);
    }
    EXPECT_EQ(child->program_break(), 0x600000 + 2 * kPage);
    EXPECT_EQ(child->program_break_start(), 0x600000U);
    EXPECT_EQ(child->mmap_base(), memory->mmap_base());
    EXPECT_EQ(child->dumpable(), mm::Dumpable::Disabled);
    // The copies are independent.
    ASSERT_EQ(unmap(kBase, 4 * kPage), 0);
    mm::Vma vma;
    EXPECT_TRUE(child->find_vma(UserAddress(kBase), vma));
}

TEST_F(ForkTest, PrivateMemory_IsCopied)
{
    ASSERT_EQ(map(kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase, 7), mm::FaultOutcome::Resolved);
    fork();
    EXPECT_EQ(child_byte(kBase), 7);
    ASSERT_EQ(write_byte(kBase, 8), mm::FaultOutcome::Resolved);
    EXPECT_EQ(child_byte(kBase), 7);
    // A page neither touched is demand-zero in both.
    EXPECT_EQ(child_byte(kBase + kPage), 0);
}

TEST_F(ForkTest, SharedMemory_IsShared)
{
    ASSERT_EQ(map(kBase, 2 * kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase));
    fork();
    ASSERT_EQ(write_byte(kBase, 7), mm::FaultOutcome::Resolved);
    EXPECT_EQ(child_byte(kBase), 7);
    ASSERT_EQ(write_byte(*child, *child_space, kBase + kPage, 9), mm::FaultOutcome::Resolved);
    EXPECT_EQ(byte_at(kBase + kPage), 9);
}

TEST_F(ForkTest, Dontfork_LeavesTheChildWithoutTheRange)
{
    // madvise(2) MADV_DONTFORK: "Do not make the pages in this range
    // available to the child after a fork(2)" (host: SEGV_MAPERR there).
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_POPULATE), static_cast<i64>(kBase));
    ASSERT_EQ(advise(kBase, kPage, MADV_DONTFORK), 0);
    fork();
    mm::Vma vma;
    EXPECT_FALSE(child->find_vma(UserAddress(kBase), vma));
    EXPECT_FALSE(child_space->is_mapped(kBase, 1));
    EXPECT_EQ(child->handle_page_fault(UserAddress(kBase), mm::FaultAccess::Read, caller), mm::FaultOutcome::MapError);
    EXPECT_TRUE(child->find_vma(UserAddress(kBase + kPage), vma));
    EXPECT_TRUE(backed(kBase));
}

TEST_F(ForkTest, Wipeonfork_ZeroesTheChildsCopy)
{
    // MADV_WIPEONFORK: "the child process will see zeros in this range
    // after a fork(2)" (host: 0 in the child, 7 kept next to it).
    ASSERT_EQ(map(kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase, 7), mm::FaultOutcome::Resolved);
    ASSERT_EQ(write_byte(kBase + kPage, 7), mm::FaultOutcome::Resolved);
    ASSERT_EQ(advise(kBase + kPage, kPage, MADV_WIPEONFORK), 0);
    fork();
    EXPECT_EQ(child_byte(kBase), 7);
    EXPECT_EQ(child_byte(kBase + kPage), 0);
    EXPECT_EQ(byte_at(kBase + kPage), 7);
    // The flag stays with the child's VMA.
    mm::Vma vma;
    ASSERT_TRUE(child->find_vma(UserAddress(kBase + kPage), vma));
    EXPECT_TRUE(vma.flags.wipe_on_fork);
}

TEST_F(ForkTest, AllocationFailure_LeavesTheParentAsItWas)
{
    ASSERT_EQ(map(kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    for (std::int64_t countdown = 0;; ++countdown) {
        host::fail_allocation_after(countdown);
        auto copy = memory->clone_for_fork();
        host::stop_failing_allocations();
        if (copy.has_value()) {
            break;
        }
        EXPECT_EQ(copy.error().code(), ENOMEM);
        EXPECT_EQ(memory->vma_count(), 1U);
    }
}

// ---- exec ----

class ExecMemoryTest : public MemoryTest { };

TEST_F(ExecMemoryTest, MapFixed_MakesAProgramImageVma)
{
    ASSERT_TRUE(memory->map_fixed(UserAddress(0x400000), 2 * kPage, hal::Protection::ReadWrite, mm::VmaKind::ProgramImage, mm::Backing::Now).has_value());
    EXPECT_TRUE(space->is_mapped(0x400000, 2 * kPage));
    EXPECT_EQ(vma_at(0x400000).kind, mm::VmaKind::ProgramImage);
    ASSERT_TRUE(memory->map_fixed(UserAddress(0x402000), 2 * kPage, hal::Protection::Read, mm::VmaKind::ProgramImage, mm::Backing::OnDemand).has_value());
    EXPECT_FALSE(backed(0x402000));
    EXPECT_EQ(byte_at(0x402000), 0);
    // Then made read-only and executable once written.
    ASSERT_TRUE(memory->protect(UserAddress(0x400000), 2 * kPage, hal::Protection::ReadExecute).has_value());
    EXPECT_EQ(space->protection_at(0x400000), hal::Protection::ReadExecute);
}

TEST_F(ExecMemoryTest, MapFixed_RejectsBadRanges)
{
    EXPECT_EQ(errno_of(memory->map_fixed(UserAddress(0x400001), kPage, hal::Protection::Read, mm::VmaKind::ProgramImage, mm::Backing::Now)), EINVAL);
    EXPECT_EQ(errno_of(memory->map_fixed(UserAddress(0x400000), kPage + 1, hal::Protection::Read, mm::VmaKind::ProgramImage, mm::Backing::Now)), EINVAL);
    EXPECT_EQ(errno_of(memory->map_fixed(UserAddress(0x400000), 0, hal::Protection::Read, mm::VmaKind::ProgramImage, mm::Backing::Now)), EINVAL);
    EXPECT_EQ(errno_of(memory->map_fixed(UserAddress(kTaskSize), kPage, hal::Protection::Read, mm::VmaKind::ProgramImage, mm::Backing::Now)), EINVAL);
    EXPECT_EQ(memory->vma_count(), 0U);
}

TEST_F(ExecMemoryTest, CreateStack_IsABackedGrowsDownVmaThatGrows)
{
    constexpr u64 kTop = 0x7ffffffff000;
    ASSERT_TRUE(memory->create_stack(UserAddress(kTop), 32 * kPage, hal::Protection::ReadWrite).has_value());
    const mm::Vma stack = vma_at(kTop - kPage);
    EXPECT_EQ(stack.kind, mm::VmaKind::Stack);
    EXPECT_TRUE(stack.flags.grows_down);
    EXPECT_EQ(stack.start, kTop - 32 * kPage);
    EXPECT_TRUE(space->is_mapped(kTop - 32 * kPage, 32 * kPage));
    EXPECT_EQ(write_byte(kTop - 40 * kPage, 1), mm::FaultOutcome::Resolved);
    EXPECT_EQ(vma_at(kTop - kPage).start, kTop - 40 * kPage);
    EXPECT_EQ(errno_of(memory->create_stack(UserAddress(kTop + 1), kPage, hal::Protection::ReadWrite)), EINVAL);
    EXPECT_EQ(errno_of(memory->create_stack(UserAddress(kPage), 2 * kPage, hal::Protection::ReadWrite)), EINVAL);
}

TEST_F(ExecMemoryTest, ProgramBreak_StartsWhereExecSaysAndGrows)
{
    memory->set_program_break(UserAddress(0x405000));
    EXPECT_EQ(memory->program_break(), 0x405000U);
    EXPECT_EQ(brk(0x407000), 0x407000U);
    EXPECT_EQ(vma_at(0x405000).kind, mm::VmaKind::Heap);
}

} // namespace
} // namespace sirius::testing
