// madvise(2) as Linux 6.18's do_madvise, madvise_walk_vmas and
// madvise_vma_behavior have it for anonymous memory: one test per rule,
// each checked on the host first.
#include "tests/unit/support/mm_fixture.h"

namespace sirius::testing {
namespace {

class MadviseTest : public MemoryTest {
protected:
    void SetUp() override
    {
        MemoryTest::SetUp();
        ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    }
    void fill(u64 address, u64 length, u8 value)
    {
        for (u64 at = address; at < address + length; at += kPage) {
            ASSERT_EQ(write_byte(at, value), mm::FaultOutcome::Resolved);
        }
    }
};

TEST_F(MadviseTest, UnknownAdvice_IsEinval)
{
    // madvise(2) EINVAL: "advice is not a valid." Checked before anything
    // else, a zero length included.
    EXPECT_EQ(advise(kBase, kPage, 999), -EINVAL);
    EXPECT_EQ(advise(kBase, 0, 999), -EINVAL);
    EXPECT_EQ(advise(kBase, kPage, 5), -EINVAL);
    EXPECT_EQ(advise(kBase, kPage, 26), -EINVAL);
}

TEST_F(MadviseTest, GuardRegionsAndMemoryFailure_AreEinval)
{
    // MADV_GUARD_INSTALL/REMOVE (102, 103; Linux 6.13) are not in the 6.1
    // UAPI headers; MADV_HWPOISON and MADV_SOFT_OFFLINE are refused as by a
    // kernel without CONFIG_MEMORY_FAILURE.
    EXPECT_EQ(advise(kBase, kPage, 102), -EINVAL);
    EXPECT_EQ(advise(kBase, kPage, 103), -EINVAL);
    EXPECT_EQ(advise(kBase, kPage, MADV_HWPOISON), -EINVAL);
    EXPECT_EQ(advise(kBase, kPage, MADV_SOFT_OFFLINE), -EINVAL);
}

TEST_F(MadviseTest, Misaligned_IsEinval)
{
    EXPECT_EQ(advise(kBase + 1, kPage, MADV_NORMAL), -EINVAL);
    EXPECT_EQ(advise(kBase + 1, 0, MADV_NORMAL), -EINVAL);
}

TEST_F(MadviseTest, NegativeLength_IsEinval)
{
    // "Check to see whether len was rounded up from small -ve to zero", and
    // a range that wraps.
    EXPECT_EQ(advise(kBase, ~u64 { 0 }, MADV_NORMAL), -EINVAL);
    EXPECT_EQ(advise(kBase, ~u64 { 0 } - kPage + 1, MADV_NORMAL), -EINVAL);
}

TEST_F(MadviseTest, ZeroLength_Succeeds)
{
    EXPECT_EQ(advise(kBase, 0, MADV_DONTNEED), 0);
    EXPECT_EQ(advise(0x500000000, 0, MADV_DONTNEED), 0);
}

TEST_F(MadviseTest, Unmapped_IsEnomem)
{
    // madvise(2) ENOMEM: "Addresses in the specified range are not
    // currently mapped".
    EXPECT_EQ(advise(0x500000000, kPage, MADV_NORMAL), -ENOMEM);
    EXPECT_EQ(advise(kTaskSize, kPage, MADV_NORMAL), -ENOMEM);
}

TEST_F(MadviseTest, EveryValidAdvice_IsAcceptedForPrivateMemory)
{
    for (const int advice : { MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_DONTFORK, MADV_DOFORK,
             MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP, MADV_WIPEONFORK, MADV_KEEPONFORK,
             MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_DONTNEED_LOCKED }) {
        EXPECT_EQ(advise(kBase, 4 * kPage, advice), 0) << advice;
    }
    // Linux: private memory has no file to remove from, and 4 pages cannot
    // become a huge page.
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_REMOVE), -EINVAL);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_COLLAPSE), -EINVAL);
    EXPECT_EQ(memory->vma_count(), 1U);
}

TEST_F(MadviseTest, EveryValidAdvice_ForSharedMemory)
{
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase));
    for (const int advice : { MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_REMOVE, MADV_DONTFORK,
             MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP, MADV_KEEPONFORK,
             MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_DONTNEED_LOCKED }) {
        EXPECT_EQ(advise(kBase, 4 * kPage, advice), 0) << advice;
    }
    // MADV_FREE is for anonymous (not shmem) memory, MADV_WIPEONFORK for
    // private memory.
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_FREE), -EINVAL);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_WIPEONFORK), -EINVAL);
}

TEST_F(MadviseTest, DontneedOnPrivateMemory_ReadsZeroesNext)
{
    // madvise(2) MADV_DONTNEED: "subsequent accesses of pages in the range
    // will succeed, but will result in ... zero-fill-on-demand pages for
    // anonymous private mappings."
    fill(kBase, 4 * kPage, 7);
    EXPECT_EQ(advise(kBase + kPage, 2 * kPage, MADV_DONTNEED), 0);
    EXPECT_FALSE(backed(kBase + kPage));
    EXPECT_EQ(byte_at(kBase + kPage), 0);
    EXPECT_EQ(byte_at(kBase + 2 * kPage), 0);
    EXPECT_EQ(byte_at(kBase), 7);
    EXPECT_EQ(byte_at(kBase + 3 * kPage), 7);
    EXPECT_EQ(memory->vma_count(), 1U);
}

