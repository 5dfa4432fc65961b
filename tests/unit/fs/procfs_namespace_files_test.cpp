// /proc/<pid>/uid_map, gid_map, setgroups and timens_offsets
// (core/fs/procfs/proc_namespace_files.cpp, core/proc/id_map_write.cpp,
// core/proc/time_offsets_write.cpp): each test names the rule of
// user_namespaces(7) or time_namespaces(7) it checks. The texts are the
// host's (tests/integration/programs/user_namespace.c prints them).
#include <cstring>
#include <linux/prctl.h>
#include <sched.h>
#include <string>
#include <sys/syscall.h>
#include <time.h>

#include "core/ns/nsproxy.h"
#include "core/proc/kernel.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class ProcfsNamespaceFilesTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_TRUE(kernel->mount_boot_file_systems().has_value());
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
    // One write(2) of `text`: its result, or -errno (also of the open).
    i64 write_file(const std::string& path, const std::string& text)
    {
        i64 fd = open(path, O_WRONLY);
        if (fd < 0) {
            return fd;
        }
        put_bytes(kBuffer, text.data(), text.size());
        i64 written = sys(__NR_write, static_cast<u64>(fd), kBuffer, text.size());
        close(fd);
        return written;
    }
    i64 ok_size(const std::string& text) { return static_cast<i64>(text.size()); }
    std::string pid_of(proc::Thread& thread) { return std::to_string(thread.process().pid().innermost_nr()); }
    // The caller as an unprivileged uid and gid 1000 in the initial
    // namespace, then in a new user namespace of its own.
    void become_unprivileged_in_new_user_namespace()
    {
        ASSERT_EQ(sys(__NR_setresgid, 1000, 1000, 1000), 0);
        become_user(1000);
        // Changing ids made the process non-dumpable, so its /proc files
        // are root's (task_dump_owner): dumpable again, as user-namespace
        // tools do before they write their maps.
        ASSERT_EQ(sys(__NR_prctl, PR_SET_DUMPABLE, 1), 0);
        ASSERT_EQ(sys(__NR_unshare, CLONE_NEWUSER), 0);
    }
    // A child of the caller in a new user namespace (the caller stays
    // outside, root of the initial one).
    proc::Thread* child_in_new_user_namespace()
    {
        proc::Thread* child = fork_from(caller());
        if (child == nullptr) {
            return nullptr;
        }
        proc::Thread* parent = m_caller;
        m_caller = child;
        EXPECT_EQ(sys(__NR_unshare, CLONE_NEWUSER), 0);
        m_caller = parent;
        return child;
    }
};

// user_namespaces(7): the initial namespace's map is "0 0 4294967295".
TEST_F(ProcfsNamespaceFilesTest, UidMap_Initial_IsTheWholeRange)
{
    EXPECT_EQ(read_file("/proc/self/uid_map"), "         0          0 4294967295\n");
    EXPECT_EQ(read_file("/proc/self/gid_map"), "         0          0 4294967295\n");
    EXPECT_EQ(read_file("/proc/self/setgroups"), "allow\n");
}

// proc_uid_map_write: "if (!ns->parent) return -EPERM".
TEST_F(ProcfsNamespaceFilesTest, UidMap_InitialNamespace_IsEperm)
{
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 0 1\n"), -EPERM);
    EXPECT_EQ(read_file("/proc/self/uid_map"), "         0          0 4294967295\n");
}

// user_namespaces(7): a new namespace has no map, and its ids show as the
// overflow id until one is written.
TEST_F(ProcfsNamespaceFilesTest, UidMap_NewNamespace_IsEmptyAndIdsAreOverflow)
{
    become_unprivileged_in_new_user_namespace();
    EXPECT_EQ(read_file("/proc/self/uid_map"), "");
    EXPECT_EQ(sys(__NR_getuid), 65534);
}

// user_namespaces(7): "the writing process ... a single line that maps the
// writing process's effective user ID in the parent user namespace to a user
// ID in the user namespace" - then the ids show through the map.
TEST_F(ProcfsNamespaceFilesTest, UidMap_UnprivilegedOwnId_MapsTheCaller)
{
    become_unprivileged_in_new_user_namespace();
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 1\n"), 9);
    EXPECT_EQ(sys(__NR_getuid), 0);
    EXPECT_EQ(sys(__NR_geteuid), 0);
    EXPECT_EQ(read_file("/proc/self/uid_map"), "         0       1000          1\n");
    const std::string status = read_file("/proc/self/status");
    EXPECT_NE(status.find("\nUid:\t0\t0\t0\t0\n"), std::string::npos) << status;
    // cp_new_stat: the owner as the caller's namespace names it.
    ASSERT_EQ(sys(__NR_stat, put("/proc/self/status"), kBuffer), 0);
    struct stat buffer { };
    std::string bytes = load(kBuffer, sizeof(buffer));
    std::memcpy(&buffer, bytes.data(), sizeof(buffer));
    EXPECT_EQ(buffer.st_uid, 0U);
}

