// The core's fallible containers and references: Vector, IntrusiveList,
// RefPtr, ScopeGuard, BitFlags.
#include "core/base/bit_flags.h"
#include "core/base/intrusive_list.h"
#include "core/base/ref_ptr.h"
#include "core/base/scope_guard.h"
#include "core/base/vector.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

TEST(VectorTest, InsertAndRemove_KeepOrder)
{
    Vector<int> values;
    ASSERT_TRUE(values.try_append(1).has_value());
    ASSERT_TRUE(values.try_append(3).has_value());
    ASSERT_TRUE(values.try_insert(1, 2).has_value());
    ASSERT_TRUE(values.try_insert(0, 0).has_value());
    ASSERT_TRUE(values.try_insert(4, 4).has_value());
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(values[static_cast<usize>(i)], i);
    }
    values.remove(0);
    values.remove(3);
    EXPECT_EQ(values.size(), 3U);
    EXPECT_EQ(values[0], 1);
    EXPECT_EQ(values[2], 3);
}

TEST(VectorTest, GrowthFailure_IsEnomemAndKeepsContents)
{
    Vector<int> values;
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(values.try_append(i).has_value());
    }
    {
        host::AllocationFailureScope fail(0);
        EXPECT_EQ(errno_of(values.try_append(4)), ENOMEM);
    }
    EXPECT_EQ(values.size(), 4U);
    EXPECT_EQ(values[3], 3);
}

TEST(VectorTest, CapacityOverflow_IsEnomem)
{
    Vector<u64> values;
    EXPECT_EQ(errno_of(values.try_reserve(~usize { 0 } / 4)), ENOMEM);
}

TEST(VectorTest, Clone_CopiesEveryElement)
{
    Vector<int> values;
    ASSERT_TRUE(values.try_append(5).has_value());
    auto copy = values.try_clone();
    ASSERT_TRUE(copy.has_value());
    EXPECT_EQ(copy.value().size(), 1U);
    EXPECT_EQ(copy.value()[0], 5);
}

struct Node {
    int value;
    IntrusiveListNode link;
};

TEST(IntrusiveListTest, AppendPrependRemove)
{
    Node a { 1, {} };
    Node b { 2, {} };
    Node c { 3, {} };
    IntrusiveList<Node, &Node::link> list;
    EXPECT_TRUE(list.is_empty());
    list.append(b);
    list.append(c);
    list.prepend(a);
    EXPECT_EQ(list.size(), 3U);
    EXPECT_EQ(list.first(), &a);
    EXPECT_EQ(list.last(), &c);
    int sum = 0;
    for (Node& node : list) {
        sum += node.value;
        if (node.value == 2) {
            decltype(list)::remove(node); // removing while iterating is allowed
        }
    }
    EXPECT_EQ(sum, 6);
    EXPECT_EQ(list.size(), 2U);
    EXPECT_FALSE(b.link.is_linked());
}

TEST(IntrusiveListTest, NodeUnlinksItselfWhenDestroyed)
{
    IntrusiveList<Node, &Node::link> list;
    {
        Node temporary { 1, {} };
        list.append(temporary);
    }
    EXPECT_TRUE(list.is_empty());
}

struct Counted : RefCounted<Counted> {
    explicit Counted(bool* destroyed)
        : m_destroyed(destroyed)
    {
    }
    ~Counted() { *m_destroyed = true; }
    bool* m_destroyed;
};

TEST(RefPtrTest, LastReferenceDestroys)
{
    bool destroyed = false;
    ASSERT_OK_AND_ASSIGN(auto first, try_make_ref<Counted>(&destroyed));
    {
        RefPtr<Counted> second = first;
        EXPECT_EQ(first->ref_count(), 2U);
        const RefPtr<Counted>& alias = second;
        second = alias; // self-assignment keeps the count
        EXPECT_EQ(first->ref_count(), 2U);
    }
    EXPECT_EQ(first->ref_count(), 1U);
    first.clear();
    EXPECT_TRUE(destroyed);
}

TEST(RefPtrTest, CreationFailure_IsEnomem)
{
    bool destroyed = false;
    host::AllocationFailureScope fail(0);
    EXPECT_EQ(errno_of(try_make_ref<Counted>(&destroyed)), ENOMEM);
}

TEST(ScopeGuardTest, RunsUnlessDisarmed)
{
    int runs = 0;
    {
        ScopeGuard guard([&] { ++runs; });
    }
    {
        ScopeGuard guard([&] { ++runs; });
        guard.disarm();
    }
    EXPECT_EQ(runs, 1);
}

TEST(BitFlagsTest, HasAllAndAny)
{
    struct Tag;
    const BitFlags<Tag> flags(0b0110);
    EXPECT_TRUE(flags.has(0b0010));
    EXPECT_TRUE(flags.has_all(0b0110));
    EXPECT_FALSE(flags.has_all(0b0111));
    EXPECT_TRUE(flags.has_any(0b0011));
    EXPECT_FALSE(flags.has_any(0b1001));
    EXPECT_EQ(flags.with(1).bits(), 0b0111U);
    EXPECT_EQ(flags.without(0b0010).bits(), 0b0100U);
    EXPECT_TRUE(BitFlags<Tag>().is_empty());
}

} // namespace
} // namespace sirius::testing