TEST_F(MadviseTest, DontneedOnSharedMemory_KeepsTheContents)
{
    // The pages of a shared mapping live in its shmem object: they read
    // back the same (host: 7 after MADV_DONTNEED).
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase));
    fill(kBase, 4 * kPage, 7);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_DONTNEED), 0);
    EXPECT_EQ(byte_at(kBase), 7);
}

TEST_F(MadviseTest, RemoveOnSharedMemory_ReadsZeroes)
{
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase));
    fill(kBase, 4 * kPage, 7);
    EXPECT_EQ(advise(kBase, 2 * kPage, MADV_REMOVE), 0);
    EXPECT_EQ(byte_at(kBase), 0);
    EXPECT_EQ(byte_at(kBase + 2 * kPage), 7);
}

TEST_F(MadviseTest, FreeOnPrivateMemory_KeepsTheContentsWithoutPressure)
{
    fill(kBase, 4 * kPage, 7);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_FREE), 0);
    EXPECT_EQ(byte_at(kBase), 7);
}

TEST_F(MadviseTest, DontneedOverAHole_AppliesToTheMappedPartsAndIsEnomem)
{
    // madvise_walk_vmas: "If the interval [start,end) covers some unmapped
    // address ranges, just ignore them, but return -ENOMEM at the end."
    ASSERT_EQ(unmap(kBase + kPage, kPage), 0);
    fill(kBase, kPage, 7);
    fill(kBase + 2 * kPage, 2 * kPage, 7);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_DONTNEED), -ENOMEM);
    EXPECT_EQ(byte_at(kBase), 0);
    EXPECT_EQ(byte_at(kBase + 3 * kPage), 0);
    fill(kBase, kPage, 7);
    fill(kBase + 2 * kPage, 2 * kPage, 7);
    // Starting in the hole: the part after it is still advised.
    EXPECT_EQ(advise(kBase + kPage, 3 * kPage, MADV_DONTNEED), -ENOMEM);
    EXPECT_EQ(byte_at(kBase), 7);
    EXPECT_EQ(byte_at(kBase + 2 * kPage), 0);
}

TEST_F(MadviseTest, DontneedOnProtNone_Succeeds)
{
    ASSERT_EQ(protect(kBase, 4 * kPage, PROT_NONE), 0);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_DONTNEED), 0);
}

TEST_F(MadviseTest, Populate_BacksThePages)
{
    EXPECT_EQ(advise(kBase, 2 * kPage, MADV_POPULATE_WRITE), 0);
    EXPECT_TRUE(space->is_mapped(kBase, 2 * kPage));
    EXPECT_FALSE(backed(kBase + 2 * kPage));
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_POPULATE_READ), 0);
    EXPECT_TRUE(space->is_mapped(kBase, 4 * kPage));
}

TEST_F(MadviseTest, PopulateWithoutTheAccess_IsEinval)
{
    // madvise(2) MADV_POPULATE_(READ|WRITE) EINVAL: "... on VM_PFNMAP or
    // VM_IO ... or ... without the corresponding protection" (host:
    // POPULATE_WRITE on PROT_READ and POPULATE_READ on PROT_NONE).
    ASSERT_EQ(protect(kBase, 2 * kPage, PROT_READ), 0);
    ASSERT_EQ(protect(kBase + 2 * kPage, 2 * kPage, PROT_NONE), 0);
    EXPECT_EQ(advise(kBase, kPage, MADV_POPULATE_WRITE), -EINVAL);
    EXPECT_EQ(advise(kBase, kPage, MADV_POPULATE_READ), 0);
    EXPECT_EQ(advise(kBase + 2 * kPage, kPage, MADV_POPULATE_READ), -EINVAL);
}

TEST_F(MadviseTest, PopulateOverAHole_IsEnomemAtOnce)
{
    // madvise_populate stops at the hole (host: ENOMEM whether the range
    // starts in it or runs into it).
    ASSERT_EQ(unmap(kBase + kPage, kPage), 0);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_POPULATE_READ), -ENOMEM);
    EXPECT_TRUE(backed(kBase));
    EXPECT_FALSE(backed(kBase + 2 * kPage));
    EXPECT_EQ(advise(kBase + kPage, 3 * kPage, MADV_POPULATE_READ), -ENOMEM);
}

TEST_F(MadviseTest, DontforkAndWipeonfork_SplitTheVma)
{
    // They change vm_flags: the VMA splits (host: 4 VMAs for one of each).
    EXPECT_EQ(advise(kBase, kPage, MADV_DONTFORK), 0);
    EXPECT_EQ(advise(kBase + 2 * kPage, kPage, MADV_WIPEONFORK), 0);
    EXPECT_EQ(memory->vma_count(), 4U);
    EXPECT_TRUE(vma_at(kBase).flags.dont_fork);
    EXPECT_TRUE(vma_at(kBase + 2 * kPage).flags.wipe_on_fork);
    // Undone, the VMAs merge again.
    EXPECT_EQ(advise(kBase, kPage, MADV_DOFORK), 0);
    EXPECT_EQ(advise(kBase + 2 * kPage, kPage, MADV_KEEPONFORK), 0);
    EXPECT_EQ(memory->vma_count(), 1U);
}

TEST_F(MadviseTest, Dontdump_IsRecorded)
{
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_DONTDUMP), 0);
    EXPECT_TRUE(vma_at(kBase).flags.dont_dump);
    EXPECT_EQ(advise(kBase, 4 * kPage, MADV_DODUMP), 0);
    EXPECT_FALSE(vma_at(kBase).flags.dont_dump);
}

} // namespace
} // namespace sirius::testing