// user_namespaces(7): unprivileged, only one id, and only one's own.
TEST_F(ProcfsNamespaceFilesTest, UidMap_UnprivilegedOtherIdOrRange_IsEperm)
{
    become_unprivileged_in_new_user_namespace();
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 2\n"), -EPERM);
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 999 1\n"), -EPERM);
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 1\n1 2000 1\n"), -EPERM);
    EXPECT_EQ(read_file("/proc/self/uid_map"), "");
}

// user_namespaces(7): "writing to /proc/pid/gid_map ... setgroups(2) is
// denied" - an unprivileged gid_map needs "deny" in setgroups first.
TEST_F(ProcfsNamespaceFilesTest, GidMap_UnprivilegedBeforeDeny_IsEperm_AfterDenyWorks)
{
    become_unprivileged_in_new_user_namespace();
    EXPECT_EQ(write_file("/proc/self/gid_map", "0 1000 1\n"), -EPERM);
    EXPECT_EQ(write_file("/proc/self/setgroups", "deny"), 4);
    EXPECT_EQ(read_file("/proc/self/setgroups"), "deny\n");
    EXPECT_EQ(write_file("/proc/self/gid_map", "0 1000 1\n"), 9);
    EXPECT_EQ(sys(__NR_getgid), 0);
}

// user_namespaces(7): "Each map may be written only once"; a second write is
// EPERM whatever it says.
TEST_F(ProcfsNamespaceFilesTest, UidMap_SecondWrite_IsEperm)
{
    become_unprivileged_in_new_user_namespace();
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 1"), 8);
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 1"), -EPERM);
    EXPECT_EQ(write_file("/proc/self/uid_map", "garbage"), -EPERM);
}

// A failed write leaves the map unwritten: the next may still succeed.
TEST_F(ProcfsNamespaceFilesTest, UidMap_AfterAFailedWrite_CanBeWritten)
{
    become_unprivileged_in_new_user_namespace();
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 x"), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 1"), 8);
}

// user_namespaces(7): "The range of user IDs specified in each line cannot
// overlap with the ranges in any other lines", inside or below.
TEST_F(ProcfsNamespaceFilesTest, UidMap_Overlap_IsEinval)
{
    proc::Thread* child = child_in_new_user_namespace();
    ASSERT_NE(child, nullptr);
    const std::string path = "/proc/" + pid_of(*child) + "/uid_map";
    EXPECT_EQ(write_file(path, "0 0 10\n5 100 10\n"), -EINVAL);
    EXPECT_EQ(write_file(path, "0 0 10\n100 5 10\n"), -EINVAL);
    EXPECT_EQ(write_file(path, "0 0 10\n10 10 10\n"), ok_size("0 0 10\n10 10 10\n"));
}

// user_namespaces(7): "the write must be performed ... at offset 0", in one
// write under a page; and seq_open's files take no pwrite(2).
TEST_F(ProcfsNamespaceFilesTest, UidMap_NotAtOffsetZeroOrAPage_IsEinval_PwriteIsEspipe)
{
    become_unprivileged_in_new_user_namespace();
    i64 fd = open("/proc/self/uid_map", O_WRONLY);
    ASSERT_GE(fd, 0);
    put_bytes(kBuffer, "0 1000 1\n", 9);
    EXPECT_EQ(sys(__NR_pwrite64, static_cast<u64>(fd), kBuffer, 9, 0), -ESPIPE);
    ASSERT_EQ(sys(__NR_lseek, static_cast<u64>(fd), 1, SEEK_SET), 1);
    EXPECT_EQ(sys(__NR_write, static_cast<u64>(fd), kBuffer, 9), -EINVAL);
    ASSERT_EQ(sys(__NR_lseek, static_cast<u64>(fd), 0, SEEK_SET), 0);
    std::string page(4096, ' ');
    page.replace(0, 8, "0 1000 1");
    put_bytes(kBuffer, page.data(), page.size());
    EXPECT_EQ(sys(__NR_write, static_cast<u64>(fd), kBuffer, 4096), -EINVAL);
    // 4095 bytes (PAGE_SIZE - 1) are allowed.
    EXPECT_EQ(sys(__NR_write, static_cast<u64>(fd), kBuffer, 4095), 4095);
    close(fd);
}

std::string lines(int count)
{
    std::string text;
    for (int i = 0; i < count; ++i) {
        text += std::to_string(i) + " " + std::to_string(1000 + i) + " 1\n";
    }
    return text;
}

