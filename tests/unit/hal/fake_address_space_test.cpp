// The host's FakeAddressSpace keeps the hal::AddressSpace contract the mm
// tests rely on: zero-filled pages, shared pages shared across fork, private
// ones copied, move_pages moving bytes, copies across adjacent regions, and
// user access checked against the protection.
#include <cstring>
#include <gtest/gtest.h>

#include "platform/host/fake_address_space.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kPage = host::kPageSize;
constexpr u64 kBase = 0x300000000;

class FakeAddressSpaceTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto created = host::FakeAddressSpace::create();
        ASSERT_TRUE(created.has_value());
        space = created.release_value();
    }
    u8 read(host::FakeAddressSpace& from, u64 address)
    {
        u8 value = 0xee;
        EXPECT_TRUE(from.copy_from_user(&value, UserAddress(address), 1).has_value());
        return value;
    }
    void write(host::FakeAddressSpace& to, u64 address, u8 value) { ASSERT_TRUE(to.copy_to_user(UserAddress(address), &value, 1).has_value()); }

    RefPtr<host::FakeAddressSpace> space;
};

TEST_F(FakeAddressSpaceTest, Map_IsZeroFilledAndReplaces)
{
    ASSERT_TRUE(space->map(UserAddress(kBase), 2 * kPage, hal::Protection::ReadWrite, hal::Sharing::Private).has_value());
    write(*space, kBase + 5, 9);
    ASSERT_TRUE(space->map(UserAddress(kBase), kPage, hal::Protection::ReadWrite, hal::Sharing::Private).has_value());
    EXPECT_EQ(read(*space, kBase + 5), 0);
    EXPECT_EQ(errno_of(space->map(UserAddress(kBase + 1), kPage, hal::Protection::Read, hal::Sharing::Private)), EINVAL);
    EXPECT_EQ(errno_of(space->map(UserAddress(kBase), 0, hal::Protection::Read, hal::Sharing::Private)), EINVAL);
}

TEST_F(FakeAddressSpaceTest, CopiesCrossAdjacentRegions)
{
    ASSERT_TRUE(space->map(UserAddress(kBase), kPage, hal::Protection::ReadWrite, hal::Sharing::Private).has_value());
    ASSERT_TRUE(space->map(UserAddress(kBase + kPage), kPage, hal::Protection::ReadWrite, hal::Sharing::Shared).has_value());
    const char text[] = "across the boundary";
    ASSERT_TRUE(space->copy_to_user(UserAddress(kBase + kPage - 6), text, sizeof(text)).has_value());
    char back[sizeof(text)] = {};
    ASSERT_TRUE(space->copy_from_user(back, UserAddress(kBase + kPage - 6), sizeof(back)).has_value());
    EXPECT_STREQ(back, text);
    EXPECT_TRUE(space->is_mapped(kBase, 2 * kPage));
    // Running off the end is EFAULT, and nothing is written.
    EXPECT_EQ(errno_of(space->copy_to_user(UserAddress(kBase + 2 * kPage - 2), text, sizeof(text))), EFAULT);
}

TEST_F(FakeAddressSpaceTest, UserAccess_FollowsTheProtection)
{
    ASSERT_TRUE(space->map(UserAddress(kBase), 3 * kPage, hal::Protection::ReadWrite, hal::Sharing::Private).has_value());
    ASSERT_TRUE(space->protect(UserAddress(kBase + kPage), kPage, hal::Protection::Read).has_value());
    ASSERT_TRUE(space->protect(UserAddress(kBase + 2 * kPage), kPage, hal::Protection::None).has_value());
    const u8 value = 1;
    EXPECT_EQ(errno_of(space->copy_to_user(UserAddress(kBase + kPage), &value, 1)), EFAULT);
    EXPECT_EQ(read(*space, kBase + kPage), 0);
    u8 out = 0;
    EXPECT_EQ(errno_of(space->copy_from_user(&out, UserAddress(kBase + 2 * kPage), 1)), EFAULT);
    EXPECT_EQ(space->protection_at(kBase), hal::Protection::ReadWrite);
    EXPECT_EQ(space->protection_at(kBase + kPage), hal::Protection::Read);
}

TEST_F(FakeAddressSpaceTest, PartialUnmap_KeepsTheRest)
{
    ASSERT_TRUE(space->map(UserAddress(kBase), 3 * kPage, hal::Protection::ReadWrite, hal::Sharing::Private).has_value());
    write(*space, kBase + 2 * kPage, 4);
    ASSERT_TRUE(space->unmap(UserAddress(kBase + kPage), kPage).has_value());
    EXPECT_FALSE(space->is_mapped(kBase + kPage, 1));
    EXPECT_EQ(read(*space, kBase + 2 * kPage), 4);
    EXPECT_EQ(space->backed_bytes(), 2 * kPage);
    EXPECT_EQ(errno_of(space->translate(UserAddress(kBase + kPage))), EFAULT);
}

TEST_F(FakeAddressSpaceTest, Fork_CopiesPrivateAndSharesSharedPages)
{
    ASSERT_TRUE(space->map(UserAddress(kBase), kPage, hal::Protection::ReadWrite, hal::Sharing::Private).has_value());
    ASSERT_TRUE(space->map(UserAddress(kBase + kPage), kPage, hal::Protection::ReadWrite, hal::Sharing::Shared).has_value());
    write(*space, kBase, 1);
    ASSERT_OK_AND_ASSIGN(auto cloned, space->clone_for_fork());
    auto& child = static_cast<host::FakeAddressSpace&>(*cloned);
    EXPECT_EQ(space->clone_count(), 1U);
    write(*space, kBase, 2);
    write(child, kBase + kPage, 3);
    EXPECT_EQ(read(child, kBase), 1);
    EXPECT_EQ(read(*space, kBase + kPage), 3);
    EXPECT_EQ(child.translate(UserAddress(kBase + kPage)).value(), space->translate(UserAddress(kBase + kPage)).value());
    EXPECT_NE(child.translate(UserAddress(kBase)).value(), space->translate(UserAddress(kBase)).value());
}

