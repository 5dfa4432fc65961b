// MemoryDescriptor::map_object: do_shmat's do_mmap of a shmem file - where
// the mapping goes, its pages coming with faults (shmem_fault) and shared by
// every mapping of the object, SIGBUS past the object, VM_MAYWRITE, fork and
// RLIMIT_AS.
#include "tests/unit/support/counting_mapped_object.h"
#include "tests/unit/support/mm_fixture.h"

namespace sirius::testing {
namespace {

class MapObjectTest : public MemoryTest {
protected:
    // The syscalls' shape: the address, or -errno.
    i64 map_object(const RefPtr<CountingMappedObject>& object, u64 address, bool fixed, u64 prot = kRw, bool writable = true)
    {
        auto result = memory->map_object(object, UserAddress(address), fixed, prot, writable, caller);
        return result.is_error() ? -static_cast<i64>(result.error().code()) : static_cast<i64>(result.value().value());
    }

    // A second process's memory, over its own FakeAddressSpace.
    struct OtherProcess {
        host::FakeAddressSpace* space { nullptr };
        RefPtr<mm::MemoryDescriptor> memory;
    };
    OtherProcess other_process()
    {
        OtherProcess other;
        auto space = host::FakeAddressSpace::create();
        EXPECT_TRUE(space.has_value());
        other.space = space.value().get();
        auto created = mm::MemoryDescriptor::create(RefPtr<hal::AddressSpace>(space.release_value()), mmu, scheduler);
        EXPECT_TRUE(created.has_value());
        other.memory = created.release_value();
        return other;
    }
};

TEST_F(MapObjectTest, NotFixed_FindsRoomForTheObjectRoundedUpToPages)
{
    // do_shmat: "size = i_size_read(file_inode(file))", mapped whole; the
    // VMA ends at the page after the object's last byte.
    const auto object = CountingMappedObject::make((2 * kPage) + 100);
    const i64 address = map_object(object, 0, false);
    ASSERT_GT(address, 0);
    EXPECT_EQ(static_cast<u64>(address) % kPage, 0U);
    const mm::Vma vma = vma_at(static_cast<u64>(address));
    EXPECT_EQ(vma.start, static_cast<u64>(address));
    EXPECT_EQ(vma.size(), 3 * kPage);
    EXPECT_EQ(vma.kind, mm::VmaKind::Object);
    EXPECT_TRUE(vma.flags.shared);
    EXPECT_EQ(vma.object_offset, 0U);
    EXPECT_EQ(vma.object.get(), object.get());
    EXPECT_EQ(object->opens, 1);
    // The pages come with faults, none now.
    EXPECT_FALSE(backed(static_cast<u64>(address)));
    EXPECT_EQ(object->memory().resident_pages(), 0U);
}

TEST_F(MapObjectTest, Fixed_ReplacesWhatWasThere)
{
    // do_shmat passes MAP_FIXED with an address: the old mapping goes.
    ASSERT_EQ(map(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase + kPage, 7), mm::FaultOutcome::Resolved);
    const auto object = CountingMappedObject::make(2 * kPage);
    EXPECT_EQ(map_object(object, kBase + kPage, true), static_cast<i64>(kBase + kPage));
    EXPECT_EQ(vma_at(kBase).end, kBase + kPage);
    EXPECT_EQ(vma_at(kBase + kPage).kind, mm::VmaKind::Object);
    EXPECT_EQ(vma_at(kBase + kPage).end, kBase + 3 * kPage);
    EXPECT_EQ(vma_at(kBase + 3 * kPage).kind, mm::VmaKind::Anonymous);
    // The old page is gone; the object's reads zero.
    EXPECT_FALSE(backed(kBase + kPage));
    EXPECT_EQ(byte_at(kBase + kPage), 0);
}

TEST_F(MapObjectTest, Fault_MapsTheObjectsPage_SoTwoProcessesSeeEachOthersWrites)
{
    // shmem_fault: the page of the object at the VMA's offset, the same
    // page for every mapping of it.
    const auto object = CountingMappedObject::make(4 * kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    OtherProcess other = other_process();
    const auto placed = other.memory->map_object(object, UserAddress(kBase + 16 * kPage), true, kRw, true, caller);
    ASSERT_TRUE(placed.has_value());
    EXPECT_EQ(object->opens, 2);
    ASSERT_EQ(write_byte(kBase + 2 * kPage + 5, 0x5a), mm::FaultOutcome::Resolved);
    u8 value = 0;
    ASSERT_EQ(read_byte(*other.memory, *other.space, kBase + 18 * kPage + 5, value), mm::FaultOutcome::Resolved);
    EXPECT_EQ(value, 0x5a);
    ASSERT_EQ(write_byte(*other.memory, *other.space, kBase + 16 * kPage, 0x33), mm::FaultOutcome::Resolved);
    EXPECT_EQ(byte_at(kBase), 0x33);
    EXPECT_EQ(object->memory().resident_pages(), 2U);
    other.memory.clear();
    EXPECT_EQ(object->open_vmas(), 1);
}

TEST_F(MapObjectTest, Fault_KeepsTheObjectOffsetOfASplitPiece)
{
    // mprotect splits the VMA; the upper piece still maps the object's
    // pages where they were.
    const auto object = CountingMappedObject::make(4 * kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    ASSERT_EQ(protect(kBase, kPage, PROT_READ), 0);
    EXPECT_EQ(vma_at(kBase + kPage).start, kBase + kPage);
    EXPECT_EQ(vma_at(kBase + kPage).object_offset, kPage);
    EXPECT_EQ(object->open_vmas(), 2);
    ASSERT_EQ(write_byte(kBase + 3 * kPage, 0x44), mm::FaultOutcome::Resolved);
    // Another, unsplit mapping of the object sees the byte at page 3.
    ASSERT_EQ(map_object(object, kBase + 16 * kPage, true), static_cast<i64>(kBase + 16 * kPage));
    EXPECT_EQ(byte_at(kBase + 19 * kPage), 0x44);
}

TEST_F(MapObjectTest, FaultPastTheObjectAfterMremapGrowth_IsBusError)
{
    // shmem_fault beyond i_size: VM_FAULT_SIGBUS. mremap may grow the
    // mapping past the object; the pages it had keep their offsets.
    const auto object = CountingMappedObject::make(2 * kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase + kPage, 0x21), mm::FaultOutcome::Resolved);
    const i64 moved = remap(kBase, 2 * kPage, 4 * kPage, MREMAP_MAYMOVE | MREMAP_FIXED, kBase + 32 * kPage);
    ASSERT_EQ(moved, static_cast<i64>(kBase + 32 * kPage));
    EXPECT_EQ(vma_at(kBase + 32 * kPage).object_offset, 0U);
    EXPECT_EQ(byte_at(kBase + 33 * kPage), 0x21);
    EXPECT_EQ(fault(kBase + 34 * kPage), mm::FaultOutcome::BusError);
    EXPECT_EQ(fault(kBase + 35 * kPage, mm::FaultAccess::Write), mm::FaultOutcome::BusError);
    // MADV_POPULATE_* stops there too (faultin_page_range's EFAULT).
    EXPECT_EQ(advise(kBase + 32 * kPage, 4 * kPage, MADV_POPULATE_WRITE), -EFAULT);
    EXPECT_TRUE(backed(kBase + 32 * kPage));
    // The move opened the new VMA and closed the old one.
    EXPECT_EQ(object->open_vmas(), 1);
}

TEST_F(MapObjectTest, MremapOfThePieceAboveASplit_KeepsItsOffset)
{
    // move_vma: the moved VMA's vm_pgoff is that of the old address.
    const auto object = CountingMappedObject::make(4 * kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase + 2 * kPage, 0x62), mm::FaultOutcome::Resolved);
    ASSERT_EQ(remap(kBase + 2 * kPage, kPage, kPage, MREMAP_MAYMOVE | MREMAP_FIXED, kBase + 32 * kPage), static_cast<i64>(kBase + 32 * kPage));
    EXPECT_EQ(vma_at(kBase + 32 * kPage).object_offset, 2 * kPage);
    EXPECT_EQ(byte_at(kBase + 32 * kPage), 0x62);
    ASSERT_EQ(unmap(kBase + 32 * kPage, kPage), 0);
    ASSERT_EQ(fault(kBase + 32 * kPage), mm::FaultOutcome::MapError);
}

TEST_F(MapObjectTest, MadvPopulateWrite_MakesTheObjectsPages)
{
    const auto object = CountingMappedObject::make(3 * kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    EXPECT_EQ(advise(kBase, 3 * kPage, MADV_POPULATE_WRITE), 0);
    EXPECT_TRUE(space->is_mapped(kBase, 3 * kPage));
    EXPECT_EQ(object->memory().resident_pages(), 3U);
}

TEST_F(MapObjectTest, MadvDontneed_DropsTheMappingButTheObjectKeepsItsBytes)
{
    // A shmem page stays in the page cache: the next touch reads it back.
    const auto object = CountingMappedObject::make(kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase + 9, 0x19), mm::FaultOutcome::Resolved);
    ASSERT_EQ(advise(kBase, kPage, MADV_DONTNEED), 0);
    EXPECT_FALSE(backed(kBase));
    EXPECT_EQ(byte_at(kBase + 9), 0x19);
}

TEST_F(MapObjectTest, MprotectWritableOfAReadOnlyMapping_IsEacces)
{
    // mprotect(2) EACCES: "The memory cannot be given the specified
    // access": VM_MAYWRITE is off for an object mapped read-only
    // (SHM_RDONLY); other changes are allowed.
    const auto object = CountingMappedObject::make(2 * kPage);
    ASSERT_EQ(map_object(object, kBase, true, PROT_READ, false), static_cast<i64>(kBase));
    EXPECT_EQ(protect(kBase, 2 * kPage, kRw), -EACCES);
    EXPECT_EQ(protect(kBase, kPage, PROT_WRITE), -EACCES);
    EXPECT_EQ(vma_at(kBase).protection, hal::Protection::Read);
    EXPECT_EQ(vma_at(kBase).end, kBase + 2 * kPage);
    EXPECT_EQ(protect(kBase, kPage, PROT_NONE), 0);
    EXPECT_EQ(protect(kBase, kPage, PROT_READ), 0);
    // A writable mapping of the same object may drop and regain writing.
    ASSERT_EQ(map_object(object, kBase + 8 * kPage, true, PROT_READ, true), static_cast<i64>(kBase + 8 * kPage));
    EXPECT_EQ(protect(kBase + 8 * kPage, 2 * kPage, kRw), 0);
}

TEST_F(MapObjectTest, Fork_SharesTheObjectsPagesAndOpensTheChildsVmas)
{
    // dup_mmap copies the VMA (vm_ops->open); a shmem page is shared, not
    // copied on write.
    const auto object = CountingMappedObject::make(2 * kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    ASSERT_EQ(write_byte(kBase, 1), mm::FaultOutcome::Resolved);
    ASSERT_OK_AND_ASSIGN(RefPtr<mm::MemoryDescriptor> child, memory->clone_for_fork());
    auto& child_space = static_cast<host::FakeAddressSpace&>(child->address_space());
    EXPECT_EQ(object->open_vmas(), 2);
    ASSERT_EQ(write_byte(*child, child_space, kBase, 2), mm::FaultOutcome::Resolved);
    ASSERT_EQ(write_byte(*child, child_space, kBase + kPage, 3), mm::FaultOutcome::Resolved);
    EXPECT_EQ(byte_at(kBase), 2);
    EXPECT_EQ(byte_at(kBase + kPage), 3);
    child.clear();
    EXPECT_EQ(object->open_vmas(), 1);
}

TEST_F(MapObjectTest, ForkOfAMadvDontforkMapping_LeavesItOutOfTheChild)
{
    const auto object = CountingMappedObject::make(kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    ASSERT_EQ(advise(kBase, kPage, MADV_DONTFORK), 0);
    ASSERT_OK_AND_ASSIGN(RefPtr<mm::MemoryDescriptor> child, memory->clone_for_fork());
    EXPECT_EQ(child->vma_count(), 0U);
    EXPECT_EQ(object->open_vmas(), 1);
}

TEST_F(MapObjectTest, RlimitAs_IsEnomemAndMapsNothing)
{
    // do_mmap -> mmap_region -> may_expand_vm: the object's pages count
    // against RLIMIT_AS; MAP_FIXED counts only what it adds.
    ASSERT_EQ(map(kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    caller.address_space = 4 * kPage;
    const auto object = CountingMappedObject::make(3 * kPage);
    EXPECT_EQ(map_object(object, 0, false), -ENOMEM);
    EXPECT_EQ(map_object(object, kBase + 8 * kPage, true), -ENOMEM);
    EXPECT_EQ(memory->vma_count(), 1U);
    EXPECT_EQ(object->opens, 0);
    // Over the two pages already mapped it adds only one.
    EXPECT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    EXPECT_EQ(object->opens, 1);
}

TEST_F(MapObjectTest, Munmap_ClosesTheVma)
{
    const auto object = CountingMappedObject::make(2 * kPage);
    ASSERT_EQ(map_object(object, kBase, true), static_cast<i64>(kBase));
    ASSERT_EQ(unmap(kBase, 2 * kPage), 0);
    EXPECT_EQ(object->opens, 1);
    EXPECT_EQ(object->closes, 1);
    EXPECT_EQ(object->ref_count(), 1U);
}

} // namespace
} // namespace sirius::testing
