// The cgroup2 file system (core/fs/cgroupfs): each rule checked against
// the host's Linux first (tests/integration/programs/cgroups.c runs the
// same checks there and in Sirius).
#include <cstring>
#include <sched.h>
#include <sys/mount.h>

#include "core/fs/cgroupfs/cgroup_fs.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class CgroupfsTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_TRUE(kernel->mount_boot_file_systems().has_value());
        ASSERT_EQ(mkdir("/cg"), 0);
        ASSERT_EQ(mount_cgroup2("/cg"), 0);
    }
    i64 mount_cgroup2(const std::string& at, const std::string& options = "")
    {
        put("cgroup2", kPath2 + 0x200);
        put("none", kPath2 + 0x400);
        if (!options.empty()) {
            put(options, kPath2 + 0x600);
        }
        return sys(__NR_mount, put("none", kPath2 + 0x400), put(at), kPath2 + 0x200, 0, options.empty() ? 0 : kPath2 + 0x600);
    }
    std::string read_file(const std::string& path)
    {
        i64 fd = open(path, O_RDONLY);
        if (fd < 0) {
            return "<errno " + std::to_string(-fd) + ">";
        }
        std::string text = read_fd(fd, 4096);
        close(fd);
        return text;
    }
    i64 write_file(const std::string& path, const std::string& text)
    {
        i64 fd = open(path, O_WRONLY);
        if (fd < 0) {
            return fd;
        }
        i64 written = write_fd(fd, text);
        close(fd);
        return written;
    }
    i64 mode_of(const std::string& path)
    {
        struct stat st {};
        i64 got = sys(__NR_newfstatat, kAtFdcwd, put(path), kBuffer, 0);
        if (got < 0) {
            return got;
        }
        std::memcpy(&st, load(kBuffer, sizeof(st)).data(), sizeof(st));
        return st.st_mode & 07777;
    }
    std::string pid_of(proc::Thread& thread) { return std::to_string(thread.process().pid().innermost_nr()); }
};

TEST_F(CgroupfsTest, Mount_RootShowsTheRootCgroupsFiles)
{
    // kernfs_create_root: the root directory is 0555; it has no
    // cgroup.type, cgroup.events (CFTYPE_NOT_ON_ROOT).
    EXPECT_EQ(mode_of("/cg"), 0555);
    EXPECT_EQ(mode_of("/cg/cgroup.procs"), 0644);
    EXPECT_EQ(mode_of("/cg/cgroup.type"), -ENOENT);
    EXPECT_EQ(mode_of("/cg/cgroup.events"), -ENOENT);
    EXPECT_EQ(read_file("/cg/cgroup.procs"), "1\n" + pid_of(caller()) + "\n");
}

TEST_F(CgroupfsTest, Mkdir_MakesACgroupWithLinuxsFilesAndModes)
{
    ASSERT_EQ(mkdir("/cg/a", 0750), 0);
    EXPECT_EQ(mode_of("/cg/a"), 0750);
    EXPECT_EQ(mode_of("/cg/a/cgroup.procs"), 0644);
    EXPECT_EQ(mode_of("/cg/a/cgroup.controllers"), 0444);
    EXPECT_EQ(mode_of("/cg/a/cgroup.kill"), 0200);
    EXPECT_EQ(read_file("/cg/a/cgroup.type"), "domain\n");
    EXPECT_EQ(read_file("/cg/a/cgroup.events"), "populated 0\nfrozen 0\n");
    EXPECT_EQ(read_file("/cg/a/cgroup.max.depth"), "max\n");
    EXPECT_EQ(read_file("/cg/a/cgroup.procs"), "");
    EXPECT_EQ(read_file("/cg/cgroup.stat"), "nr_descendants 1\nnr_dying_descendants 0\n");
    EXPECT_EQ(mkdir("/cg/a"), -EEXIST);
}

TEST_F(CgroupfsTest, EveryMount_ShowsTheSameHierarchy)
{
    ASSERT_EQ(mkdir("/cg/shared"), 0);
    ASSERT_EQ(mkdir("/cg2"), 0);
    ASSERT_EQ(mount_cgroup2("/cg2"), 0);
    EXPECT_EQ(mode_of("/cg2/shared"), 0755);
    ASSERT_EQ(sys(__NR_umount2, put("/cg2"), 0), 0);
    // The tree outlives the mount (kernfs).
    EXPECT_EQ(mode_of("/cg/shared"), 0755);
}

TEST_F(CgroupfsTest, MountOption_Unknown_IsEinval)
{
    ASSERT_EQ(mkdir("/cg3"), 0);
    EXPECT_EQ(mount_cgroup2("/cg3", "bogus"), -EINVAL);
}

