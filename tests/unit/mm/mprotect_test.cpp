// mprotect(2) as Linux 6.18's do_mprotect_pkey and mprotect_fixup have it:
// one test per rule, each checked on the host first.
#include "tests/unit/support/mm_fixture.h"

namespace sirius::testing {
namespace {

class MprotectTest : public MemoryTest {
protected:
    void SetUp() override
    {
        MemoryTest::SetUp();
        ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_POPULATE), static_cast<i64>(kBase));
    }
};

TEST_F(MprotectTest, Misaligned_IsEinval)
{
    // mprotect(2) EINVAL: "addr is not a valid pointer, or not a multiple
    // of the system page size."
    EXPECT_EQ(protect(kBase + 1, kPage, PROT_READ), -EINVAL);
    EXPECT_EQ(protect(kBase + 1, 0, PROT_READ), -EINVAL);
}

TEST_F(MprotectTest, ZeroLength_SucceedsBeforeTheProtIsChecked)
{
    // "if (!len) return 0;" comes before arch_validate_prot.
    EXPECT_EQ(protect(kBase, 0, 0x10), 0);
    EXPECT_EQ(protect(0x500000000, 0, PROT_READ), 0);
}

TEST_F(MprotectTest, UnknownProtBits_AreEinval)
{
    // mprotect(2) EINVAL: "Invalid flags specified in prot."
    EXPECT_EQ(protect(kBase, kPage, 0x10), -EINVAL);
    EXPECT_EQ(protect(kBase, kPage, u64 { 1 } << 32 | PROT_READ), -EINVAL);
    EXPECT_EQ(vma_at(kBase).protection, hal::Protection::ReadWrite);
}

TEST_F(MprotectTest, ProtSem_IsAccepted)
{
    EXPECT_EQ(protect(kBase, kPage, PROT_READ | PROT_SEM), 0);
    EXPECT_EQ(vma_at(kBase).protection, hal::Protection::Read);
}

TEST_F(MprotectTest, GrowsDownAndGrowsUp_IsEinval)
{
    // "can't be both", even for a zero length.
    EXPECT_EQ(protect(kBase, kPage, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP), -EINVAL);
    EXPECT_EQ(protect(kBase, 0, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP), -EINVAL);
}

TEST_F(MprotectTest, RangeThatWraps_IsEnomem)
{
    // "end = start + len; if (end <= start) return -ENOMEM;", before the
    // prot check.
    EXPECT_EQ(protect(kBase, ~u64 { 0 } - kPage + 1, PROT_READ), -ENOMEM);
    EXPECT_EQ(protect(kBase, ~u64 { 0 } - kPage + 1, 0x10), -ENOMEM);
}

TEST_F(MprotectTest, Unmapped_IsEnomem)
{
    // mprotect(2) ENOMEM: "Addresses in the range [addr, addr+len-1] are
    // invalid for the address space of the process, or specify one or
    // more pages that are not mapped."
    EXPECT_EQ(protect(0x500000000, kPage, PROT_READ), -ENOMEM);
    EXPECT_EQ(protect(kTaskSize, kPage, PROT_READ), -ENOMEM);
}

TEST_F(MprotectTest, RangeStartingInAHole_IsEnomemAndChangesNothing)
{
    ASSERT_EQ(unmap(kBase, kPage), 0);
    EXPECT_EQ(protect(kBase, 4 * kPage, PROT_READ), -ENOMEM);
    EXPECT_EQ(vma_at(kBase + kPage).protection, hal::Protection::ReadWrite);
}

TEST_F(MprotectTest, RangeOverAHole_ChangesThePartBeforeIt)
{
    // As Linux: the VMAs before the hole keep the change, the call is
    // ENOMEM (host: 300000000-300002000 r--p, 300003000-300004000 rw-p).
    ASSERT_EQ(unmap(kBase + 2 * kPage, kPage), 0);
    EXPECT_EQ(protect(kBase, 4 * kPage, PROT_READ), -ENOMEM);
    EXPECT_EQ(vma_at(kBase).protection, hal::Protection::Read);
    EXPECT_EQ(vma_at(kBase).end, kBase + 2 * kPage);
    EXPECT_EQ(vma_at(kBase + 3 * kPage).protection, hal::Protection::ReadWrite);
    EXPECT_EQ(space->protection_at(kBase + kPage), hal::Protection::Read);
    EXPECT_EQ(space->protection_at(kBase + 3 * kPage), hal::Protection::ReadWrite);
}

TEST_F(MprotectTest, Middle_SplitsAndChangesThePages)
{
    EXPECT_EQ(protect(kBase + kPage, kPage, PROT_READ), 0);
    EXPECT_EQ(memory->vma_count(), 3U);
    EXPECT_EQ(vma_at(kBase + kPage).protection, hal::Protection::Read);
    EXPECT_EQ(space->protection_at(kBase + kPage), hal::Protection::Read);
    EXPECT_EQ(space->protection_at(kBase), hal::Protection::ReadWrite);
    // A write there is now an access error.
    EXPECT_EQ(write_byte(kBase + kPage, 1), mm::FaultOutcome::AccessError);
}

