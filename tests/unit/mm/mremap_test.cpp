// mremap(2) as Linux 6.18's mm/mremap.c has it (check_mremap_params,
// check_prep_vma, mremap_to, mremap_at, remap_move): one test per rule,
// each checked on the host first.
#include "tests/unit/support/mm_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kTarget = 0x400000000;

class MremapTest : public MemoryTest {
protected:
    void SetUp() override
    {
        MemoryTest::SetUp();
        ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
        for (u64 page = 0; page < 4; ++page) {
            ASSERT_EQ(write_byte(kBase + (page * kPage), static_cast<u8>(page + 1)), mm::FaultOutcome::Resolved);
        }
    }
};

TEST_F(MremapTest, UnknownFlags_AreEinval)
{
    EXPECT_EQ(remap(kBase, kPage, kPage, 8), -EINVAL);
}

TEST_F(MremapTest, Misaligned_IsEinval)
{
    // mremap(2) EINVAL: "old_address was not page aligned".
    EXPECT_EQ(remap(kBase + 1, kPage, kPage, 0), -EINVAL);
}

TEST_F(MremapTest, ZeroOrHugeNewLength_IsEinval)
{
    // "a zero new-len is nonsensical"; "Is the new length silly?"
    EXPECT_EQ(remap(kBase, kPage, 0, 0), -EINVAL);
    EXPECT_EQ(remap(kBase, kPage, ~u64 { 0 }, 0), -EINVAL);
    EXPECT_EQ(remap(kBase, kPage, kTaskSize + kPage, MREMAP_MAYMOVE), -EINVAL);
}

TEST_F(MremapTest, FixedOrDontunmapWithoutMaymove_IsEinval)
{
    // "A fixed address implies a move."
    EXPECT_EQ(remap(kBase, kPage, kPage, MREMAP_FIXED, kTarget), -EINVAL);
    EXPECT_EQ(remap(kBase, kPage, kPage, MREMAP_DONTUNMAP, kTarget), -EINVAL);
}

TEST_F(MremapTest, BadNewAddress_IsEinval)
{
    EXPECT_EQ(remap(kBase, kPage, kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTarget + 1), -EINVAL);
    EXPECT_EQ(remap(kBase, kPage, 2 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTaskSize - kPage), -EINVAL);
}

// A shrink is do_munmap of [addr + new_len, addr + old_len): an old length
// that wraps past the top is do_vmi_munmap's EINVAL ("len > TASK_SIZE -
// start"), with nothing unmapped - in place, and after MREMAP_FIXED has
// unmapped the destination, as Linux does it.
TEST_F(MremapTest, ShrinkByAnOldLengthPastTheTop_IsEinval_AndUnmapsNothingMore)
{
    const u64 wrapping = ~u64 { 0 } - (2 * kPage);
    EXPECT_EQ(remap(kBase, wrapping, kPage, 0), -EINVAL);
    EXPECT_EQ(memory->vma_count(), 1U);
    EXPECT_EQ(byte_at(kBase + (3 * kPage)), 4);
    EXPECT_EQ(remap(kBase, wrapping, kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTarget), -EINVAL);
    EXPECT_EQ(byte_at(kBase + (3 * kPage)), 4);
}

TEST_F(MremapTest, DontunmapResizing_IsEinval)
{
    // "MREMAP_DONTUNMAP does not allow resizing in the process."
    EXPECT_EQ(remap(kBase, kPage, 2 * kPage, MREMAP_DONTUNMAP | MREMAP_MAYMOVE), -EINVAL);
}

TEST_F(MremapTest, OverlappingRanges_AreEinval)
{
    // mremap(2) EINVAL: "new_address ... overlapped the range".
    EXPECT_EQ(remap(kBase, 2 * kPage, 2 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kBase + kPage), -EINVAL);
}

TEST_F(MremapTest, NotMapped_IsEfault)
{
    // mremap(2) EFAULT: "Some address in the range old_address to
    // old_address+old_size is an invalid virtual memory address".
    EXPECT_EQ(remap(0x500000000, kPage, kPage, 0), -EFAULT);
    EXPECT_EQ(remap(0x500000000, kPage, 2 * kPage, MREMAP_MAYMOVE), -EFAULT);
}