TEST_F(CgroupfsTest, Rmdir_WithAChild_IsEbusy)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    ASSERT_EQ(mkdir("/cg/a/b"), 0);
    EXPECT_EQ(rmdir("/cg/a"), -EBUSY);
    EXPECT_EQ(rmdir("/cg/a/b"), 0);
    EXPECT_EQ(rmdir("/cg/a"), 0);
    EXPECT_EQ(mode_of("/cg/a"), -ENOENT);
    EXPECT_EQ(read_file("/cg/cgroup.stat"), "nr_descendants 0\nnr_dying_descendants 0\n");
}

TEST_F(CgroupfsTest, Rmdir_WithAMember_IsEbusy)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    proc::Thread* child = fork_from(caller());
    ASSERT_EQ(write_file("/cg/a/cgroup.procs", pid_of(*child)), static_cast<i64>(pid_of(*child).size()));
    EXPECT_EQ(read_file("/cg/a/cgroup.events"), "populated 1\nfrozen 0\n");
    EXPECT_EQ(rmdir("/cg/a"), -EBUSY);
}

TEST_F(CgroupfsTest, Files_CannotBeCreatedOrRemoved)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    // vfs_create without ->create: EACCES; no ->unlink, ->mknod,
    // ->symlink, ->link: EPERM.
    EXPECT_EQ(open("/cg/a/new", O_CREAT | O_WRONLY, 0644), -EACCES);
    EXPECT_EQ(unlink("/cg/a/cgroup.procs"), -EPERM);
    EXPECT_EQ(mknod("/cg/a/fifo", S_IFIFO | 0644), -EPERM);
    EXPECT_EQ(symlink("x", "/cg/a/link"), -EPERM);
}

TEST_F(CgroupfsTest, ProcsWrite_MovesTheProcess)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    proc::Thread* child = fork_from(caller());
    ASSERT_GT(write_file("/cg/a/cgroup.procs", pid_of(*child) + "\n"), 0);
    EXPECT_EQ(read_file("/cg/a/cgroup.procs"), pid_of(*child) + "\n");
    EXPECT_EQ(read_file("/cg/a/cgroup.threads"), pid_of(*child) + "\n");
    EXPECT_EQ(read_file("/proc/" + pid_of(*child) + "/cgroup"), "0::/a\n");
    EXPECT_EQ(read_file("/proc/self/cgroup"), "0::/\n");
}

TEST_F(CgroupfsTest, ProcsWrite_ZeroMovesTheWriter)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    ASSERT_GT(write_file("/cg/a/cgroup.procs", "0"), 0);
    EXPECT_EQ(read_file("/proc/self/cgroup"), "0::/a\n");
}

TEST_F(CgroupfsTest, ProcsWrite_NotANumberOrNegative_IsEinval)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    EXPECT_EQ(write_file("/cg/a/cgroup.procs", "abc"), -EINVAL);
    EXPECT_EQ(write_file("/cg/a/cgroup.procs", "-1"), -EINVAL);
}

TEST_F(CgroupfsTest, ProcsWrite_NoSuchPid_IsEsrch)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    EXPECT_EQ(write_file("/cg/a/cgroup.procs", "2147483647"), -ESRCH);
}

TEST_F(CgroupfsTest, ProcsWrite_RemovedCgroup_IsEnodev)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    i64 fd = open("/cg/a/cgroup.procs", O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(rmdir("/cg/a"), 0);
    EXPECT_EQ(write_fd(fd, "0"), -ENODEV);
    close(fd);
}

TEST_F(CgroupfsTest, ProcsWrite_SubtreeControlEnabled_IsEbusy)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    i64 fd = open("/cg/a", O_RDONLY | O_DIRECTORY);
    auto cgroup = fs::cgroup_from_file(*caller().files->get(static_cast<int>(fd)));
    ASSERT_TRUE(cgroup.has_value());
    cgroup.value()->set_subtree_control(true);
    EXPECT_EQ(write_file("/cg/a/cgroup.procs", "0"), -EBUSY);
    close(fd);
}

// cgroup_procs_write_permission: the writer needs write permission on the
// common ancestor's cgroup.procs - delegating a subtree by chown lets its
// owner move processes within it, not into it from outside.
TEST_F(CgroupfsTest, ProcsWrite_NeedsTheCommonAncestorsProcs_IsEacces)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    ASSERT_EQ(mkdir("/cg/a/b"), 0);
    ASSERT_EQ(sys(__NR_chown, put("/cg/a/cgroup.procs"), 1000, 1000), 0);
    ASSERT_EQ(sys(__NR_chown, put("/cg/a/b/cgroup.procs"), 1000, 1000), 0);
    ASSERT_GT(write_file("/cg/a/cgroup.procs", "0"), 0);
    become_user(1000);
    // From a to a/b: the common ancestor is a, which 1000 owns.
    EXPECT_GT(write_file("/cg/a/b/cgroup.procs", "0"), 0);
    // From a/b back to the root: the root's cgroup.procs is root's.
    EXPECT_EQ(write_file("/cg/cgroup.procs", "0"), -EACCES);
}

