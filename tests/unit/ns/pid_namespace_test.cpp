// Pid number allocation per namespace (Linux alloc_pid / idr_alloc_cyclic)
// and the nesting limit of pid_namespaces(7).
#include "core/ns/pid_namespace.h"
#include "core/proc/pid.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

class PidNamespaceTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_OK_AND_ASSIGN(user_ns, ns::UserNamespace::create_initial());
        ASSERT_OK_AND_ASSIGN(root, ns::PidNamespace::create_initial(user_ns));
    }
    ns::NamespaceInodeAllocator inodes;
    RefPtr<ns::UserNamespace> user_ns;
    RefPtr<ns::PidNamespace> root;
};

TEST_F(PidNamespaceTest, Reserve_StartsAtOneAndCountsUp)
{
    EXPECT_EQ(root->reserve(0).release_value(), 1);
    EXPECT_EQ(root->reserve(0).release_value(), 2);
    EXPECT_EQ(root->reserve(0).release_value(), 3);
}

TEST_F(PidNamespaceTest, NumbersNotInUse_FindNothingAndReleaseNothing)
{
    // A number never reserved, or released, names no process (kill(2) and
    // friends answer ESRCH); releasing or binding it again changes nothing.
    EXPECT_EQ(root->reserve(0).release_value(), 1);
    EXPECT_EQ(root->reserve(0).release_value(), 2);
    EXPECT_EQ(root->find(3), nullptr);
    EXPECT_EQ(root->find(1000), nullptr);
    root->release(2);
    root->release(2);
    root->release(1000);
    EXPECT_EQ(root->find(2), nullptr);
    EXPECT_EQ(root->reserve(0).release_value(), 3);
}

TEST_F(PidNamespaceTest, Reserve_DoesNotReuseFreedNumberBeforeWrapping)
{
    EXPECT_EQ(root->reserve(0).release_value(), 1);
    EXPECT_EQ(root->reserve(0).release_value(), 2);
    root->release(1);
    EXPECT_EQ(root->reserve(0).release_value(), 3);
}

TEST_F(PidNamespaceTest, Reserve_WrapsToReservedPidsNotToOne)
{
    // "after reaching the maximum wrap back to RESERVED_PIDS"
    ASSERT_TRUE(root->reserve(ns::kDefaultPidMax - 1).has_value()); // the last number
    ASSERT_TRUE(root->reserve(0).has_value());                      // 1: the cursor is still at the start
    root->release(1);
    // Push the cursor to the end, then past it.
    for (PidNr nr = 2; nr < 400; ++nr) {
        ASSERT_TRUE(root->reserve(0).has_value());
    }
    for (PidNr nr = 400; nr < ns::kDefaultPidMax - 1; ++nr) {
        ASSERT_TRUE(root->reserve(nr).has_value());
    }
    for (PidNr nr = ns::kReservedPids; nr < 310; ++nr) {
        root->release(nr);
    }
    EXPECT_EQ(root->reserve(0).release_value(), ns::kReservedPids);
}

TEST_F(PidNamespaceTest, Reserve_TakenNumber_IsEexist)
{
    ASSERT_TRUE(root->reserve(42).has_value());
    EXPECT_EQ(errno_of(root->reserve(42)), EEXIST);
}

TEST_F(PidNamespaceTest, Reserve_FullNamespace_IsEagain)
{
    for (PidNr nr = 1; nr < ns::kDefaultPidMax; ++nr) {
        ASSERT_TRUE(root->reserve(nr).has_value());
    }
    EXPECT_EQ(errno_of(root->reserve(0)), EAGAIN);
}

TEST_F(PidNamespaceTest, NewNamespace_HasPidMaxLimit)
{
    ASSERT_OK_AND_ASSIGN(auto child, ns::PidNamespace::create_child(inodes, root, user_ns));
    EXPECT_EQ(root->pid_max(), ns::kDefaultPidMax);
    EXPECT_EQ(child->pid_max(), ns::kPidMaxLimit);
    EXPECT_EQ(child->level(), 1U);
    EXPECT_NE(child->inode(), root->inode());
}

TEST_F(PidNamespaceTest, Nesting_Past32Levels_IsEnospc)
{
    // pid_namespaces(7): "nested to a maximum depth of 32" (Linux 3.7+).
    RefPtr<ns::PidNamespace> ns = root;
    for (u32 level = 1; level <= ns::kMaxPidNamespaceLevel; ++level) {
        ASSERT_OK_AND_ASSIGN(ns, ns::PidNamespace::create_child(inodes, ns, user_ns));
    }
    EXPECT_EQ(errno_of(ns::PidNamespace::create_child(inodes, ns, user_ns)), ENOSPC);
}

TEST_F(PidNamespaceTest, Pid_HasOneNumberPerLevel)
{
    ASSERT_OK_AND_ASSIGN(auto child, ns::PidNamespace::create_child(inodes, root, user_ns));
    child->set_child_reaper(nullptr);
    ASSERT_OK_AND_ASSIGN(auto pid, proc::Pid::allocate(child, nullptr, 0, [](const ns::PidNamespace&) { return true; }));
    EXPECT_EQ(pid->nr_in(*child), 1);
    EXPECT_EQ(pid->nr_in(*root), 1);
    EXPECT_EQ(child->find(1), pid.get());
    EXPECT_EQ(root->find(1), pid.get());
    ASSERT_OK_AND_ASSIGN(auto outer, proc::Pid::allocate(root, nullptr, 0, [](const ns::PidNamespace&) { return true; }));
    EXPECT_EQ(outer->nr_in(*child), 0); // not visible from inside
    pid->release_numbers();
    EXPECT_EQ(child->find(1), nullptr);
    EXPECT_EQ(root->count(), 1U);
}

TEST_F(PidNamespaceTest, Pid_InSiblingNamespace_IsInvisible)
{
    ASSERT_OK_AND_ASSIGN(auto left, ns::PidNamespace::create_child(inodes, root, user_ns));
    ASSERT_OK_AND_ASSIGN(auto right, ns::PidNamespace::create_child(inodes, root, user_ns));
    ASSERT_OK_AND_ASSIGN(auto pid, proc::Pid::allocate(left, nullptr, 0, [](const ns::PidNamespace&) { return true; }));
    EXPECT_EQ(pid->nr_in(*left), 1);
    EXPECT_EQ(pid->nr_in(*right), 0);
    pid->release_numbers();
    EXPECT_EQ(pid->nr_in(*left), 0); // numbers given back: visible nowhere
}

TEST_F(PidNamespaceTest, Pid_FailedLevelReleasesTheOthers)
{
    ASSERT_OK_AND_ASSIGN(auto child, ns::PidNamespace::create_child(inodes, root, user_ns));
    ASSERT_TRUE(root->reserve(1).has_value());
    const PidNr set_tid[2] = { 1, 1 }; // 1 in the child (free), 1 in the root (taken)
    EXPECT_EQ(errno_of(proc::Pid::allocate(child, set_tid, 2, [](const ns::PidNamespace&) { return true; })), EEXIST);
    EXPECT_EQ(child->count(), 0U);
    EXPECT_EQ(root->count(), 1U);
}

} // namespace
} // namespace sirius::testing
