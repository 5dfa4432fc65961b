// Capabilities are relative to user namespaces (user_namespaces(7),
// security/commoncap.c cap_capable).
#include "core/proc/credentials.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

class CredentialsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_OK_AND_ASSIGN(initial, ns::UserNamespace::create_initial());
        ASSERT_OK_AND_ASSIGN(root, proc::Credentials::create_root(initial));
        ASSERT_OK_AND_ASSIGN(child_ns, ns::UserNamespace::create_child(inodes, initial, 1000, 1000));
    }
    RefPtr<proc::Credentials> user(u32 uid, const RefPtr<ns::UserNamespace>& ns, proc::CapabilitySet caps = {})
    {
        auto credentials = root->clone();
        EXPECT_TRUE(credentials.has_value());
        auto result = credentials.release_value();
        result->uid = { uid, uid, uid, uid };
        result->effective = caps;
        result->user_ns = ns;
        return result;
    }

    ns::NamespaceInodeAllocator inodes;
    RefPtr<ns::UserNamespace> initial;
    RefPtr<ns::UserNamespace> child_ns;
    RefPtr<proc::Credentials> root;
};

TEST_F(CredentialsTest, Capability_HeldInOwnNamespace)
{
    EXPECT_TRUE(proc::has_capability_in(*root, *initial, CAP_SYS_ADMIN));
    EXPECT_FALSE(proc::has_capability_in(*user(1000, initial), *initial, CAP_SYS_ADMIN));
}

TEST_F(CredentialsTest, Capability_InOwnNamespaceReachesDescendants)
{
    EXPECT_TRUE(proc::has_capability_in(*root, *child_ns, CAP_SYS_ADMIN));
}

TEST_F(CredentialsTest, Capability_OwnerOfChildNamespaceHasAllThere)
{
    // user_namespaces(7): "a process that is a member of the parent user
    // namespace and whose effective user ID matches the owner ... has all
    // capabilities in the namespace".
    EXPECT_TRUE(proc::has_capability_in(*user(1000, initial), *child_ns, CAP_SYS_ADMIN));
    EXPECT_FALSE(proc::has_capability_in(*user(1001, initial), *child_ns, CAP_SYS_ADMIN));
}

TEST_F(CredentialsTest, Capability_InChildNamespaceGivesNothingInParent)
{
    const auto inside = user(0, child_ns, proc::CapabilitySet::full());
    EXPECT_TRUE(proc::has_capability_in(*inside, *child_ns, CAP_SYS_ADMIN));
    EXPECT_FALSE(proc::has_capability_in(*inside, *initial, CAP_SYS_ADMIN));
}

TEST_F(CredentialsTest, Capability_SiblingNamespaceGivesNothing)
{
    ASSERT_OK_AND_ASSIGN(auto sibling, ns::UserNamespace::create_child(inodes, initial, 2000, 2000));
    EXPECT_FALSE(proc::has_capability_in(*user(0, child_ns, proc::CapabilitySet::full()), *sibling, CAP_SYS_ADMIN));
}

TEST_F(CredentialsTest, Clone_CopiesEveryField)
{
    root->groups.try_append(27U).release_value();
    root->securebits = 0x2f;
    ASSERT_OK_AND_ASSIGN(auto copy, root->clone());
    EXPECT_NE(copy, root);
    ASSERT_EQ(copy->groups.size(), 1U);
    EXPECT_EQ(copy->groups[0], 27U);
    EXPECT_EQ(copy->securebits, 0x2fU);
    EXPECT_EQ(copy->effective, root->effective);
    EXPECT_EQ(copy->user_ns, root->user_ns);
}

} // namespace
} // namespace sirius::testing