TEST_F(MremapTest, GrowingAcrossTheVmaEnd_IsEfault)
{
    // "We can't remap across the end of VMAs".
    ASSERT_EQ(map(kBase + 4 * kPage, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase + 4 * kPage));
    EXPECT_EQ(remap(kBase, 5 * kPage, 6 * kPage, MREMAP_MAYMOVE), -EFAULT);
}

TEST_F(MremapTest, ZeroOldLengthOfPrivateMemory_IsEinval)
{
    // check_prep_vma: "attempted to duplicate a private mapping with
    // mremap. This is not supported."
    EXPECT_EQ(remap(kBase, 0, kPage, MREMAP_MAYMOVE), -EINVAL);
}

TEST_F(MremapTest, SameSize_ReturnsTheAddress)
{
    EXPECT_EQ(remap(kBase, 4 * kPage, 4 * kPage, 0), static_cast<i64>(kBase));
    // Without a resize nothing is looked at past the first VMA.
    EXPECT_EQ(remap(kBase, 8 * kPage, 8 * kPage, MREMAP_MAYMOVE), static_cast<i64>(kBase));
}

TEST_F(MremapTest, Shrink_UnmapsTheTail)
{
    EXPECT_EQ(remap(kBase, 4 * kPage, kPage, 0), static_cast<i64>(kBase));
    EXPECT_EQ(vma_at(kBase).end, kBase + kPage);
    EXPECT_FALSE(backed(kBase + kPage));
    EXPECT_EQ(byte_at(kBase), 1);
}

TEST_F(MremapTest, ShrinkAcrossVmas_UnmapsThemAll)
{
    // A shrink may cross VMA ends: it only unmaps (host: a 5-page range
    // over two VMAs shrank to 1 page).
    ASSERT_EQ(map(kBase + 4 * kPage, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase + 4 * kPage));
    EXPECT_EQ(remap(kBase, 5 * kPage, kPage, 0), static_cast<i64>(kBase));
    EXPECT_EQ(memory->vma_count(), 1U);
}

TEST_F(MremapTest, GrowInPlace_KeepsTheAddressAndContent)
{
    EXPECT_EQ(remap(kBase, 4 * kPage, 6 * kPage, 0), static_cast<i64>(kBase));
    EXPECT_EQ(vma_at(kBase).end, kBase + 6 * kPage);
    EXPECT_EQ(memory->vma_count(), 1U);
    EXPECT_EQ(byte_at(kBase + 3 * kPage), 4);
    EXPECT_EQ(byte_at(kBase + 5 * kPage), 0);
}

TEST_F(MremapTest, GrowNotAtTheVmaEndWithoutMaymove_IsEnomem)
{
    // mremap(2) ENOMEM: "Not enough memory was available to complete the
    // operation" - the range cannot grow where it is and may not move.
    EXPECT_EQ(remap(kBase, kPage, 2 * kPage, 0), -ENOMEM);
    ASSERT_EQ(map(kBase + 4 * kPage, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase + 4 * kPage));
    EXPECT_EQ(remap(kBase, 4 * kPage, 5 * kPage, 0), -ENOMEM);
}

TEST_F(MremapTest, GrowWithMaymove_MovesKeepingContent)
{
    ASSERT_EQ(map(kBase + 4 * kPage, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase + 4 * kPage));
    const i64 moved = remap(kBase, 4 * kPage, 10 * kPage, MREMAP_MAYMOVE);
    ASSERT_GT(moved, 0);
    ASSERT_NE(moved, static_cast<i64>(kBase));
    const u64 to = static_cast<u64>(moved);
    EXPECT_EQ(vma_at(to).end, to + 10 * kPage);
    for (u64 page = 0; page < 4; ++page) {
        EXPECT_EQ(byte_at(to + (page * kPage)), page + 1);
    }
    EXPECT_EQ(byte_at(to + 9 * kPage), 0);
    // The old place is unmapped.
    EXPECT_FALSE(has_vma(kBase));
    EXPECT_EQ(fault(kBase), mm::FaultOutcome::MapError);
}

