// VmaSet: the sorted, non-overlapping VMAs of an address space - lookup,
// insertion with merging, splitting, removal with splitting, and that a
// failure (memory or vm.max_map_count) changes nothing.
#include <gtest/gtest.h>

#include "core/mm/vma_set.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/counting_mapped_object.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kPage = 4096;
constexpr u64 kTop = u64 { 1 } << 47;

mm::Vma anonymous(u64 start_page, u64 end_page, hal::Protection protection = hal::Protection::ReadWrite)
{
    return mm::Vma::of(start_page * kPage, end_page * kPage, protection, mm::VmaKind::Anonymous);
}

// [start, end) in pages of each VMA, in order.
std::vector<std::pair<u64, u64>> pages_of(const mm::VmaSet& set)
{
    std::vector<std::pair<u64, u64>> pages;
    for (const mm::Vma& vma : set) {
        pages.emplace_back(vma.start / kPage, vma.end / kPage);
    }
    return pages;
}

using Pages = std::vector<std::pair<u64, u64>>;

// A shared VMA of pages [start_page, end_page) that maps `object` from
// byte `offset` on, as shmat makes it.
mm::Vma object_vma(const RefPtr<CountingMappedObject>& object, u64 start_page, u64 end_page, u64 offset = 0)
{
    mm::Vma vma = mm::Vma::of(start_page * kPage, end_page * kPage, hal::Protection::ReadWrite, mm::VmaKind::Object);
    vma.flags.shared = true;
    vma.object = object;
    vma.object_offset = offset;
    return vma;
}

TEST(VmaSetTest, Find_ReturnsTheContainingVmaOrNone)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(30, 40, hal::Protection::Read)).has_value());
    EXPECT_EQ(set.find(10 * kPage)->start, 10 * kPage);
    EXPECT_EQ(set.find(20 * kPage - 1)->start, 10 * kPage);
    EXPECT_EQ(set.find(20 * kPage), nullptr);
    EXPECT_EQ(set.find(9 * kPage), nullptr);
    EXPECT_EQ(set.find(35 * kPage)->start, 30 * kPage);
    // find_vma: the VMA containing the address, or the next one.
    EXPECT_EQ(set.find_index(0), 0U);
    EXPECT_EQ(set.find_index(25 * kPage), 1U);
    EXPECT_EQ(set.find_index(40 * kPage), 2U);
    EXPECT_EQ(set.first_intersecting(15 * kPage, 35 * kPage)->start, 10 * kPage);
    EXPECT_EQ(set.first_intersecting(20 * kPage, 30 * kPage), nullptr);
    EXPECT_EQ(set.covered_bytes(15 * kPage, 35 * kPage), 10 * kPage);
}

TEST(VmaSetTest, Insert_KeepsAddressOrder)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(30, 40)).has_value());
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(50, 60)).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 20 }, { 30, 40 }, { 50, 60 } }));
    EXPECT_TRUE(set.is_valid(kPage, kTop));
}

TEST(VmaSetTest, Insert_MergesWithCompatibleNeighbours)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(30, 40)).has_value());
    ASSERT_TRUE(set.insert(anonymous(20, 30)).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 40 } }));
    ASSERT_TRUE(set.insert(anonymous(40, 41)).has_value());
    ASSERT_TRUE(set.insert(anonymous(9, 10)).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 9, 41 } }));
}

TEST(VmaSetTest, Insert_DoesNotMergeDifferentProtectionKindOrFlags)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(20, 30, hal::Protection::Read)).has_value());
    mm::Vma heap = anonymous(30, 40);
    heap.kind = mm::VmaKind::Heap;
    ASSERT_TRUE(set.insert(heap).has_value());
    mm::Vma stack = anonymous(40, 50);
    stack.flags.grows_down = true;
    ASSERT_TRUE(set.insert(stack).has_value());
    EXPECT_EQ(set.size(), 4U);
}

TEST(VmaSetTest, SharedVmas_NeverMerge)
{
    // Each MAP_SHARED anonymous mapping is its own shmem object.
    mm::VmaSet set;
    mm::Vma first = anonymous(10, 20);
    first.flags.shared = true;
    mm::Vma second = anonymous(20, 30);
    second.flags.shared = true;
    ASSERT_TRUE(set.insert(first).has_value());
    ASSERT_TRUE(set.insert(second).has_value());
    EXPECT_EQ(set.size(), 2U);
}

