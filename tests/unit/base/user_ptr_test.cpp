// UserPtr<T>: typed, overflow-checked access to user memory; a bad address
// is EFAULT.
#include "core/base/user_ptr.h"
#include "platform/host/fake_address_space.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

class UserPtrTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(space.map(UserAddress(0x10000), 4096, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private).has_value()); }
    host::FakeAddressSpace space;
};

TEST_F(UserPtrTest, WriteThenRead_RoundTrips)
{
    const UserPtr<u64> ptr(0x10008);
    ASSERT_TRUE(ptr.write(space, 0x1122334455667788ULL).has_value());
    auto value = ptr.read(space);
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(value.value(), 0x1122334455667788ULL);
}

TEST_F(UserPtrTest, UnmappedAddress_IsEfault)
{
    EXPECT_EQ(errno_of(UserPtr<u32>(0x20000).read(space)), EFAULT);
    EXPECT_EQ(errno_of(UserPtr<u32>(0x0).write(space, 1)), EFAULT);
    EXPECT_EQ(errno_of(UserPtr<u32>(0x10ffe).read(space)), EFAULT); // crosses the end
}

TEST_F(UserPtrTest, ArrayByteCountOverflow_IsEfault)
{
    u32 out[1];
    EXPECT_EQ(errno_of(UserPtr<u32>(0x10000).read_array(space, out, ~usize { 0 } / 2)), EFAULT);
    EXPECT_EQ(errno_of(UserPtr<u32>(~u64 { 0 } - 2).read_array(space, out, 1)), EFAULT);
}

TEST_F(UserPtrTest, AddressOffsetWrapping_IsEfault)
{
    EXPECT_EQ(errno_of(UserAddress(~u64 { 0 }).offset(1)), EFAULT);
    EXPECT_TRUE(UserAddress(1).offset(1).has_value());
}

TEST(UserRangeTest, IsUserRange_EndsAtOrBelowTheLimitWithoutWrapping)
{
    // access_ok: a range may end exactly at TASK_SIZE_MAX (Linux 6.18 on
    // the host: write(fd, 0x7ffffffff000, 0) is 0, from 0x7ffffffff001 EFAULT).
    constexpr u64 kLimit = host::kUserAddressLimit;
    EXPECT_TRUE(is_user_range(kLimit - 4096, 4096, kLimit));
    EXPECT_TRUE(is_user_range(kLimit, 0, kLimit));
    EXPECT_FALSE(is_user_range(kLimit + 1, 0, kLimit));
    EXPECT_FALSE(is_user_range(kLimit - 4096, 4097, kLimit));
    EXPECT_FALSE(is_user_range(0x10000, ~u64 { 0 }, kLimit)); // wraps
    EXPECT_TRUE(is_user_range(0, 0, kLimit));
}

} // namespace
} // namespace sirius::testing