TEST_F(MremapTest, Fixed_MovesToTheAddressReplacingWhatWasThere)
{
    ASSERT_EQ(map(kTarget, 8 * kPage, PROT_READ, kPrivate | MAP_FIXED | MAP_POPULATE), static_cast<i64>(kTarget));
    EXPECT_EQ(remap(kBase + kPage, 2 * kPage, 3 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTarget + kPage), static_cast<i64>(kTarget + kPage));
    EXPECT_EQ(vma_at(kTarget + kPage).protection, hal::Protection::ReadWrite);
    EXPECT_EQ(vma_at(kTarget + kPage).end, kTarget + 4 * kPage);
    EXPECT_EQ(byte_at(kTarget + kPage), 2);
    EXPECT_EQ(byte_at(kTarget + 2 * kPage), 3);
    EXPECT_EQ(byte_at(kTarget + 3 * kPage), 0);
    // The source range is gone, the rest of its VMA stays.
    EXPECT_FALSE(has_vma(kBase + kPage));
    EXPECT_EQ(byte_at(kBase), 1);
    EXPECT_EQ(byte_at(kBase + 3 * kPage), 4);
}

TEST_F(MremapTest, FixedShrink_MovesTheShrunkRange)
{
    EXPECT_EQ(remap(kBase, 4 * kPage, kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTarget), static_cast<i64>(kTarget));
    EXPECT_EQ(vma_at(kTarget).end, kTarget + kPage);
    EXPECT_EQ(byte_at(kTarget), 1);
    EXPECT_EQ(memory->vma_count(), 1U);
}

TEST_F(MremapTest, Dontunmap_LeavesTheOldRangeReadingZeroes)
{
    // mremap(2) MREMAP_DONTUNMAP: "the mapping is moved ... but the old
    // mapping is not unmapped ... accesses to the old range ... for a
    // private anonymous mapping ... zero-filled" (host: moved 5, old 0).
    const i64 moved = remap(kBase, 2 * kPage, 2 * kPage, MREMAP_DONTUNMAP | MREMAP_MAYMOVE);
    ASSERT_GT(moved, 0);
    EXPECT_EQ(byte_at(static_cast<u64>(moved)), 1);
    EXPECT_TRUE(has_vma(kBase));
    EXPECT_EQ(byte_at(kBase), 0);
    // With MREMAP_FIXED as well: to exactly there.
    EXPECT_EQ(remap(kBase + 2 * kPage, kPage, kPage, MREMAP_DONTUNMAP | MREMAP_MAYMOVE | MREMAP_FIXED, kTarget), static_cast<i64>(kTarget));
    EXPECT_EQ(byte_at(kTarget), 3);
}

TEST_F(MremapTest, DontunmapPastRlimitAs_IsEnomem)
{
    // "MREMAP_DONTUNMAP expands by old_len since old_len == new_len".
    caller.address_space = 6 * kPage;
    EXPECT_EQ(remap(kBase, 4 * kPage, 4 * kPage, MREMAP_DONTUNMAP | MREMAP_MAYMOVE), -ENOMEM);
    EXPECT_GT(remap(kBase, 2 * kPage, 2 * kPage, MREMAP_DONTUNMAP | MREMAP_MAYMOVE), 0);
}

TEST_F(MremapTest, GrowPastRlimitAs_IsEnomem)
{
    caller.address_space = 5 * kPage;
    EXPECT_EQ(remap(kBase, 4 * kPage, 6 * kPage, MREMAP_MAYMOVE), -ENOMEM);
    EXPECT_EQ(remap(kBase, 4 * kPage, 5 * kPage, MREMAP_MAYMOVE), static_cast<i64>(kBase));
}

TEST_F(MremapTest, SharedMemory_MovesItsFrames)
{
    ASSERT_EQ(map(kTarget, 2 * kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kTarget));
    ASSERT_EQ(write_byte(kTarget, 9), mm::FaultOutcome::Resolved);
    const u64 frame = space->translate(UserAddress(kTarget)).value();
    const i64 moved = remap(kTarget, 2 * kPage, 2 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, 0x480000000);
    ASSERT_EQ(moved, 0x480000000);
    EXPECT_EQ(space->translate(UserAddress(0x480000000)).value(), frame);
    EXPECT_TRUE(vma_at(0x480000000).flags.shared);
    EXPECT_EQ(byte_at(0x480000000), 9);
}