TEST(VmaSetTest, SplitAt_MakesTwoVmasWithTheSameAttributes)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20, hal::Protection::Read)).has_value());
    ASSERT_TRUE(set.split_at(15 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 15 }, { 15, 20 } }));
    EXPECT_EQ(set[1].protection, hal::Protection::Read);
    // At a boundary or outside any VMA: nothing to do.
    ASSERT_TRUE(set.split_at(15 * kPage).has_value());
    ASSERT_TRUE(set.split_at(25 * kPage).has_value());
    EXPECT_EQ(set.size(), 2U);
    set.merge(0, kTop);
    EXPECT_EQ(pages_of(set), (Pages { { 10, 20 } }));
}

TEST(VmaSetTest, Remove_TrimsSplitsAndDeletes)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(30, 40, hal::Protection::Read)).has_value());
    ASSERT_TRUE(set.insert(anonymous(50, 60)).has_value());
    // A hole inside one VMA splits it.
    ASSERT_TRUE(set.remove(12 * kPage, 14 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 12 }, { 14, 20 }, { 30, 40 }, { 50, 60 } }));
    // Across VMAs: the ends are trimmed, what is inside goes.
    ASSERT_TRUE(set.remove(16 * kPage, 55 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 12 }, { 14, 16 }, { 55, 60 } }));
    // Nothing there: nothing happens.
    ASSERT_TRUE(set.remove(20 * kPage, 50 * kPage).has_value());
    EXPECT_EQ(set.size(), 3U);
    EXPECT_TRUE(set.is_valid(kPage, kTop));
}

TEST(VmaSetTest, RemovalSplits_OnlyForAHoleStrictlyInside)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    EXPECT_TRUE(set.removal_splits(11 * kPage, 19 * kPage));
    EXPECT_FALSE(set.removal_splits(10 * kPage, 19 * kPage));
    EXPECT_FALSE(set.removal_splits(11 * kPage, 20 * kPage));
    EXPECT_FALSE(set.removal_splits(5 * kPage, 25 * kPage));
}

TEST(VmaSetTest, GrowUp_MergesWithTheNextWhenTheyMeet)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(30, 40)).has_value());
    set.grow_up(0, 30 * kPage);
    EXPECT_EQ(pages_of(set), (Pages { { 10, 40 } }));
}

TEST(VmaSetTest, Split_AtMaxMapCount_IsEnomemAndChangesNothing)
{
    // split_vma: "if (vma->vm_mm->map_count >= sysctl_max_map_count) return
    // -ENOMEM;". Alternating protections keep the VMAs from merging.
    mm::VmaSet set;
    ASSERT_TRUE(set.reserve(mm::VmaSet::kMaxMapCount).has_value());
    for (u64 i = 0; i < mm::VmaSet::kMaxMapCount; ++i) {
        ASSERT_TRUE(set.insert(anonymous(2 * i + 16, 2 * i + 18, i % 2 == 0 ? hal::Protection::Read : hal::Protection::ReadWrite)).has_value());
    }
    ASSERT_EQ(set.size(), mm::VmaSet::kMaxMapCount);
    EXPECT_EQ(errno_of(set.split_at(17 * kPage)), ENOMEM);
    EXPECT_EQ(errno_of(set.remove(17 * kPage, 17 * kPage + 1)), ENOMEM);
    EXPECT_EQ(set.size(), mm::VmaSet::kMaxMapCount);
    // Removing from an end needs no split.
    ASSERT_TRUE(set.remove(16 * kPage, 17 * kPage).has_value());
    EXPECT_EQ(set.size(), mm::VmaSet::kMaxMapCount);
}

TEST(VmaSetTest, AllocationFailure_IsEnomemAndChangesNothing)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(30, 40, hal::Protection::Read)).has_value());
    ASSERT_TRUE(set.insert(anonymous(50, 60)).has_value());
    ASSERT_TRUE(set.insert(anonymous(70, 80, hal::Protection::Read)).has_value());
    // Four VMAs fill the first allocation: the next one needs another.
    host::AllocationFailureScope fail(0, true);
    EXPECT_EQ(errno_of(set.insert(anonymous(90, 100, hal::Protection::Read))), ENOMEM);
    EXPECT_EQ(errno_of(set.split_at(15 * kPage)), ENOMEM);
    EXPECT_EQ(errno_of(set.remove(12 * kPage, 14 * kPage)), ENOMEM);
    EXPECT_EQ(errno_of(set.clone_for_fork()), ENOMEM);
    EXPECT_EQ(pages_of(set), (Pages { { 10, 20 }, { 30, 40 }, { 50, 60 }, { 70, 80 } }));
    // A merge needs no memory.
    EXPECT_TRUE(set.insert(anonymous(20, 25)).has_value());
}

