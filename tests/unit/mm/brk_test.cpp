// brk(2) as Linux 6.18's SYSCALL_DEFINE1(brk) has it: the new break, or
// the old one when the request fails. Each rule was checked on the host.
#include "tests/unit/support/mm_fixture.h"

namespace sirius::testing {
namespace {

class BrkTest : public MemoryTest {
protected:
    static constexpr u64 kStart = 0x600000;

    void SetUp() override
    {
        MemoryTest::SetUp();
        memory->set_program_break(UserAddress(kStart));
    }
};

TEST_F(BrkTest, Zero_ReturnsTheCurrentBreak)
{
    EXPECT_EQ(brk(0), kStart);
    EXPECT_EQ(memory->program_break_start(), kStart);
}

TEST_F(BrkTest, Growing_MakesAHeapVmaAndReturnsTheRequest)
{
    // The break itself need not be page-aligned; the heap VMA is.
    EXPECT_EQ(brk(kStart + 1), kStart + 1);
    const mm::Vma heap = vma_at(kStart);
    EXPECT_EQ(heap.kind, mm::VmaKind::Heap);
    EXPECT_EQ(heap.end, kStart + kPage);
    EXPECT_EQ(heap.protection, hal::Protection::ReadWrite);
    // Demand-zero like any private memory.
    EXPECT_FALSE(backed(kStart));
    EXPECT_EQ(byte_at(kStart), 0);
    // Within the same page: no new VMA, the break moves.
    EXPECT_EQ(brk(kStart + 5), kStart + 5);
    EXPECT_EQ(memory->vma_count(), 1U);
    // Growing again extends the heap VMA.
    EXPECT_EQ(brk(kStart + 3 * kPage), kStart + 3 * kPage);
    EXPECT_EQ(memory->vma_count(), 1U);
    EXPECT_EQ(vma_at(kStart).end, kStart + 3 * kPage);
}

TEST_F(BrkTest, BelowTheStart_ReturnsTheOldBreak)
{
    ASSERT_EQ(brk(kStart + 5), kStart + 5);
    EXPECT_EQ(brk(kStart - 1), kStart + 5);
    EXPECT_EQ(brk(1), kStart + 5);
}

TEST_F(BrkTest, Shrinking_UnmapsTheFreedPages)
{
    ASSERT_EQ(brk(kStart + 4 * kPage), kStart + 4 * kPage);
    ASSERT_EQ(write_byte(kStart + 3 * kPage, 9), mm::FaultOutcome::Resolved);
    EXPECT_EQ(brk(kStart + kPage), kStart + kPage);
    EXPECT_FALSE(has_vma(kStart + 3 * kPage));
    EXPECT_FALSE(backed(kStart + 3 * kPage));
    // Back up: fresh zeroes.
    EXPECT_EQ(brk(kStart + 4 * kPage), kStart + 4 * kPage);
    EXPECT_EQ(byte_at(kStart + 3 * kPage), 0);
    // Down to the start: no heap at all.
    EXPECT_EQ(brk(kStart), kStart);
    EXPECT_EQ(memory->vma_count(), 0U);
}

TEST_F(BrkTest, ShrinkingWhenTheHeapWasUnmapped_ReturnsTheOldBreak)
{
    // "if (!brkvma || brkvma->vm_start >= oldbrk) goto out;"
    ASSERT_EQ(brk(kStart + 4 * kPage), kStart + 4 * kPage);
    ASSERT_EQ(unmap(kStart, 4 * kPage), 0);
    EXPECT_EQ(brk(kStart + kPage), kStart + 4 * kPage);
}

TEST_F(BrkTest, IntoAMapping_ReturnsTheOldBreak)
{
    // brk never overlaps a mapping, and keeps a page free below the next
    // one (host: a mapping 16 pages up let the break reach 15 pages).
    ASSERT_EQ(map(kStart + 16 * kPage, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kStart + 16 * kPage));
    EXPECT_EQ(brk(kStart + 16 * kPage), kStart);
    EXPECT_EQ(brk(kStart + 15 * kPage + 1), kStart);
    EXPECT_EQ(brk(kStart + 15 * kPage), kStart + 15 * kPage);
    EXPECT_EQ(brk(kStart + 14 * kPage + 1), kStart + 14 * kPage + 1);
}

TEST_F(BrkTest, IntoTheGuardGapOfAStack_ReturnsTheOldBreak)
{
    // "if (next && newbrk + PAGE_SIZE > vm_start_gap(next)) goto out;"
    constexpr u64 kStack = kStart + 0x200000;
    ASSERT_EQ(map(kStack, kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    const u64 last = kStack - 256 * kPage - kPage;
    EXPECT_EQ(brk(last + 1), kStart);
    EXPECT_EQ(brk(last), last);
}

TEST_F(BrkTest, PastRlimitData_ReturnsTheOldBreak)
{
    // check_data_rlimit: the heap and the data segment against RLIMIT_DATA.
    memory->set_data_segment(UserAddress(kStart - 4 * kPage), UserAddress(kStart - 2 * kPage));
    caller.data = 8 * kPage;
    EXPECT_EQ(brk(kStart + 7 * kPage), kStart);
    EXPECT_EQ(brk(kStart + 6 * kPage), kStart + 6 * kPage);
}

TEST_F(BrkTest, PastRlimitAs_ReturnsTheOldBreak)
{
    caller.address_space = 4 * kPage;
    EXPECT_EQ(brk(kStart + 5 * kPage), kStart);
    EXPECT_EQ(brk(kStart + 4 * kPage), kStart + 4 * kPage);
}

TEST_F(BrkTest, PastTheUserHalf_ReturnsTheOldBreak)
{
    EXPECT_EQ(brk(kTaskSize + kPage), kStart);
    EXPECT_EQ(brk(~u64 { 0 }), kStart);
}

TEST_F(BrkTest, BelowMmapMinAddr_NeedsCapSysRawio)
{
    // check_brk_limits goes through get_unmapped_area's security check.
    memory->set_program_break(UserAddress(0x4000));
    caller.may_map_below_minimum = false;
    EXPECT_EQ(brk(0x5000), 0x4000U);
    caller.may_map_below_minimum = true;
    EXPECT_EQ(brk(0x5000), 0x5000U);
}

TEST_F(BrkTest, AllocationFailure_ReturnsTheOldBreak)
{
    fill_vmas_to_capacity(kBase);
    EXPECT_EQ(brk(kStart + kPage), kStart);
    EXPECT_FALSE(has_vma(kStart));
    EXPECT_EQ(memory->program_break(), kStart);
}

TEST_F(BrkTest, ReadImpliesExec_MakesAnExecutableHeap)
{
    caller.read_implies_exec = true;
    ASSERT_EQ(brk(kStart + kPage), kStart + kPage);
    EXPECT_EQ(vma_at(kStart).protection, hal::Protection::ReadWriteExecute);
}

} // namespace
} // namespace sirius::testing
