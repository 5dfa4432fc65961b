// heap_sort: the core's allocation-free sort (setgroups' groups_sort).
#include <gtest/gtest.h>

#include "core/base/sort.h"

namespace sirius::testing {
namespace {

TEST(HeapSortTest, SortsAscending_WithDuplicates)
{
    unsigned values[] = { 5, 3, 9, 3, 0, 7, 1, 9, 2 };
    heap_sort(values, 9);
    const unsigned expected[] = { 0, 1, 2, 3, 3, 5, 7, 9, 9 };
    for (usize i = 0; i < 9; ++i) {
        EXPECT_EQ(values[i], expected[i]) << i;
    }
}

TEST(HeapSortTest, EmptyAndSingleItem_Untouched)
{
    unsigned one[] = { 42 };
    heap_sort(one, 0);
    heap_sort(one, 1);
    EXPECT_EQ(one[0], 42U);
}

TEST(HeapSortTest, CustomOrder_Descending)
{
    int values[] = { 1, 4, 2, 3 };
    heap_sort(values, 4, [](int a, int b) { return a > b; });
    EXPECT_EQ(values[0], 4);
    EXPECT_EQ(values[3], 1);
}

// setgroups(2) takes up to NGROUPS_MAX (65536) ids in any order; reversed
// input is the worst case of an insertion sort (~2^31 moves) and must stay
// n log n here.
TEST(HeapSortTest, NgroupsMaxReversed_Sorted)
{
    constexpr usize kCount = 65536;
    static unsigned values[kCount];
    for (usize i = 0; i < kCount; ++i) {
        values[i] = static_cast<unsigned>(kCount - i);
    }
    heap_sort(values, kCount);
    for (usize i = 0; i < kCount; ++i) {
        ASSERT_EQ(values[i], i + 1);
    }
}

} // namespace
} // namespace sirius::testing
