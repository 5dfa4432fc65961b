// CLONE_INTO_CGROUP (clone(2), Linux 5.7): the child starts in the cgroup2
// directory that the `cgroup` fd names, with the checks of Linux's
// cgroup_css_set_fork that the hierarchy has so far.
#include "core/proc/cgroup.h"
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

class CloneIntoCgroupTest : public CloneTest {
protected:
    // Opens `cgroup` in the caller's fd table; returns the fd.
    int open_cgroup(const RefPtr<proc::Cgroup>& cgroup)
    {
        auto file = try_make_ref<proc::CgroupDirectoryFile>(cgroup, 0U);
        EXPECT_TRUE(file.has_value());
        auto fd = caller().files->reserve(0, 1024);
        EXPECT_TRUE(fd.has_value());
        caller().files->install(fd.value(), file.release_value(), false);
        return fd.value();
    }
    proc::CloneRequest into(int fd, u64 flags = 0)
    {
        proc::CloneRequest request = request_with(CLONE_INTO_CGROUP | flags, (flags & CLONE_THREAD) != 0 ? 0 : SIGCHLD);
        request.cgroup = static_cast<u64>(fd);
        return request;
    }
};

TEST_F(CloneIntoCgroupTest, IntoCgroup_PlacesChildInThatCgroup)
{
    ASSERT_OK_AND_ASSIGN(auto target, proc::Cgroup::create_child(kernel->root_cgroup()));
    proc::Thread* child = clone_ok(into(open_cgroup(target)));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(&child->process().cgroup(), target.get());
    EXPECT_EQ(target->process_count(), 1U);
    EXPECT_EQ(&caller().process().cgroup(), kernel->root_cgroup().get());
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_FdNotOpen_IsEbadf)
{
    expect_rejected(into(900), EBADF, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_FdNotACgroupDirectory_IsEbadf)
{
    expect_rejected(into(0), EBADF, AddressSpace::CopiedThenDropped); // stdin: the console
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_RemovedCgroup_IsEnodev)
{
    ASSERT_OK_AND_ASSIGN(auto target, proc::Cgroup::create_child(kernel->root_cgroup()));
    const int fd = open_cgroup(target);
    target->mark_dead();
    expect_rejected(into(fd), ENODEV, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_CgroupDelegatingControllers_IsEbusy)
{
    ASSERT_OK_AND_ASSIGN(auto target, proc::Cgroup::create_child(kernel->root_cgroup()));
    target->set_subtree_control(true);
    expect_rejected(into(open_cgroup(target)), EBUSY, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_RootWithControllers_StillTakesProcesses)
{
    kernel->root_cgroup()->set_subtree_control(true);
    EXPECT_NE(clone_ok(into(open_cgroup(kernel->root_cgroup()))), nullptr);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_ThreadIntoOtherCgroup_IsEopnotsupp)
{
    ASSERT_OK_AND_ASSIGN(auto target, proc::Cgroup::create_child(kernel->root_cgroup()));
    expect_rejected(into(open_cgroup(target), kThreadFlags), EOPNOTSUPP);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_ThreadIntoOwnCgroup_Succeeds)
{
    EXPECT_NE(clone_ok(into(open_cgroup(kernel->root_cgroup()), kThreadFlags)), nullptr);
}

} // namespace
} // namespace sirius::testing