TEST_F(FakeAddressSpaceTest, MovePages_MovesBytesAndFrames)
{
    ASSERT_TRUE(space->map(UserAddress(kBase), 2 * kPage, hal::Protection::Read, hal::Sharing::Private).has_value());
    std::memset(space->bytes_at(kBase), 6, 2 * kPage);
    const u64 frame = space->translate(UserAddress(kBase)).value();
    ASSERT_TRUE(space->move_pages(UserAddress(kBase), UserAddress(kBase + 8 * kPage), 2 * kPage).has_value());
    EXPECT_FALSE(space->is_mapped(kBase, 1));
    EXPECT_EQ(read(*space, kBase + 9 * kPage), 6);
    EXPECT_EQ(space->translate(UserAddress(kBase + 8 * kPage)).value(), frame);
    EXPECT_EQ(space->protection_at(kBase + 8 * kPage), hal::Protection::Read);
    // The preconditions, broken: overlapping ranges, a destination with
    // pages.
    EXPECT_EQ(errno_of(space->move_pages(UserAddress(kBase + 8 * kPage), UserAddress(kBase + 9 * kPage), 2 * kPage)), EINVAL);
    ASSERT_TRUE(space->map(UserAddress(kBase), kPage, hal::Protection::Read, hal::Sharing::Private).has_value());
    EXPECT_EQ(errno_of(space->move_pages(UserAddress(kBase + 8 * kPage), UserAddress(kBase), kPage)), EINVAL);
}

TEST_F(FakeAddressSpaceTest, MapObject_TwoSpacesShareTheObjectsPageBytes)
{
    // A memory object's page is one page wherever it is mapped: a write
    // through one address space is read through the other, at any address.
    host::FakeMmu mmu;
    ASSERT_OK_AND_ASSIGN(auto object, mmu.create_memory_object(4));
    ASSERT_OK_AND_ASSIGN(auto other, host::FakeAddressSpace::create());
    ASSERT_TRUE(space->map_object(UserAddress(kBase), 2 * kPage, *object, 1, hal::Protection::ReadWrite).has_value());
    ASSERT_TRUE(other->map_object(UserAddress(kBase + 16 * kPage), kPage, *object, 2, hal::Protection::Read).has_value());
    EXPECT_EQ(read(*other, kBase + 16 * kPage + 7), 0);
    write(*space, kBase + kPage + 7, 42);
    EXPECT_EQ(read(*other, kBase + 16 * kPage + 7), 42);
    EXPECT_EQ(space->translate(UserAddress(kBase + kPage)).value(), other->translate(UserAddress(kBase + 16 * kPage)).value());
    EXPECT_EQ(other->protection_at(kBase + 16 * kPage), hal::Protection::Read);
    // Shared: fork's copy keeps the same page.
    ASSERT_OK_AND_ASSIGN(auto cloned, space->clone_for_fork());
    auto& child = static_cast<host::FakeAddressSpace&>(*cloned);
    write(child, kBase + 7, 9);
    EXPECT_EQ(read(*space, kBase + 7), 9);
}

TEST_F(FakeAddressSpaceTest, MapObject_ResidentPagesCountsThePagesMade)
{
    // Pages are made the first time any space maps them, and only once.
    host::FakeMmu mmu;
    ASSERT_OK_AND_ASSIGN(auto object, mmu.create_memory_object(8));
    EXPECT_EQ(object->page_count(), 8U);
    EXPECT_EQ(object->resident_pages(), 0U);
    ASSERT_TRUE(space->map_object(UserAddress(kBase), 2 * kPage, *object, 3, hal::Protection::ReadWrite).has_value());
    EXPECT_EQ(object->resident_pages(), 2U);
    ASSERT_TRUE(space->map_object(UserAddress(kBase + 8 * kPage), 3 * kPage, *object, 4, hal::Protection::ReadWrite).has_value());
    EXPECT_EQ(object->resident_pages(), 4U);
    // Unmapping leaves them to the object.
    ASSERT_TRUE(space->unmap(UserAddress(kBase), 16 * kPage).has_value());
    EXPECT_EQ(object->resident_pages(), 4U);
}

TEST_F(FakeAddressSpaceTest, MapObject_PastTheObject_IsEinvalAndMapsNothing)
{
    // The precondition, broken: pages beyond the object's end.
    host::FakeMmu mmu;
    ASSERT_OK_AND_ASSIGN(auto object, mmu.create_memory_object(2));
    EXPECT_EQ(errno_of(space->map_object(UserAddress(kBase), 2 * kPage, *object, 1, hal::Protection::ReadWrite)), EINVAL);
    EXPECT_EQ(errno_of(space->map_object(UserAddress(kBase), kPage, *object, 2, hal::Protection::ReadWrite)), EINVAL);
    EXPECT_FALSE(space->is_mapped(kBase, 1));
    EXPECT_EQ(object->resident_pages(), 0U);
}

} // namespace
} // namespace sirius::testing