TEST_F(CgroupfsTest, ThreadsWrite_IntoAnotherDomain_IsEopnotsupp)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    EXPECT_EQ(write_file("/cg/a/cgroup.threads", "0"), -EOPNOTSUPP);
    EXPECT_GT(write_file("/cg/cgroup.threads", "0"), 0);
}

TEST_F(CgroupfsTest, SubtreeControl_UnknownController_IsEinval)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    EXPECT_EQ(write_file("/cg/a/cgroup.subtree_control", "+nosuch"), -EINVAL);
    EXPECT_EQ(write_file("/cg/a/cgroup.subtree_control", " \n"), 2);
    EXPECT_EQ(write_file("/cg/a/cgroup.events", "1"), -EINVAL);
    EXPECT_EQ(write_file("/cg/a/cgroup.type", "threadedx"), -EINVAL);
}

TEST_F(CgroupfsTest, MaxDepth_LimitsMkdir_IsEagain)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    ASSERT_GT(write_file("/cg/a/cgroup.max.depth", "1"), 0);
    EXPECT_EQ(read_file("/cg/a/cgroup.max.depth"), "1\n");
    ASSERT_EQ(mkdir("/cg/a/b"), 0);
    EXPECT_EQ(mkdir("/cg/a/b/c"), -EAGAIN);
    EXPECT_EQ(write_file("/cg/a/cgroup.max.depth", "-1"), -ERANGE);
}

// cgroup_kill_write: "1" kills every process of the subtree; another
// number is ERANGE.
TEST_F(CgroupfsTest, Kill_OneKillsTheSubtree)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    ASSERT_EQ(mkdir("/cg/a/b"), 0);
    proc::Thread* inside = fork_from(caller());
    proc::Thread* outside = fork_from(caller());
    ASSERT_GT(write_file("/cg/a/b/cgroup.procs", pid_of(*inside)), 0);
    EXPECT_EQ(write_file("/cg/a/cgroup.kill", "2"), -ERANGE);
    EXPECT_GT(write_file("/cg/a/cgroup.kill", "1"), 0);
    EXPECT_TRUE(inside->has_fatal_signal());
    EXPECT_FALSE(outside->has_fatal_signal());
    EXPECT_FALSE(caller().has_fatal_signal());
}

// cgroup_exit: a process leaves the counts when its last thread exits,
// before it is reaped.
TEST_F(CgroupfsTest, Exit_ZombieLeavesProcsAndPopulated)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    proc::Thread* child = fork_from(caller());
    const std::string pid = pid_of(*child);
    ASSERT_GT(write_file("/cg/a/cgroup.procs", pid), 0);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(read_file("/cg/a/cgroup.procs"), "");
    EXPECT_EQ(read_file("/cg/a/cgroup.events"), "populated 0\nfrozen 0\n");
    EXPECT_EQ(read_file("/proc/" + pid + "/cgroup"), "0::/a\n");
    EXPECT_EQ(rmdir("/cg/a"), 0);
}

// cgroup_namespaces(7): unshare(CLONE_NEWCGROUP) roots the view at the
// caller's cgroup; what is outside shows as "/..".
TEST_F(CgroupfsTest, Namespace_RootsProcCgroupAtTheCallersCgroup)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    ASSERT_EQ(mkdir("/cg/a/b"), 0);
    ASSERT_EQ(mkdir("/cg/c"), 0);
    ASSERT_GT(write_file("/cg/a/b/cgroup.procs", "0"), 0);
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWCGROUP), 0);
    EXPECT_EQ(read_file("/proc/self/cgroup"), "0::/\n");
    EXPECT_EQ(read_file("/proc/1/cgroup"), "0::/../..\n");
    ASSERT_GT(write_file("/cg/c/cgroup.procs", "0"), 0);
    EXPECT_EQ(read_file("/proc/self/cgroup"), "0::/../../c\n");
}

TEST_F(CgroupfsTest, Namespace_MountShowsTheTreeFromItsRoot)
{
    ASSERT_EQ(mkdir("/cg/a"), 0);
    ASSERT_EQ(mkdir("/cg/a/inner"), 0);
    ASSERT_GT(write_file("/cg/a/cgroup.procs", "0"), 0);
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWCGROUP), 0);
    ASSERT_EQ(mkdir("/view"), 0);
    ASSERT_EQ(mount_cgroup2("/view"), 0);
    EXPECT_EQ(read_file("/view/cgroup.type"), "domain\n");
    EXPECT_EQ(mode_of("/view/inner"), 0755);
    EXPECT_EQ(mode_of("/view/a"), -ENOENT);
    EXPECT_EQ(read_file("/view/cgroup.procs"), pid_of(caller()) + "\n");
}

} // namespace
} // namespace sirius::testing