TEST(VmaSetTest, Reserve_LetsTheNextChangesSucceedWithoutMemory)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(30, 40, hal::Protection::Read)).has_value());
    ASSERT_TRUE(set.insert(anonymous(50, 60)).has_value());
    ASSERT_TRUE(set.insert(anonymous(70, 80, hal::Protection::Read)).has_value());
    ASSERT_TRUE(set.reserve(2).has_value());
    host::AllocationFailureScope fail(0, true);
    EXPECT_TRUE(set.remove(12 * kPage, 14 * kPage).has_value());
    EXPECT_TRUE(set.insert(anonymous(90, 100, hal::Protection::Read)).has_value());
    EXPECT_EQ(set.size(), 6U);
}

TEST(VmaSetTest, CloneForFork_CopiesEveryVmaButMadvDontfork)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    ASSERT_TRUE(set.insert(anonymous(30, 40, hal::Protection::Read)).has_value());
    mm::Vma dont_fork = anonymous(50, 60);
    dont_fork.flags.dont_fork = true;
    ASSERT_TRUE(set.insert(dont_fork).has_value());
    ASSERT_OK_AND_ASSIGN(mm::VmaSet copy, set.clone_for_fork());
    EXPECT_EQ(pages_of(copy), (Pages { { 10, 20 }, { 30, 40 } }));
    ASSERT_TRUE(copy.remove(10 * kPage, 20 * kPage).has_value());
    EXPECT_EQ(set.size(), 3U);
}

TEST(VmaSetTest, IsValid_RejectsOverlapAndMisalignment)
{
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(anonymous(10, 20)).has_value());
    EXPECT_TRUE(set.is_valid(kPage, kTop));
    EXPECT_FALSE(set.is_valid(kPage, 15 * kPage));
    set.at(0).end = 20 * kPage + 1;
    EXPECT_FALSE(set.is_valid(kPage, kTop));
}

// --- VMAs that map an object: vm_ops->open and ->close ----------------------

TEST(VmaSetTest, InsertOfAnObjectVma_OpensItOnce)
{
    // mmap_region calls no open for the new VMA, but shm_mmap's own
    // __shm_open counts it: one attach per inserted VMA.
    const auto object = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20)).has_value());
    EXPECT_EQ(object->opens, 1);
    EXPECT_EQ(object->closes, 0);
}

TEST(VmaSetTest, SplitAtOfAnObjectVma_OpensTheNewHalfAndMovesItsOffset)
{
    // __split_vma: "if (new->vm_ops && new->vm_ops->open)
    // new->vm_ops->open(new)", and the upper half's vm_pgoff grows by the
    // pages below the split.
    const auto object = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20, 2 * kPage)).has_value());
    ASSERT_TRUE(set.split_at(13 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 13 }, { 13, 20 } }));
    EXPECT_EQ(set.at(0).object_offset, 2 * kPage);
    EXPECT_EQ(set.at(1).object_offset, 5 * kPage);
    EXPECT_EQ(set.at(1).object.get(), object.get());
    EXPECT_EQ(object->opens, 2);
    EXPECT_EQ(object->closes, 0);
}

TEST(VmaSetTest, RemoveOfAWholeObjectVma_ClosesIt)
{
    // remove_vma: "if (vma->vm_ops && vma->vm_ops->close)".
    const auto object = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20)).has_value());
    ASSERT_TRUE(set.remove(5 * kPage, 25 * kPage).has_value());
    EXPECT_TRUE(set.is_empty());
    EXPECT_EQ(object->opens, 1);
    EXPECT_EQ(object->closes, 1);
    EXPECT_EQ(object->ref_count(), 1U);
}

TEST(VmaSetTest, RemoveOfOneEndOfAnObjectVma_OpensAndClosesOnce)
{
    // An unmap of one end is a split (open) and the cut part's close: the
    // count of VMAs is the same as before.
    const auto object = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20)).has_value());
    ASSERT_TRUE(set.remove(10 * kPage, 12 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 12, 20 } }));
    EXPECT_EQ(set.at(0).object_offset, 2 * kPage);
    EXPECT_EQ(object->opens, 2);
    EXPECT_EQ(object->closes, 1);
    ASSERT_TRUE(set.remove(18 * kPage, 20 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 12, 18 } }));
    EXPECT_EQ(set.at(0).object_offset, 2 * kPage);
    EXPECT_EQ(object->opens, 3);
    EXPECT_EQ(object->closes, 2);
    EXPECT_EQ(object->open_vmas(), 1);
}

