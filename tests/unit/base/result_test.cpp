// Result<T> and TRY: errors are values that carry a Linux errno.
#include "core/base/result.h"
#include "core/base/own_ptr.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

Result<int> half(int value)
{
    if (value % 2 != 0) {
        return errno_error(EINVAL);
    }
    return value / 2;
}

Result<int> quarter(int value)
{
    const int once = TRY(half(value));
    return TRY(half(once));
}

Result<void> must_be_even(int value)
{
    TRY(half(value));
    return {};
}

TEST(ResultTest, Try_PassesValuesThrough)
{
    auto result = quarter(12);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result.value(), 3);
}

TEST(ResultTest, Try_ReturnsTheFirstError)
{
    EXPECT_EQ(errno_of(quarter(6)), EINVAL); // 6 -> 3 -> odd
    EXPECT_EQ(errno_of(must_be_even(3)), EINVAL);
    EXPECT_TRUE(must_be_even(4).has_value());
}

struct Boxed : HeapObject {
    explicit Boxed(int v)
        : value(v)
    {
    }
    int value;
};

TEST(ResultTest, HoldsMoveOnlyValues)
{
    auto made = try_make_own<Boxed>(7);
    ASSERT_TRUE(made.has_value());
    OwnPtr<Boxed> owned = made.release_value();
    EXPECT_EQ(owned->value, 7);
}

} // namespace
} // namespace sirius::testing
