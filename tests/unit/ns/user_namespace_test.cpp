// User namespaces: id mappings and the nesting limit (user_namespaces(7)).
#include <linux/sched.h>

#include "core/ns/user_namespace.h"
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

TEST(UserNamespaceTest, Initial_MapsEveryIdButMinusOne)
{
    ASSERT_OK_AND_ASSIGN(auto ns, ns::UserNamespace::create_initial());
    EXPECT_TRUE(ns->uid_has_mapping(0));
    EXPECT_TRUE(ns->uid_has_mapping(65534));
    EXPECT_TRUE(ns->gid_has_mapping(0xFFFFFFFEU));
    EXPECT_FALSE(ns->uid_has_mapping(0xFFFFFFFFU));
}

TEST(UserNamespaceTest, New_HasNoMappingUntilWritten)
{
    ns::NamespaceInodeAllocator inodes;
    ASSERT_OK_AND_ASSIGN(auto initial, ns::UserNamespace::create_initial());
    ASSERT_OK_AND_ASSIGN(auto child, ns::UserNamespace::create_child(inodes, initial, 1000, 1000));
    EXPECT_FALSE(child->uid_has_mapping(1000));
    EXPECT_FALSE(child->gid_has_mapping(1000));
    EXPECT_TRUE(child->is_same_or_descendant_of(*initial));
    EXPECT_FALSE(initial->is_same_or_descendant_of(*child));
}

TEST(UserNamespaceTest, Nesting_Past32Levels_IsEnospc)
{
    // user_namespaces(7): "user namespaces can be nested ... to a depth of 32".
    ns::NamespaceInodeAllocator inodes;
    ASSERT_OK_AND_ASSIGN(auto ns, ns::UserNamespace::create_initial());
    for (u32 level = 1; level <= ns::kMaxUserNamespaceLevel + 1; ++level) {
        ASSERT_OK_AND_ASSIGN(ns, ns::UserNamespace::create_child(inodes, ns, 0, 0));
    }
    EXPECT_EQ(errno_of(ns::UserNamespace::create_child(inodes, ns, 0, 0)), ENOSPC);
}

class CloneUserNamespaceTest : public CloneTest { };

TEST_F(CloneUserNamespaceTest, Clone_NewuserFromUnmappedNamespace_IsEperm)
{
    // create_user_ns: "The creator needs a mapping in the parent user
    // namespace": nesting before uid_map is written fails.
    proc::Thread* inside = clone_ok(request_with(CLONE_NEWUSER));
    ASSERT_NE(inside, nullptr);
    m_caller = inside;
    expect_rejected(request_with(CLONE_NEWUSER), EPERM);
}

TEST(UserNamespaceTest, Maps_AreWrittenOnce)
{
    // user_namespaces(7): "A defining write to the map file may be
    // performed only once" - a second install is EPERM, for each map.
    ASSERT_OK_AND_ASSIGN(auto initial, ns::UserNamespace::create_initial());
    ns::NamespaceInodeAllocator inodes;
    ASSERT_OK_AND_ASSIGN(auto child, ns::UserNamespace::create_child(inodes, initial, 1000, 1000));
    auto one_line = [](u32 first, u32 lower) {
        Vector<ns::IdMapExtent> map;
        EXPECT_TRUE(map.try_append(ns::IdMapExtent { first, lower, 1 }).has_value());
        return map;
    };
    EXPECT_TRUE(child->install_uid_map(one_line(0, 1000)).has_value());
    EXPECT_EQ(errno_of(child->install_uid_map(one_line(1, 1001))), EPERM);
    EXPECT_TRUE(child->install_gid_map(one_line(0, 1000)).has_value());
    EXPECT_EQ(errno_of(child->install_gid_map(one_line(1, 1001))), EPERM);
    // The first maps stay.
    EXPECT_EQ(child->uid_to_kernel(0), 1000U);
    EXPECT_EQ(child->gid_to_kernel(0), 1000U);
}

TEST(UserNamespaceTest, KernelIdOutsideTheMap_HasNoIdInside)
{
    // user_namespaces(7): an id with no mapping reads as the overflow id
    // (65534) through the munged view and is invalid (-1) otherwise.
    ASSERT_OK_AND_ASSIGN(auto initial, ns::UserNamespace::create_initial());
    ns::NamespaceInodeAllocator inodes;
    ASSERT_OK_AND_ASSIGN(auto child, ns::UserNamespace::create_child(inodes, initial, 1000, 1000));
    Vector<ns::IdMapExtent> uids;
    ASSERT_TRUE(uids.try_append(ns::IdMapExtent { 0, 1000, 10 }).has_value());
    ASSERT_TRUE(child->install_uid_map(move(uids)).has_value());
    Vector<ns::IdMapExtent> gids;
    ASSERT_TRUE(gids.try_append(ns::IdMapExtent { 0, 1000, 10 }).has_value());
    ASSERT_TRUE(child->install_gid_map(move(gids)).has_value());
    EXPECT_EQ(child->uid_from_kernel(1005), 5U);
    EXPECT_EQ(child->uid_from_kernel(2000), ns::kInvalidId);
    EXPECT_EQ(child->gid_from_kernel(1009), 9U);
    EXPECT_EQ(child->gid_from_kernel(999), ns::kInvalidId);
    EXPECT_EQ(child->uid_from_kernel_munged(2000), ns::kOverflowId);
    EXPECT_EQ(child->gid_from_kernel_munged(2000), ns::kOverflowId);
    // A grandchild without maps: nothing from below it shows.
    ASSERT_OK_AND_ASSIGN(auto grandchild, ns::UserNamespace::create_child(inodes, child, 1000, 1000));
    EXPECT_EQ(grandchild->uid_from_kernel(1000), ns::kInvalidId);
    EXPECT_EQ(grandchild->uid_from_kernel(2000), ns::kInvalidId);
}

} // namespace
} // namespace sirius::testing