TEST_F(MremapTest, GrownSharedMemory_IsABusErrorPastTheObject)
{
    // The shmem object keeps its size: the grown part is past its end
    // (host: SIGBUS BUS_ADRERR on the touch, EFAULT for MADV_POPULATE).
    ASSERT_EQ(map(kTarget, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kTarget));
    EXPECT_EQ(remap(kTarget, kPage, 2 * kPage, 0), static_cast<i64>(kTarget));
    EXPECT_EQ(fault(kTarget + kPage), mm::FaultOutcome::BusError);
    EXPECT_EQ(advise(kTarget, 2 * kPage, MADV_POPULATE_READ), -EFAULT);
}

TEST_F(MremapTest, DuplicatingOrKeepingSharedMemory_IsEinval)
{
    // Linux maps the shmem object twice for these; the stand-in for shared
    // memory cannot map one frame at two addresses (docs/memory.md).
    ASSERT_EQ(map(kTarget, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kTarget));
    EXPECT_EQ(remap(kTarget, 0, kPage, MREMAP_MAYMOVE), -EINVAL);
    EXPECT_EQ(remap(kTarget, kPage, kPage, MREMAP_MAYMOVE | MREMAP_DONTUNMAP), -EINVAL);
}

TEST_F(MremapTest, FixedMoveOverSeveralVmas_KeepsTheGaps)
{
    // remap_move (Linux 6.17): an unresized MREMAP_FIXED move takes every
    // VMA of the range and keeps the gaps (host: rw-p 2, r--p 2, gap,
    // rw-p 1 arrived as such, the old target showing in the gap).
    ASSERT_EQ(protect(kBase + 2 * kPage, 2 * kPage, PROT_READ), 0);
    ASSERT_EQ(map(kBase + 5 * kPage, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase + 5 * kPage));
    ASSERT_EQ(map(kTarget, 8 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kTarget));
    EXPECT_EQ(remap(kBase, 6 * kPage, 6 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTarget), static_cast<i64>(kTarget));
    EXPECT_EQ(vma_at(kTarget).end, kTarget + 2 * kPage);
    EXPECT_EQ(vma_at(kTarget + 2 * kPage).protection, hal::Protection::Read);
    EXPECT_EQ(vma_at(kTarget + 4 * kPage).end, kTarget + 8 * kPage);
    EXPECT_EQ(byte_at(kTarget + 2 * kPage), 3);
    EXPECT_FALSE(has_vma(kBase));
}

TEST_F(MremapTest, FixedMoveStartingInAGap_IsEfault)
{
    // "No gap permitted at the start of the range."
    ASSERT_EQ(unmap(kBase, kPage), 0);
    EXPECT_EQ(remap(kBase, 3 * kPage, 3 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTarget), -EFAULT);
    EXPECT_EQ(remap(0x500000000, 3 * kPage, 3 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, kTarget), -EFAULT);
    EXPECT_TRUE(has_vma(kBase + kPage));
}

TEST_F(MremapTest, MoveToBelowMmapMinAddr_NeedsCapSysRawio)
{
    caller.may_map_below_minimum = false;
    EXPECT_EQ(remap(kBase, kPage, 2 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, 0x8000), -EPERM);
    caller.may_map_below_minimum = true;
    EXPECT_EQ(remap(kBase, kPage, 2 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, 0x8000), 0x8000);
}

TEST_F(MremapTest, MoveFailureInThePlatform_ChangesNothing)
{
    auto created = try_make_ref<::testing::NiceMock<MockAddressSpace>>();
    ASSERT_TRUE(created.has_value());
    auto* mock = created.value().get();
    ASSERT_OK_AND_ASSIGN(auto other, mm::MemoryDescriptor::create(RefPtr<hal::AddressSpace>(created.release_value()), mmu, scheduler));
    ASSERT_TRUE(other->mmap(mm::MmapRequest { kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED | MAP_POPULATE, 0 }, nullptr, caller).has_value());
    EXPECT_CALL(*mock, move_pages(UserAddress(kBase), UserAddress(kTarget), 2 * kPage)).WillOnce(::testing::Return(errno_error(ENOMEM)));
    EXPECT_EQ(errno_of(other->mremap(UserAddress(kBase), 2 * kPage, 2 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, UserAddress(kTarget), caller)), ENOMEM);
    mm::Vma vma;
    EXPECT_TRUE(other->find_vma(UserAddress(kBase), vma));
    EXPECT_FALSE(other->find_vma(UserAddress(kTarget), vma));
}

} // namespace
} // namespace sirius::testing