TEST_F(MprotectTest, ChangingBack_MergesAgain)
{
    ASSERT_EQ(protect(kBase + kPage, kPage, PROT_READ), 0);
    ASSERT_EQ(memory->vma_count(), 3U);
    EXPECT_EQ(protect(kBase + kPage, kPage, kRw), 0);
    EXPECT_EQ(memory->vma_count(), 1U);
}

TEST_F(MprotectTest, AcrossVmas_ChangesEachAndMerges)
{
    ASSERT_EQ(map(kBase + 4 * kPage, 2 * kPage, PROT_READ, kPrivate | MAP_FIXED), static_cast<i64>(kBase + 4 * kPage));
    ASSERT_EQ(memory->vma_count(), 2U);
    EXPECT_EQ(protect(kBase + 2 * kPage, 4 * kPage, PROT_READ), 0);
    EXPECT_EQ(memory->vma_count(), 2U);
    EXPECT_EQ(vma_at(kBase + 2 * kPage).start, kBase + 2 * kPage);
    EXPECT_EQ(vma_at(kBase + 2 * kPage).end, kBase + 6 * kPage);
}

TEST_F(MprotectTest, GrowsDown_ExtendsToTheStartOfTheVma)
{
    // PROT_GROWSDOWN: "Apply the protection mode down to the beginning of a
    // mapping that grows downward" (host: [G, G+3 pages) became r--).
    constexpr u64 kStack = 0x400000000;
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    EXPECT_EQ(protect(kStack + 2 * kPage, kPage, PROT_READ | PROT_GROWSDOWN), 0);
    EXPECT_EQ(vma_at(kStack).protection, hal::Protection::Read);
    EXPECT_EQ(vma_at(kStack).end, kStack + 3 * kPage);
    EXPECT_EQ(vma_at(kStack + 3 * kPage).protection, hal::Protection::ReadWrite);
}

TEST_F(MprotectTest, GrowsDownOnAnOrdinaryVma_IsEinval)
{
    // "if (!(vma->vm_flags & VM_GROWSDOWN)) goto out;" with EINVAL.
    EXPECT_EQ(protect(kBase, kPage, PROT_READ | PROT_GROWSDOWN), -EINVAL);
}

TEST_F(MprotectTest, GrowsDownBelowTheVma_IsEnomem)
{
    constexpr u64 kStack = 0x400000000;
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    EXPECT_EQ(protect(kStack - kPage, kPage, PROT_READ | PROT_GROWSDOWN), -ENOMEM);
}

TEST_F(MprotectTest, GrowsUp_IsEinvalOnX86)
{
    // No VMA grows up on x86_64.
    EXPECT_EQ(protect(kBase, kPage, PROT_READ | PROT_GROWSUP), -EINVAL);
    EXPECT_EQ(protect(0x500000000, kPage, PROT_READ | PROT_GROWSUP), -ENOMEM);
}

TEST_F(MprotectTest, TurningIntoDataPastRlimitData_IsEnomem)
{
    // mprotect_fixup: "Check space limits when area turns into data."
    ASSERT_EQ(map(kBase + 8 * kPage, 8 * kPage, PROT_READ, kPrivate | MAP_FIXED), static_cast<i64>(kBase + 8 * kPage));
    caller.data = 6 * kPage;
    EXPECT_EQ(protect(kBase + 8 * kPage, 8 * kPage, kRw), -ENOMEM);
    EXPECT_EQ(protect(kBase + 8 * kPage, 2 * kPage, kRw), 0);
    // Memory that is data already is not counted again.
    EXPECT_EQ(protect(kBase, 4 * kPage, PROT_READ | PROT_WRITE | PROT_EXEC), 0);
}

TEST_F(MprotectTest, ReadImpliesExec_AddsExec)
{
    caller.read_implies_exec = true;
    EXPECT_EQ(protect(kBase, kPage, PROT_READ), 0);
    EXPECT_EQ(vma_at(kBase).protection, hal::Protection::ReadExecute);
}

TEST_F(MprotectTest, SplitAtMaxMapCount_IsEnomem)
{
    for (u64 i = 1; i < mm::VmaSet::kMaxMapCount; ++i) {
        ASSERT_GT(map(kBase + (8 * i * kPage), 2 * kPage, i % 2 == 0 ? kRw : PROT_READ, kPrivate | MAP_FIXED), 0) << i;
    }
    ASSERT_EQ(memory->vma_count(), mm::VmaSet::kMaxMapCount);
    EXPECT_EQ(protect(kBase + kPage, kPage, PROT_READ), -ENOMEM);
    EXPECT_EQ(vma_at(kBase + kPage).protection, hal::Protection::ReadWrite);
}

TEST_F(MprotectTest, ExecProtect_ChangesWithoutLimits)
{
    // What exec uses to make a written segment read-only.
    EXPECT_TRUE(memory->protect(UserAddress(kBase), 2 * kPage, hal::Protection::ReadExecute).has_value());
    EXPECT_EQ(vma_at(kBase).protection, hal::Protection::ReadExecute);
    EXPECT_EQ(errno_of(memory->protect(UserAddress(kBase + 1), kPage, hal::Protection::Read)), EINVAL);
    EXPECT_EQ(errno_of(memory->protect(UserAddress(kBase), 8 * kPage, hal::Protection::Read)), ENOMEM);
}

} // namespace
} // namespace sirius::testing
