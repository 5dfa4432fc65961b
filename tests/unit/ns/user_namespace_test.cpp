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

} // namespace
} // namespace sirius::testing
