// Namespace files (Linux fs/nsfs.c and fs/proc/namespaces.c): following
// /proc/<pid>/ns/<type> opens the namespace's file, whose st_ino is the
// namespace's inode number and st_dev nsfs's; ioctl_ns(2) on it. Each
// expectation was checked against the host's Linux first
// (tests/integration/programs/setns.c runs the same on both).
#include <cstring>
#include <linux/nsfs.h>
#include <sched.h>

#include "core/fs/nsfs.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class NsfsTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_TRUE(kernel->mount_boot_file_systems().has_value());
    }
    struct stat stat_of(const std::string& path, bool follow = true)
    {
        struct stat st { };
        const i64 got = sys(follow ? __NR_stat : __NR_lstat, put(path), kBuffer);
        EXPECT_EQ(got, 0) << path;
        std::string bytes = load(kBuffer, sizeof(st));
        std::memcpy(&st, bytes.data(), sizeof(st));
        return st;
    }
    struct stat fstat_of(i64 fd)
    {
        struct stat st { };
        EXPECT_EQ(sys(__NR_fstat, static_cast<u64>(fd), kBuffer), 0);
        std::string bytes = load(kBuffer, sizeof(st));
        std::memcpy(&st, bytes.data(), sizeof(st));
        return st;
    }
    i64 ioctl(i64 fd, u64 command, u64 argument = 0) { return sys(__NR_ioctl, static_cast<u64>(fd), command, argument); }
    std::string readlink(const std::string& path)
    {
        const i64 got = sys(__NR_readlink, put(path), kBuffer, 4096);
        return got < 0 ? "<errno " + std::to_string(-got) + ">" : load(kBuffer, static_cast<usize>(got));
    }
    const ns::NamespaceSet& namespaces() { return caller().namespaces->namespaces(); }
};

// __ns_get_path: "inode->i_ino = ns->inum; ... S_IFREG | S_IRUGO".
TEST_F(NsfsTest, OpeningANsLink_GivesTheNamespaceFile)
{
    const i64 fd = open("/proc/self/ns/uts", O_RDONLY);
    ASSERT_GE(fd, 0);
    const struct stat st = fstat_of(fd);
    EXPECT_EQ(st.st_ino, namespaces().uts->inode());
    EXPECT_EQ(st.st_mode, static_cast<mode_t>(S_IFREG | 0444));
    EXPECT_EQ(st.st_nlink, 1U);
    EXPECT_EQ(st.st_dev, kernel->nsfs_mount()->super_block().device());
    ASSERT_NE(fs::namespace_of(*caller().files->get(static_cast<int>(fd))), nullptr);
}

TEST_F(NsfsTest, StatFollowsTheLink_LstatDoesNot)
{
    const struct stat followed = stat_of("/proc/self/ns/mnt");
    EXPECT_EQ(followed.st_ino, namespaces().mount->inode());
    EXPECT_TRUE(S_ISLNK(stat_of("/proc/self/ns/mnt", false).st_mode));
}

TEST_F(NsfsTest, EveryNamespaceFile_HasOneDevice)
{
    const dev_t device = stat_of("/proc/self/ns/uts").st_dev;
    for (const char* type : { "net", "ipc", "pid", "pid_for_children", "user", "mnt", "cgroup", "time", "time_for_children" }) {
        EXPECT_EQ(stat_of(std::string("/proc/self/ns/") + type).st_dev, device) << type;
    }
    EXPECT_EQ(stat_of("/proc/self/ns/user").st_ino, caller().credentials->user_ns->inode());
}

TEST_F(NsfsTest, OPathOpen_FollowsTheLinkToo)
{
    const i64 fd = open("/proc/self/ns/uts", O_PATH);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(fstat_of(fd).st_ino, namespaces().uts->inode());
    // ioctl's fdget does not take an O_PATH file.
    EXPECT_EQ(ioctl(fd, NS_GET_NSTYPE), -EBADF);
}

TEST_F(NsfsTest, OpenForWriting_IsEperm)
{
    // "inode->i_flags |= S_IMMUTABLE": inode_permission's EPERM, root too.
    EXPECT_EQ(open("/proc/self/ns/uts", O_WRONLY), -EPERM);
    EXPECT_EQ(open("/proc/self/ns/uts", O_RDONLY | O_TRUNC), -EPERM);
}

TEST_F(NsfsTest, WalkingThroughTheFile_IsEnotdir)
{
    EXPECT_EQ(open("/proc/self/ns/uts/", O_RDONLY), -ENOTDIR);
    EXPECT_EQ(open("/proc/self/ns/uts/x", O_RDONLY), -ENOTDIR);
}

TEST_F(NsfsTest, TheFdLink_NamesTheNamespace)
{
    // ns_dname: "%s:[%lu]".
    const i64 fd = open("/proc/self/ns/ipc", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(readlink("/proc/self/fd/" + std::to_string(fd)), "ipc:[" + std::to_string(namespaces().ipc->inode()) + "]");
}

TEST_F(NsfsTest, AfterUnshare_TheLinkLeadsToTheNewNamespace)
{
    const i64 old_fd = open("/proc/self/ns/uts", O_RDONLY);
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWUTS), 0);
    EXPECT_NE(stat_of("/proc/self/ns/uts").st_ino, fstat_of(old_fd).st_ino);
    EXPECT_EQ(stat_of("/proc/self/ns/uts").st_ino, namespaces().uts->inode());
}