// user_namespaces(7): "Since Linux 4.15, 340 lines" (UID_GID_MAP_MAX_EXTENTS).
TEST_F(ProcfsNamespaceFilesTest, UidMap_341Lines_IsEinval_340Fit)
{
    proc::Thread* child = child_in_new_user_namespace();
    ASSERT_NE(child, nullptr);
    const std::string path = "/proc/" + pid_of(*child) + "/uid_map";
    ASSERT_LT(lines(341).size(), 4096U);
    EXPECT_EQ(write_file(path, lines(341)), -EINVAL);
    EXPECT_EQ(write_file(path, lines(340)), ok_size(lines(340)));
    EXPECT_EQ(child->credentials->user_ns->uid_map().size(), 340U);
}

// user_namespaces(7): each line "must be ... mapped in the parent user
// namespace" (map_id_range_down fails: EPERM); and a reader outside sees
// the lower ids as its namespace names them.
TEST_F(ProcfsNamespaceFilesTest, UidMap_OutsideTheParentsMap_IsEperm_AndReadsTranslated)
{
    proc::Thread* middle = child_in_new_user_namespace();
    ASSERT_NE(middle, nullptr);
    const std::string middle_pid = pid_of(*middle);
    EXPECT_EQ(write_file("/proc/" + middle_pid + "/uid_map", "0 0 1\n1 100001 999\n"), 19);
    EXPECT_EQ(write_file("/proc/" + middle_pid + "/gid_map", "0 0 1\n1 100001 999\n"), 19);
    proc::Thread* top = m_caller;
    m_caller = middle;
    proc::Thread* grandchild = child_in_new_user_namespace();
    ASSERT_NE(grandchild, nullptr);
    const std::string path = "/proc/" + pid_of(*grandchild) + "/uid_map";
    EXPECT_EQ(write_file(path, "0 500 1000\n"), -EPERM);
    EXPECT_EQ(write_file(path, "0 1000 1\n"), -EPERM);
    // [0, 2) crosses two extents of the parent's map.
    EXPECT_EQ(write_file(path, "0 0 2\n"), -EPERM);
    EXPECT_EQ(write_file(path, "0 10 20\n100 40 5\n"), 17);
    EXPECT_EQ(read_file(path), "         0         10         20\n       100         40          5\n");
    m_caller = top;
    EXPECT_EQ(read_file(path), "         0     100010         20\n       100     100040          5\n");
    // proc_uid_map_write: an opener neither in the namespace nor its parent.
    EXPECT_EQ(write_file("/proc/" + pid_of(*grandchild) + "/gid_map", "0 0 1\n"), -EPERM);
}

// map_write's parser: three numbers, spaces and tabs between, the last line
// without a newline, nothing else.
TEST_F(ProcfsNamespaceFilesTest, UidMap_Garbage_IsEinval)
{
    proc::Thread* child = child_in_new_user_namespace();
    ASSERT_NE(child, nullptr);
    const std::string path = "/proc/" + pid_of(*child) + "/uid_map";
    for (const char* bad : { "0 0\n", "0 0 x\n", "0 0 1 junk\n", "-1 0 1\n", "+1 0 1\n", "0 0 0\n", "4294967295 0 1\n", "0 4294967295 1\n",
             "4294967294 0 2\n", "\n", "0 0 1\n\n1 1 1\n" }) {
        EXPECT_EQ(write_file(path, bad), -EINVAL) << bad;
    }
    // vfs_write calls the file's write even for 0 bytes: no line, EINVAL.
    EXPECT_EQ(write_file(path, ""), -EINVAL);
    EXPECT_EQ(write_file("/proc/" + pid_of(*child) + "/setgroups", ""), -EINVAL);
    EXPECT_EQ(write_file(path, "  0 \t 1000   5"), 14);
}

// user_namespaces(7): setgroups "deny" is refused once gid_map is written,
// "allow" after "deny"; "allow" where it is allowed changes nothing.
TEST_F(ProcfsNamespaceFilesTest, Setgroups_DenyAfterGidMapOrAllowAfterDeny_IsEperm)
{
    become_unprivileged_in_new_user_namespace();
    EXPECT_EQ(write_file("/proc/self/setgroups", "allow\n"), 6);
    EXPECT_EQ(write_file("/proc/self/setgroups", "nope"), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/setgroups", "denyx"), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/setgroups", "deny    "), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/setgroups", "deny \n"), 6);
    EXPECT_EQ(write_file("/proc/self/setgroups", "allow"), -EPERM);
    EXPECT_EQ(write_file("/proc/self/gid_map", "0 1000 1"), 8);
    EXPECT_EQ(write_file("/proc/self/setgroups", "deny"), -EPERM);
    // setgroups(2): "EPERM ... the use of setgroups() is denied in this user
    // namespace".
    EXPECT_EQ(write_file("/proc/self/uid_map", "0 1000 1"), 8);
    EXPECT_EQ(sys(__NR_setgroups, 0, 0), -EPERM);
}

