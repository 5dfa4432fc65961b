// CLONE_INTO_CGROUP (clone(2), Linux 5.7): the child starts in the cgroup2
// directory that the `cgroup` fd names, with the checks of Linux's
// cgroup_css_set_fork: cgroup_get_from_file, cgroup_may_write and
// cgroup_attach_permissions. The fds are real cgroup2 directories.
#include <fcntl.h>

#include "core/fs/cgroupfs/cgroup_fs.h"
#include "core/proc/cgroup.h"
#include "platform/host/cgroup_files.h"
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

class CloneIntoCgroupTest : public CloneTest {
protected:
    // Opens /cgroup/`name` (made if missing; "" the root) in the caller's
    // fd table; returns the fd.
    int open_cgroup(const char* name)
    {
        auto file = host::open_cgroup_directory(*kernel, name);
        EXPECT_TRUE(file.has_value());
        return install(file.release_value());
    }
    int install(RefPtr<fs::File> file)
    {
        auto fd = caller().files->reserve(0, 1024);
        EXPECT_TRUE(fd.has_value());
        caller().files->install(fd.value(), move(file), false);
        return fd.value();
    }
    RefPtr<proc::Cgroup> cgroup_of(int fd)
    {
        auto cgroup = fs::cgroup_from_file(*caller().files->get(fd));
        EXPECT_TRUE(cgroup.has_value());
        return cgroup.has_value() ? cgroup.value() : RefPtr<proc::Cgroup>();
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
    const int fd = open_cgroup("target");
    RefPtr<proc::Cgroup> target = cgroup_of(fd);
    proc::Thread* child = clone_ok(into(fd));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(&child->process().cgroup(), target.get());
    EXPECT_EQ(target->process_count(), 1U);
    EXPECT_TRUE(target->is_populated());
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

// css_tryget_online_from_dir: "is @dentry a cgroup dir?" - a directory of
// another file system is EBADF too.
TEST_F(CloneIntoCgroupTest, IntoCgroup_FdOfATmpfsDirectory_IsEbadf)
{
    open_cgroup("");
    const fs::VfsCaller caller_view { fs::WalkContext { *caller().credentials, kernel->mounts().root() }, kernel->file_time(), 0, kernel.get() };
    fs::PathName root;
    ASSERT_TRUE(root.copy_from_kernel(reinterpret_cast<const u8*>("/"), 1).has_value());
    ASSERT_OK_AND_ASSIGN(auto file, fs::open(caller_view, kernel->mounts().root(), root, O_RDONLY | O_DIRECTORY, 0));
    expect_rejected(into(install(move(file))), EBADF, AddressSpace::CopiedThenDropped);
}

// A removed cgroup is no longer online: ENOENT (what Linux 6.x answers).
TEST_F(CloneIntoCgroupTest, IntoCgroup_RemovedCgroup_IsEnoent)
{
    const int fd = open_cgroup("gone");
    ASSERT_TRUE(host::remove_cgroup_directory(*kernel, "gone").has_value());
    expect_rejected(into(fd), ENOENT, AddressSpace::CopiedThenDropped);
}

// cgroup_css_set_fork: "Verify that we the target cgroup is writable for
// us" - the caller needs write permission on the target's cgroup.procs.
TEST_F(CloneIntoCgroupTest, IntoCgroup_ProcsNotWritable_IsEacces)
{
    const int fd = open_cgroup("root-owned");
    become_user(1000);
    expect_rejected(into(fd), EACCES, AddressSpace::CopiedThenDropped);
}

// copy_cgroup_ns runs before the child is placed: a new cgroup namespace
// is rooted at the parent's cgroup, not at the CLONE_INTO_CGROUP target.
TEST_F(CloneIntoCgroupTest, IntoCgroup_WithNewCgroupNamespace_RootIsTheParentsCgroup)
{
    const int fd = open_cgroup("target");
    RefPtr<proc::Cgroup> target = cgroup_of(fd);
    proc::Thread* child = clone_ok(into(fd, CLONE_NEWCGROUP));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(&child->process().cgroup(), target.get());
    EXPECT_EQ(child->namespaces->namespaces().cgroup->root(), kernel->root_cgroup().get());
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_CgroupDelegatingControllers_IsEbusy)
{
    const int fd = open_cgroup("busy");
    cgroup_of(fd)->set_subtree_control(true);
    expect_rejected(into(fd), EBUSY, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_RootWithControllers_StillTakesProcesses)
{
    kernel->root_cgroup()->set_subtree_control(true);
    EXPECT_NE(clone_ok(into(open_cgroup(""))), nullptr);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_ThreadIntoOtherCgroup_IsEopnotsupp)
{
    expect_rejected(into(open_cgroup("target"), kThreadFlags), EOPNOTSUPP);
}

TEST_F(CloneIntoCgroupTest, IntoCgroup_ThreadIntoOwnCgroup_Succeeds)
{
    EXPECT_NE(clone_ok(into(open_cgroup(""), kThreadFlags)), nullptr);
}

} // namespace
} // namespace sirius::testing