TEST_F(NsfsTest, PidForChildrenBeforeItsInit_IsEnoent)
{
    // pidns_for_children_get: "if (!ns->child_reaper) ... ns = NULL" - the
    // link is there (lstat), reading and following it is ENOENT.
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWPID), 0);
    EXPECT_TRUE(S_ISLNK(stat_of("/proc/self/ns/pid_for_children", false).st_mode));
    EXPECT_EQ(readlink("/proc/self/ns/pid_for_children"), "<errno " + std::to_string(ENOENT) + ">");
    EXPECT_EQ(open("/proc/self/ns/pid_for_children", O_RDONLY), -ENOENT);
}

TEST_F(NsfsTest, AnotherUsersLinks_AreEacces)
{
    // proc_ns_get_link and proc_ns_readlink: ptrace_may_access(task,
    // PTRACE_MODE_READ_FSCREDS), else EACCES.
    const std::string init = "/proc/1/ns/uts";
    become_user(1000);
    EXPECT_EQ(readlink(init), "<errno " + std::to_string(EACCES) + ">");
    EXPECT_EQ(open(init, O_RDONLY), -EACCES);
    EXPECT_TRUE(S_ISLNK(stat_of(init, false).st_mode));
    EXPECT_GE(open("/proc/self/ns/uts", O_RDONLY), 0);
}

TEST_F(NsfsTest, NsGetNstype_IsTheCloneFlag)
{
    // ioctl_ns(2) NS_GET_NSTYPE: "the CLONE_NEW* value".
    EXPECT_EQ(ioctl(open("/proc/self/ns/uts", O_RDONLY), NS_GET_NSTYPE), CLONE_NEWUTS);
    EXPECT_EQ(ioctl(open("/proc/self/ns/pid_for_children", O_RDONLY), NS_GET_NSTYPE), CLONE_NEWPID);
    EXPECT_EQ(ioctl(open("/proc/self/ns/time_for_children", O_RDONLY), NS_GET_NSTYPE), CLONE_NEWTIME);
    EXPECT_EQ(ioctl(open("/proc/self/ns/mnt", O_RDONLY), NS_GET_NSTYPE), CLONE_NEWNS);
    EXPECT_EQ(ioctl(open("/proc/self/ns/uts", O_RDONLY), _IO(NSIO, 0x7f)), -ENOTTY);
}

TEST_F(NsfsTest, NsGetUserns_OpensTheOwnerReadOnlyAndCloseOnExec)
{
    const i64 fd = ioctl(open("/proc/self/ns/uts", O_RDONLY), NS_GET_USERNS);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(fstat_of(fd).st_ino, caller().credentials->user_ns->inode());
    EXPECT_TRUE(caller().files->close_on_exec(static_cast<int>(fd)));
    EXPECT_EQ(caller().files->get(static_cast<int>(fd))->status_flags() & O_ACCMODE, static_cast<u32>(O_RDONLY));
    // ioctl_ns(2) EPERM: "The requested namespace is outside of the
    // caller's namespace scope" - the initial user namespace has no owner.
    EXPECT_EQ(ioctl(open("/proc/self/ns/user", O_RDONLY), NS_GET_USERNS), -EPERM);
}

TEST_F(NsfsTest, NsGetParent_OfAPidNamespaceOutsideTheView_IsEperm)
{
    const i64 root = open("/proc/self/ns/pid", O_RDONLY);
    EXPECT_EQ(ioctl(root, NS_GET_PARENT), -EPERM);
    // "EINVAL: ... the namespace type has no parent": uts.
    EXPECT_EQ(ioctl(open("/proc/self/ns/uts", O_RDONLY), NS_GET_PARENT), -EINVAL);
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWPID), 0);
    auto child_ns = fs::open_namespace_file(*kernel, caller(), ns::NamespaceHandle(caller().namespaces->namespaces().pid_for_children));
    ASSERT_TRUE(child_ns.has_value());
    const i64 parent = ioctl(child_ns.value(), NS_GET_PARENT);
    ASSERT_GE(parent, 0);
    EXPECT_EQ(fstat_of(parent).st_ino, fstat_of(root).st_ino);
}

TEST_F(NsfsTest, NsGetOwnerUid_OfAUserNamespaceOnly)
{
    const i64 user = open("/proc/self/ns/user", O_RDONLY);
    poke(kBuffer, 12345);
    EXPECT_EQ(ioctl(user, NS_GET_OWNER_UID, kBuffer), 0);
    EXPECT_EQ(peek(kBuffer), 0);
    EXPECT_EQ(ioctl(user, NS_GET_OWNER_UID, 8), -EFAULT);
    EXPECT_EQ(ioctl(open("/proc/self/ns/uts", O_RDONLY), NS_GET_OWNER_UID, kBuffer), -EINVAL);
}

} // namespace
} // namespace sirius::testing