// user_namespaces(7): "a child user namespace inherits the setgroups
// setting" of its parent at creation.
TEST_F(ProcfsNamespaceFilesTest, Setgroups_DenyIsInheritedByChildNamespaces)
{
    become_unprivileged_in_new_user_namespace();
    ASSERT_EQ(write_file("/proc/self/setgroups", "deny"), 4);
    ASSERT_EQ(write_file("/proc/self/uid_map", "0 1000 1"), 8);
    ASSERT_EQ(write_file("/proc/self/gid_map", "0 1000 1"), 8);
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWUSER), 0);
    EXPECT_EQ(read_file("/proc/self/setgroups"), "deny\n");
}

// proc_setgroups_open: opening for writing needs CAP_SYS_ADMIN over the
// namespace (EACCES at open).
TEST_F(ProcfsNamespaceFilesTest, Setgroups_OpenForWritingWithoutCapSysAdmin_IsEacces)
{
    proc::Thread* child = child_in_new_user_namespace();
    ASSERT_NE(child, nullptr);
    // The caller in a sibling namespace: it owns the file (same kernel
    // uid) but has no capability over the child's namespace.
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWUSER), 0);
    EXPECT_EQ(open("/proc/" + pid_of(*child) + "/setgroups", O_WRONLY), -EACCES);
    EXPECT_GE(open("/proc/" + pid_of(*child) + "/setgroups", O_RDONLY), 0);
}

// time_namespaces(7): the offsets read as "%-10s %10lld %9ld".
TEST_F(ProcfsNamespaceFilesTest, TimensOffsets_ReadsLinuxsColumns)
{
    EXPECT_EQ(read_file("/proc/self/timens_offsets"), "monotonic           0         0\nboottime            0         0\n");
}

// time_namespaces(7): the namespace the caller is in already has a task:
// its offsets are fixed (EACCES).
TEST_F(ProcfsNamespaceFilesTest, TimensOffsets_OfAnEnteredNamespace_IsEacces)
{
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic 1 0"), -EACCES);
}

// time_namespaces(7): written after unshare(CLONE_NEWTIME), before a child
// is made; children run with the offsets; afterwards EACCES.
TEST_F(ProcfsNamespaceFilesTest, TimensOffsets_WrittenBeforeAChild_ShiftItsClocks)
{
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWTIME), 0);
    const std::string text = "monotonic 86400 0\nboottime -1 999999999\nmonotonic x y\n";
    // Two lines at most: the write consumes them only.
    EXPECT_EQ(write_file("/proc/self/timens_offsets", text), 40);
    EXPECT_EQ(read_file("/proc/self/timens_offsets"), "monotonic       86400         0\nboottime           -1 999999999\n");
    EXPECT_EQ(caller().namespaces->namespaces().time->offsets().monotonic_ns, 0);
    proc::Thread* child = fork_from(caller());
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->namespaces->namespaces().time->offsets().monotonic_ns, 86400LL * 1000000000LL);
    EXPECT_EQ(child->namespaces->namespaces().time->offsets().boottime_ns, -1);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic 1 0"), -EACCES);
}

// proc_timens_set_offset: CAP_SYS_TIME over the namespace's owner (EPERM),
// nanoseconds below a second, the two clocks only (EINVAL), and a clock
// that stays in [0, KTIME_SEC_MAX / 2] (ERANGE).
TEST_F(ProcfsNamespaceFilesTest, TimensOffsets_BadValues_AreEinvalOrErange_WithoutCapSysTime_IsEperm)
{
    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWTIME), 0);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic 0 1000000000"), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic 0 -1"), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "realtime 0 0"), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", ""), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic 1"), -EINVAL);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic -9000000000 0"), -ERANGE);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic 10000000000 0"), -ERANGE);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "boottime 5000000000 0"), -ERANGE);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "1 100 5"), 7);
    EXPECT_EQ(read_file("/proc/self/timens_offsets"), "monotonic         100         5\nboottime            0         0\n");
    proc::CapabilitySet without = proc::CapabilitySet::full();
    without.remove(CAP_SYS_TIME);
    become_user(0, without);
    EXPECT_EQ(write_file("/proc/self/timens_offsets", "monotonic 1 0"), -EPERM);
}

} // namespace
} // namespace sirius::testing
