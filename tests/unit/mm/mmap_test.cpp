// mmap(2) and munmap(2) as Linux 6.18's do_mmap, get_unmapped_area
// (arch/x86/kernel/sys_x86_64.c) and do_vmi_munmap have them: one test per
// rule. Each errno and placement was checked on the host with raw syscalls
// first (docs/memory.md lists the less obvious findings).
#include <asm/mman.h>

#include "core/fs/file.h"
#include "tests/unit/support/mm_fixture.h"

namespace sirius::testing {
namespace {

// An open file with any access mode and no mmap operation (every Sirius
// file today).
class UnmappableFile final : public fs::File {
public:
    explicit UnmappableFile(u32 status_flags)
        : File(status_flags)
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Other; }
};

constexpr u64 kReadOnly = 0; // O_RDONLY
constexpr u64 kWriteOnly = 1; // O_WRONLY
constexpr u64 kReadWrite = 2; // O_RDWR

class MmapTest : public MemoryTest { };

TEST_F(MmapTest, ZeroLength_IsEinval)
{
    // mmap(2) EINVAL: "(since Linux 2.6.12) length was 0."
    EXPECT_EQ(map(0, 0, kRw, kPrivate), -EINVAL);
    EXPECT_EQ(memory->vma_count(), 0U);
}

TEST_F(MmapTest, LengthThatOverflowsWhenRounded_IsEnomem)
{
    // do_mmap: "len = PAGE_ALIGN(len); if (!len) return -ENOMEM;"
    EXPECT_EQ(map(0, ~u64 { 0 }, kRw, kPrivate), -ENOMEM);
    EXPECT_EQ(map(0, ~u64 { 0 } - kPage + 2, kRw, kPrivate), -ENOMEM);
}

TEST_F(MmapTest, LengthAboveTaskSize_IsEnomem)
{
    // __get_unmapped_area: "if (len > TASK_SIZE) return -ENOMEM;"
    EXPECT_EQ(map(0, u64 { 1 } << 47, kRw, kPrivate), -ENOMEM);
    EXPECT_EQ(map(0, ~u64 { 0 } - 2 * kPage + 1, kRw, kPrivate), -ENOMEM);
}

TEST_F(MmapTest, NoMappingType_IsEinval)
{
    // mmap(2) EINVAL: "flags contained none of MAP_PRIVATE, MAP_SHARED, or
    // MAP_SHARED_VALIDATE."
    EXPECT_EQ(map(0, kPage, kRw, MAP_ANONYMOUS), -EINVAL);
    EXPECT_EQ(map(0, kPage, kRw, MAP_ANONYMOUS | 0x4), -EINVAL);
    EXPECT_EQ(map(0, kPage, kRw, MAP_ANONYMOUS | MAP_TYPE), -EINVAL);
    EXPECT_EQ(memory->vma_count(), 0U);
}

TEST_F(MmapTest, SharedValidateAnonymous_IsEinval)
{
    // The anonymous branch of do_mmap knows MAP_SHARED and MAP_PRIVATE
    // only (checked on Linux 6.18: EINVAL, with or without extra flags).
    EXPECT_EQ(map(0, kPage, kRw, MAP_ANONYMOUS | MAP_SHARED_VALIDATE), -EINVAL);
    EXPECT_EQ(map(0, kPage, kRw, MAP_ANONYMOUS | MAP_SHARED_VALIDATE | MAP_SYNC), -EINVAL);
}

TEST_F(MmapTest, DroppableType_IsEinvalWithoutItsUapiName)
{
    // MAP_DROPPABLE (0x08, Linux 6.11) is not in the 6.1 UAPI headers
    // Sirius builds with: an unknown mapping type, as before 6.11.
    EXPECT_EQ(map(0, kPage, kRw, MAP_ANONYMOUS | 0x08), -EINVAL);
}

TEST_F(MmapTest, UnknownFlags_AreIgnoredWithoutValidate)
{
    // "We silently ignore unsupported flags with MAP_SHARED to preserve
    // backward compatibility." Unknown prot bits are ignored too.
    EXPECT_GT(map(0, kPage, kRw, kShared | 0x800000), 0);
    EXPECT_GT(map(0, kPage, kRw, kPrivate | 0x800000 | MAP_SYNC), 0);
    EXPECT_GT(map(0, kPage, 0xffffffff, kPrivate), 0);
    EXPECT_GT(map(0, kPage, kRw, kPrivate | MAP_STACK | MAP_NORESERVE | MAP_UNINITIALIZED | MAP_DENYWRITE | MAP_EXECUTABLE), 0);
}

TEST_F(MmapTest, FixedMisaligned_IsEinval)
{
    // mmap(2) EINVAL: "addr ... not aligned on a page boundary" with
    // MAP_FIXED; MAP_FIXED_NOREPLACE implies MAP_FIXED.
    EXPECT_EQ(map(kBase + 1, kPage, kRw, kPrivate | MAP_FIXED), -EINVAL);
    EXPECT_EQ(map(kBase + 1, kPage, kRw, kPrivate | MAP_FIXED_NOREPLACE), -EINVAL);
}

TEST_F(MmapTest, FixedPastTaskSize_IsEnomem)
{
    // __get_unmapped_area: "if (addr > TASK_SIZE - len) return -ENOMEM;",
    // before the alignment check.
    EXPECT_EQ(map(kTaskSize, kPage, kRw, kPrivate | MAP_FIXED), -ENOMEM);
    EXPECT_EQ(map(kTaskSize - kPage, 2 * kPage, kRw, kPrivate | MAP_FIXED), -ENOMEM);
    EXPECT_EQ(map(kTaskSize + 1, kPage, kRw, kPrivate | MAP_FIXED), -ENOMEM);
    EXPECT_EQ(map(kTaskSize - kPage, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kTaskSize - kPage));
}

TEST_F(MmapTest, Fixed_MapsExactlyThere)
{
    ASSERT_EQ(map(kBase, 3 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    const mm::Vma vma = vma_at(kBase);
    EXPECT_EQ(vma.start, kBase);
    EXPECT_EQ(vma.end, kBase + 3 * kPage);
    EXPECT_EQ(vma.protection, hal::Protection::ReadWrite);
    EXPECT_EQ(vma.kind, mm::VmaKind::Anonymous);
    EXPECT_FALSE(vma.flags.shared);
}

TEST_F(MmapTest, FixedOverAMapping_ReplacesItsPart)
{
    // mmap(2) MAP_FIXED: "If the memory region specified by addr and
    // length overlaps pages of any existing mapping(s), then the
    // overlapped part of the existing mapping(s) will be discarded."
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase + kPage, 7), mm::FaultOutcome::Resolved);
    ASSERT_EQ(map(kBase + kPage, 2 * kPage, PROT_READ, kPrivate | MAP_FIXED), static_cast<i64>(kBase + kPage));
    EXPECT_EQ(memory->vma_count(), 3U);
    EXPECT_EQ(vma_at(kBase + kPage).protection, hal::Protection::Read);
    // The new mapping is fresh memory.
    EXPECT_FALSE(backed(kBase + kPage));
    EXPECT_EQ(byte_at(kBase + kPage), 0);
}

TEST_F(MmapTest, FixedNoreplaceOverAMapping_IsEexist)
{
    // mmap(2) MAP_FIXED_NOREPLACE: "If the requested range would collide
    // with an existing mapping, then this call fails with the error
    // EEXIST."
    ASSERT_EQ(map(kBase, 3 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED_NOREPLACE), -EEXIST);
    EXPECT_EQ(map(kBase - 2 * kPage, 3 * kPage, kRw, kPrivate | MAP_FIXED_NOREPLACE), -EEXIST);
    EXPECT_EQ(map(kBase - 2 * kPage, 2 * kPage, kRw, kPrivate | MAP_FIXED_NOREPLACE), static_cast<i64>(kBase - 2 * kPage));
}

TEST_F(MmapTest, FixedNoreplaceCollision_ComesBeforeTheTypeCheck)
{
    // EEXIST is decided right after the address, before the mapping type.
    ASSERT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(map(kBase, kPage, kRw, MAP_ANONYMOUS | MAP_FIXED_NOREPLACE), -EEXIST);
}

TEST_F(MmapTest, Hint_IsUsedWhenFree)
{
    EXPECT_EQ(map(0x200000000, kPage, kRw, kPrivate), 0x200000000);
    // An unaligned hint is rounded down (round_hint_to_min).
    EXPECT_EQ(map(0x200100123, kPage, kRw, kPrivate), 0x200100000);
}

TEST_F(MmapTest, HintInUse_FallsBackToTheTopDownSearch)
{
    ASSERT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    const i64 placed = map(kBase, kPage, kRw, kPrivate);
    EXPECT_EQ(placed, static_cast<i64>(memory->mmap_base() - kPage));
}

TEST_F(MmapTest, HintBelowMmapMinAddr_IsRaisedToIt)
{
    // round_hint_to_min: "If a hint addr is less than mmap_min_addr change
    // hint to be as low as possible but still greater than mmap_min_addr".
    EXPECT_EQ(map(0x2000, kPage, kRw, kPrivate), static_cast<i64>(mm::MemoryDescriptor::kMmapMinAddress));
}

TEST_F(MmapTest, HintPastTaskSize_IsIgnored)
{
    EXPECT_EQ(map(kTaskSize, kPage, kRw, kPrivate), static_cast<i64>(memory->mmap_base() - kPage));
    EXPECT_EQ(map(~u64 { 0 } - kPage + 1, kPage, kRw, kPrivate), static_cast<i64>(memory->mmap_base() - 2 * kPage));
}

TEST_F(MmapTest, FixedBelowMmapMinAddr_NeedsCapSysRawio)
{
    // cap_mmap_addr: below mmap_min_addr, CAP_SYS_RAWIO or EPERM.
    caller.may_map_below_minimum = false;
    EXPECT_EQ(map(0x1000, kPage, kRw, kPrivate | MAP_FIXED), -EPERM);
    EXPECT_EQ(map(0, kPage, kRw, kPrivate | MAP_FIXED), -EPERM);
    caller.may_map_below_minimum = true;
    EXPECT_EQ(map(0x1000, kPage, kRw, kPrivate | MAP_FIXED), 0x1000);
    EXPECT_EQ(map(0, kPage, kRw, kPrivate | MAP_FIXED), 0);
}

TEST_F(MmapTest, Layout_IsTopDownBelowMmapBase)
{
    // arch_pick_mmap_layout without randomization: mmap_base =
    // TASK_SIZE - clamp(RLIMIT_STACK + stack_guard_gap, 128 MiB, 5/6), and
    // the first mappings go right below it (0x7ffff7fff000 for 8 MiB).
    EXPECT_EQ(memory->mmap_base(), 0x7ffff7fff000U);
    EXPECT_EQ(map(0, kPage, kRw, kPrivate), 0x7ffff7ffe000);
    EXPECT_EQ(map(0, 2 * kPage, kRw, kPrivate), 0x7ffff7ffc000);
    EXPECT_EQ(map(0, kPage, kRw, kShared), 0x7ffff7ffb000);
}

TEST_F(MmapTest, Layout_FollowsRlimitStack)
{
    memory->pick_mmap_layout(u64 { 1 } << 30, false);
    EXPECT_EQ(memory->mmap_base(), kTaskSize - (u64 { 1 } << 30) - 256 * kPage);
    // An unlimited stack is held to 5/6 of the address space.
    memory->pick_mmap_layout(mm::CallerLimits::kUnlimited, false);
    EXPECT_EQ(memory->mmap_base(), (kTaskSize - (kTaskSize / 6) * 5 + kPage - 1) & ~(kPage - 1));
}

TEST_F(MmapTest, LegacyLayout_IsBottomUpFromTaskUnmappedBase)
{
    // ADDR_COMPAT_LAYOUT: arch_get_unmapped_area from TASK_SIZE / 3.
    memory->pick_mmap_layout(mm::CallerLimits::kDefaultStack, true);
    const u64 base = ((kTaskSize / 3) + kPage - 1) & ~(kPage - 1);
    EXPECT_EQ(map(0, kPage, kRw, kPrivate), static_cast<i64>(base));
    EXPECT_EQ(map(0, kPage, kRw, kPrivate), static_cast<i64>(base + kPage));
}

TEST_F(MmapTest, HugeAnonymousMapping_IsPmdAligned)
{
    // __get_unmapped_area: a private anonymous mapping of a multiple of
    // PMD_SIZE and no hint gets a PMD-aligned address (host: 2 MiB below
    // 0x7ffff7dc3000 went to 0x7ffff7a00000). Shared memory is not aligned
    // (shmem huge pages are off).
    ASSERT_EQ(map(0, kPage, kRw, kPrivate), 0x7ffff7ffe000);
    EXPECT_EQ(map(0, 2 << 20, kRw, kShared), 0x7ffff7dfe000);
    EXPECT_EQ(map(0, 2 << 20, kRw, kPrivate), 0x7ffff7a00000);
    // With a hint, or a length that is not a multiple: no alignment.
    EXPECT_EQ(map(0, (2 << 20) + kPage, kRw, kPrivate), 0x7ffff7a00000 - (2 << 20) - kPage);
}

TEST_F(MmapTest, Map32Bit_IsBelowTwoGigabytes)
{
    // x86 MAP_32BIT: bottom-up in [1 GiB, 2 GiB).
    EXPECT_EQ(map(0, kPage, kRw, kPrivate | MAP_32BIT), 0x40000000);
    EXPECT_EQ(map(0, kPage, kRw, kPrivate | MAP_32BIT), 0x40001000);
}

TEST_F(MmapTest, SearchKeepsTheGuardGapBelowAGrowsDownVma)
{
    // vm_start_gap: a hint within stack_guard_gap below a GrowsDown VMA is
    // refused; a fixed mapping there is allowed.
    constexpr u64 kStack = 0x700000000;
    ASSERT_EQ(map(kStack, 4 * kPage, kRw, kPrivate | MAP_FIXED | MAP_GROWSDOWN), static_cast<i64>(kStack));
    EXPECT_NE(map(kStack - 16 * kPage, kPage, kRw, kPrivate), static_cast<i64>(kStack - 16 * kPage));
    EXPECT_EQ(map(kStack - 256 * kPage - kPage, kPage, kRw, kPrivate), static_cast<i64>(kStack - 257 * kPage));
    EXPECT_EQ(map(kStack - 32 * kPage, kPage, kRw, kPrivate | MAP_FIXED_NOREPLACE), static_cast<i64>(kStack - 32 * kPage));
}

TEST_F(MmapTest, SharedGrowsDown_IsEinval)
{
    // do_mmap, anonymous MAP_SHARED: "if (vm_flags & (VM_GROWSDOWN|
    // VM_GROWSUP)) return -EINVAL;"
    EXPECT_EQ(map(0, kPage, kRw, kShared | MAP_GROWSDOWN), -EINVAL);
    const i64 stack = map(0, kPage, kRw, kPrivate | MAP_GROWSDOWN);
    ASSERT_GT(stack, 0);
    EXPECT_TRUE(vma_at(static_cast<u64>(stack)).flags.grows_down);
}

TEST_F(MmapTest, PrivateAnonymous_IsDemandZero)
{
    // The VMA is there; no page is until it is touched.
    const i64 address = map(0, 4 * kPage, kRw, kPrivate);
    ASSERT_GT(address, 0);
    const u64 start = static_cast<u64>(address);
    EXPECT_EQ(space->backed_bytes(), 0U);
    EXPECT_EQ(byte_at(start + kPage + 5), 0);
    EXPECT_TRUE(backed(start + kPage));
    EXPECT_FALSE(backed(start));
    EXPECT_EQ(space->backed_bytes(), kPage);
}

TEST_F(MmapTest, Populate_BacksEveryPageNow)
{
    const i64 address = map(0, 4 * kPage, kRw, kPrivate | MAP_POPULATE);
    ASSERT_GT(address, 0);
    EXPECT_TRUE(space->is_mapped(static_cast<u64>(address), 4 * kPage));
    // MAP_NONBLOCK turns MAP_POPULATE off ("(flags & (MAP_POPULATE |
    // MAP_NONBLOCK)) == MAP_POPULATE").
    const i64 lazy = map(0, 4 * kPage, kRw, kPrivate | MAP_POPULATE | MAP_NONBLOCK);
    ASSERT_GT(lazy, 0);
    EXPECT_FALSE(backed(static_cast<u64>(lazy)));
    // MAP_LOCKED populates (Sirius has no mlock accounting).
    const i64 locked = map(0, 2 * kPage, kRw, kPrivate | MAP_LOCKED);
    ASSERT_GT(locked, 0);
    EXPECT_TRUE(space->is_mapped(static_cast<u64>(locked), 2 * kPage));
}

TEST_F(MmapTest, SharedAnonymous_IsBackedAtOnceAsShared)
{
    const i64 address = map(0, 2 * kPage, kRw, kShared);
    ASSERT_GT(address, 0);
    EXPECT_TRUE(space->is_mapped(static_cast<u64>(address), 2 * kPage));
    EXPECT_TRUE(vma_at(static_cast<u64>(address)).flags.shared);
}

TEST_F(MmapTest, SharedAnonymous_BacksWithSharing)
{
    ::testing::NiceMock<MockAddressSpace>* mock = nullptr;
    auto created = try_make_ref<::testing::NiceMock<MockAddressSpace>>();
    ASSERT_TRUE(created.has_value());
    mock = created.value().get();
    ASSERT_OK_AND_ASSIGN(auto other, mm::MemoryDescriptor::create(RefPtr<hal::AddressSpace>(created.release_value()), mmu, scheduler));
    EXPECT_CALL(*mock, map(UserAddress(kBase), 2 * kPage, hal::Protection::ReadWrite, hal::Sharing::Shared));
    ASSERT_TRUE(other->mmap(mm::MmapRequest { kBase, 2 * kPage, kRw, kShared | MAP_FIXED, 0 }, nullptr, caller).has_value());
    // Private memory is not backed by mmap at all.
    EXPECT_CALL(*mock, map(::testing::_, ::testing::_, ::testing::_, ::testing::_)).Times(0);
    ASSERT_TRUE(other->mmap(mm::MmapRequest { kBase + 4 * kPage, 2 * kPage, kRw, kPrivate | MAP_FIXED, 0 }, nullptr, caller).has_value());
}

TEST_F(MmapTest, AdjacentCompatibleMappings_Merge)
{
    ASSERT_EQ(map(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(map(kBase + kPage, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase + kPage));
    ASSERT_EQ(map(kBase + 2 * kPage, kPage, PROT_READ, kPrivate | MAP_FIXED), static_cast<i64>(kBase + 2 * kPage));
    ASSERT_EQ(map(kBase + 3 * kPage, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase + 3 * kPage));
    ASSERT_EQ(map(kBase + 4 * kPage, kPage, kRw, kShared | MAP_FIXED), static_cast<i64>(kBase + 4 * kPage));
    // As /proc/self/maps showed on the host: rw-p x2, r--p, rw-s, rw-s.
    EXPECT_EQ(memory->vma_count(), 4U);
    EXPECT_EQ(vma_at(kBase).end, kBase + 2 * kPage);
}

TEST_F(MmapTest, RlimitAs_IsEnomem)
{
    // mmap(2) ENOMEM: "The process's RLIMIT_AS limit ... would have been
    // exceeded." A MAP_FIXED mapping counts only the pages it adds.
    ASSERT_EQ(map(kBase, 8 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    caller.address_space = 10 * kPage;
    EXPECT_EQ(map(0, 3 * kPage, kRw, kPrivate), -ENOMEM);
    EXPECT_EQ(map(kBase, 8 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(map(kBase, 10 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(map(kBase, 11 * kPage, kRw, kPrivate | MAP_FIXED), -ENOMEM);
    EXPECT_EQ(memory->vma_count(), 1U);
}

TEST_F(MmapTest, RlimitData_CountsPrivateWritableMemoryOnly)
{
    // may_expand_vm: is_data_mapping is private, writable and not a stack.
    caller.data = 4 * kPage;
    caller.data_max = 4 * kPage;
    EXPECT_EQ(map(0, 8 * kPage, kRw, kPrivate), -ENOMEM);
    EXPECT_GT(map(0, 8 * kPage, PROT_READ, kPrivate), 0);
    EXPECT_GT(map(0, 8 * kPage, kRw, kShared), 0);
    EXPECT_GT(map(0, 8 * kPage, kRw, kPrivate | MAP_GROWSDOWN), 0);
    EXPECT_GT(map(0, 4 * kPage, kRw, kPrivate), 0);
}

TEST_F(MmapTest, RlimitDataZero_FallsBackToTheHardLimit)
{
    // may_expand_vm: "Workaround for Valgrind".
    caller.data = 0;
    caller.data_max = 4 * kPage;
    EXPECT_GT(map(0, 4 * kPage, kRw, kPrivate), 0);
    EXPECT_EQ(map(0, kPage, kRw, kPrivate), -ENOMEM);
}

TEST_F(MmapTest, ReadImpliesExec_AddsExec)
{
    caller.read_implies_exec = true;
    const i64 address = map(0, kPage, PROT_READ, kPrivate);
    ASSERT_GT(address, 0);
    EXPECT_EQ(vma_at(static_cast<u64>(address)).protection, hal::Protection::ReadExecute);
}

TEST_F(MmapTest, FileOffsetOverflow_IsEoverflow)
{
    // file_mmap_ok for a device (size limit ULONG_MAX): the last page of
    // the offset space plus the length does not fit (host: a pipe with
    // offset -4096 is EOVERFLOW).
    UnmappableFile file(kReadWrite);
    const u64 last_page = (~u64 { 0 } >> 12);
    EXPECT_EQ(map(0, kPage, PROT_READ, MAP_PRIVATE, last_page, &file), -EOVERFLOW);
    EXPECT_EQ(map(0, kPage, PROT_READ, MAP_PRIVATE, last_page - 1, &file), -ENODEV);
}

TEST_F(MmapTest, FileWithoutMmap_IsEnodev)
{
    // mmap(2) ENODEV: "The underlying filesystem of the specified file does
    // not support memory mapping." No Sirius file maps yet.
    UnmappableFile file(kReadWrite);
    EXPECT_EQ(map(0, kPage, kRw, MAP_PRIVATE, 0, &file), -ENODEV);
    EXPECT_EQ(map(0, kPage, kRw, MAP_SHARED, 0, &file), -ENODEV);
    EXPECT_EQ(map(0, kPage, kRw, MAP_SHARED | MAP_GROWSDOWN, 0, &file), -ENODEV);
    EXPECT_EQ(memory->vma_count(), 0U);
}

TEST_F(MmapTest, FileSharedValidateUnknownFlag_IsEopnotsupp)
{
    // mmap(2) EOPNOTSUPP: "MAP_SHARED_VALIDATE ... unknown flags".
    UnmappableFile file(kReadOnly);
    EXPECT_EQ(map(0, kPage, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, 0, &file), -EOPNOTSUPP);
    EXPECT_EQ(map(0, kPage, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, 0, &file), -EOPNOTSUPP);
    EXPECT_EQ(map(0, kPage, PROT_READ, MAP_SHARED | 0x800000, 0, &file), -ENODEV);
}

TEST_F(MmapTest, FileAccessMode_IsEacces)
{
    // mmap(2) EACCES: "a file mapping was requested, but fd is not open for
    // reading. Or MAP_SHARED was requested and PROT_WRITE is set, but fd is
    // not open in read/write (O_RDWR) mode."
    UnmappableFile read_only(kReadOnly);
    UnmappableFile write_only(kWriteOnly);
    EXPECT_EQ(map(0, kPage, kRw, MAP_SHARED, 0, &read_only), -EACCES);
    EXPECT_EQ(map(0, kPage, kRw, MAP_SHARED_VALIDATE, 0, &read_only), -EACCES);
    EXPECT_EQ(map(0, kPage, kRw, MAP_PRIVATE, 0, &read_only), -ENODEV);
    EXPECT_EQ(map(0, kPage, PROT_READ, MAP_PRIVATE, 0, &write_only), -EACCES);
    EXPECT_EQ(map(0, kPage, PROT_READ, MAP_SHARED, 0, &write_only), -EACCES);
}

TEST_F(MmapTest, FileWithoutType_IsEinval)
{
    UnmappableFile file(kReadWrite);
    EXPECT_EQ(map(0, kPage, PROT_READ, 0, 0, &file), -EINVAL);
}

TEST_F(MmapTest, TooManyMappings_IsEnomem)
{
    // do_mmap: "if (mm->map_count > sysctl_max_map_count) return -ENOMEM;"
    for (u64 i = 0; i <= mm::VmaSet::kMaxMapCount; ++i) {
        ASSERT_GT(map(kBase + (2 * i * kPage), kPage, i % 2 == 0 ? kRw : PROT_READ, kPrivate | MAP_FIXED), 0) << i;
    }
    EXPECT_EQ(map(0, kPage, kRw, kPrivate), -ENOMEM);
}

TEST_F(MmapTest, AllocationFailure_LeavesEverythingAsItWas)
{
    ASSERT_EQ(map(0x400000000, 2 * kPage, PROT_READ, kPrivate | MAP_FIXED | MAP_POPULATE), 0x400000000);
    fill_vmas_to_capacity(kBase);
    const usize count = memory->vma_count();
    EXPECT_EQ(map(0x500000000, kPage, kRw, kPrivate | MAP_FIXED), -ENOMEM);
    EXPECT_EQ(map(0, kPage, kRw, kShared), -ENOMEM);
    // Replacing part of a mapping: the old one stays, pages included.
    EXPECT_EQ(map(0x400000000, kPage, kRw, kPrivate | MAP_FIXED), -ENOMEM);
    EXPECT_EQ(memory->vma_count(), count);
    EXPECT_FALSE(has_vma(0x500000000));
    EXPECT_EQ(vma_at(0x400000000).protection, hal::Protection::Read);
    EXPECT_TRUE(backed(0x400000000));
}

// ---- munmap ----

TEST_F(MmapTest, MunmapMisaligned_IsEinval)
{
    // munmap(2) EINVAL: "addr ... not a multiple of the page size".
    EXPECT_EQ(unmap(kBase + 1, kPage), -EINVAL);
}

TEST_F(MmapTest, MunmapZeroLength_IsEinval)
{
    // "(since Linux 2.6.12) length was 0."
    EXPECT_EQ(unmap(kBase, 0), -EINVAL);
}

TEST_F(MmapTest, MunmapOutsideTheUserHalf_IsEinval)
{
    // do_vmi_munmap: "start > TASK_SIZE || len > TASK_SIZE-start".
    EXPECT_EQ(unmap(kTaskSize + kPage, kPage), -EINVAL);
    EXPECT_EQ(unmap(kTaskSize, kPage), -EINVAL);
    EXPECT_EQ(unmap(kBase, ~u64 { 0 } - kPage + 1), -EINVAL);
    EXPECT_EQ(unmap(kBase, kTaskSize - kBase + 1), -EINVAL);
    EXPECT_EQ(unmap(kBase, kTaskSize - kBase), 0);
}

TEST_F(MmapTest, MunmapOfNothing_Succeeds)
{
    // munmap(2): "It is not an error if the indicated range does not
    // contain any mapped pages."
    EXPECT_EQ(unmap(0x500000000, kPage), 0);
}

TEST_F(MmapTest, PartialMunmap_SplitsTheVma)
{
    ASSERT_EQ(map(kBase, 3 * kPage, kRw, kPrivate | MAP_FIXED | MAP_POPULATE), static_cast<i64>(kBase));
    // The length is rounded up to a page.
    EXPECT_EQ(unmap(kBase + kPage, 1), 0);
    EXPECT_EQ(memory->vma_count(), 2U);
    EXPECT_FALSE(has_vma(kBase + kPage));
    EXPECT_FALSE(backed(kBase + kPage));
    EXPECT_TRUE(backed(kBase));
    EXPECT_TRUE(backed(kBase + 2 * kPage));
    // The hole faults as unmapped.
    EXPECT_EQ(fault(kBase + kPage), mm::FaultOutcome::MapError);
}

TEST_F(MmapTest, MunmapAcrossVmas_RemovesEveryPart)
{
    ASSERT_GT(map(kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED | MAP_POPULATE), 0);
    ASSERT_GT(map(kBase + 3 * kPage, 2 * kPage, kRw, kShared | MAP_FIXED), 0);
    ASSERT_GT(map(kBase + 6 * kPage, 2 * kPage, PROT_READ, kPrivate | MAP_FIXED), 0);
    EXPECT_EQ(unmap(kBase + kPage, 6 * kPage), 0);
    EXPECT_EQ(memory->vma_count(), 2U);
    EXPECT_EQ(vma_at(kBase).end, kBase + kPage);
    EXPECT_EQ(vma_at(kBase + 7 * kPage).start, kBase + 7 * kPage);
    EXPECT_EQ(space->backed_bytes(), kPage);
}

TEST_F(MmapTest, MunmapSplitAtMaxMapCount_IsEnomem)
{
    // A hole inside a VMA needs one more VMA; an end does not.
    for (u64 i = 0; i < mm::VmaSet::kMaxMapCount; ++i) {
        ASSERT_GT(map(kBase + (4 * i * kPage), 3 * kPage, kRw, kPrivate | MAP_FIXED), 0) << i;
    }
    EXPECT_EQ(unmap(kBase + kPage, 1), -ENOMEM);
    EXPECT_TRUE(has_vma(kBase + kPage));
    EXPECT_EQ(unmap(kBase, kPage), 0);
}

} // namespace
} // namespace sirius::testing