TEST(VmaSetTest, RemoveOfAHoleInAnObjectVma_IsOneMoreVmaWithTheUpperOffsetRight)
{
    // Two splits (two opens) and the middle's close: net one VMA more; the
    // upper piece maps the object from where it did before.
    const auto object = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20, kPage)).has_value());
    ASSERT_TRUE(set.remove(12 * kPage, 14 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 12 }, { 14, 20 } }));
    EXPECT_EQ(set.at(0).object_offset, kPage);
    EXPECT_EQ(set.at(1).object_offset, 5 * kPage);
    EXPECT_EQ(object->opens, 3);
    EXPECT_EQ(object->closes, 1);
    EXPECT_EQ(object->open_vmas(), 2);
}

TEST(VmaSetTest, RemoveAcrossObjectVmas_ClosesWholeOnesAndCutsTheEnds)
{
    const auto object = CountingMappedObject::make(30 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20)).has_value());
    ASSERT_TRUE(set.insert(object_vma(object, 20, 30, 10 * kPage)).has_value());
    ASSERT_TRUE(set.insert(object_vma(object, 30, 40, 20 * kPage)).has_value());
    ASSERT_TRUE(set.remove(15 * kPage, 35 * kPage).has_value());
    EXPECT_EQ(pages_of(set), (Pages { { 10, 15 }, { 35, 40 } }));
    EXPECT_EQ(set.at(1).object_offset, 25 * kPage);
    EXPECT_EQ(object->open_vmas(), 2);
}

TEST(VmaSetTest, CloneForFork_OpensEachCopiedObjectVmaButNotMadvDontforkOnes)
{
    // dup_mmap: "if (tmp->vm_ops && tmp->vm_ops->open)" for each copied
    // VMA; VM_DONTCOPY ones are not copied, so not opened.
    const auto object = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20)).has_value());
    mm::Vma kept = object_vma(object, 30, 40);
    ASSERT_TRUE(set.insert(kept).has_value());
    mm::Vma dont_fork = object_vma(object, 50, 60);
    dont_fork.flags.dont_fork = true;
    ASSERT_TRUE(set.insert(dont_fork).has_value());
    ASSERT_TRUE(set.insert(anonymous(70, 80)).has_value());
    ASSERT_EQ(object->opens, 3);
    ASSERT_OK_AND_ASSIGN(mm::VmaSet copy, set.clone_for_fork());
    EXPECT_EQ(pages_of(copy), (Pages { { 10, 20 }, { 30, 40 }, { 70, 80 } }));
    EXPECT_EQ(object->opens, 5);
    EXPECT_EQ(object->closes, 0);
}

TEST(VmaSetTest, CloneForFork_OutOfMemory_OpensNothing)
{
    const auto object = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(object, 10, 20)).has_value());
    host::fail_allocation_after(0);
    EXPECT_EQ(errno_of(set.clone_for_fork()), ENOMEM);
    host::stop_failing_allocations();
    EXPECT_EQ(object->opens, 1);
    EXPECT_EQ(object->closes, 0);
}

TEST(VmaSetTest, Destruction_ClosesEveryObjectVma)
{
    // exit_mmap: remove_vma of each VMA.
    const auto object = CountingMappedObject::make(10 * kPage);
    {
        mm::VmaSet set;
        ASSERT_TRUE(set.insert(object_vma(object, 10, 20)).has_value());
        ASSERT_TRUE(set.insert(object_vma(object, 30, 40)).has_value());
        ASSERT_TRUE(set.insert(anonymous(50, 60)).has_value());
        ASSERT_TRUE(set.split_at(15 * kPage).has_value());
        ASSERT_EQ(object->open_vmas(), 3);
    }
    EXPECT_EQ(object->open_vmas(), 0);
    EXPECT_EQ(object->closes, 3);
    EXPECT_EQ(object->ref_count(), 1U);
}

TEST(VmaSetTest, MoveAssignment_ClosesTheVmasItReplaces)
{
    const auto replaced = CountingMappedObject::make(10 * kPage);
    const auto moved = CountingMappedObject::make(10 * kPage);
    mm::VmaSet set;
    ASSERT_TRUE(set.insert(object_vma(replaced, 10, 20)).has_value());
    ASSERT_TRUE(set.insert(object_vma(replaced, 30, 40)).has_value());
    mm::VmaSet other;
    ASSERT_TRUE(other.insert(object_vma(moved, 50, 60)).has_value());
    set = std::move(other);
    EXPECT_EQ(replaced->closes, 2);
    EXPECT_EQ(replaced->ref_count(), 1U);
    // The moved VMAs are not new: no open, no close.
    EXPECT_EQ(moved->opens, 1);
    EXPECT_EQ(moved->closes, 0);
    EXPECT_EQ(pages_of(set), (Pages { { 50, 60 } }));
}

} // namespace
} // namespace sirius::testing
