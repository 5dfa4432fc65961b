// procfs (core/fs/procfs): the entries Linux's fs/proc has and their
// formats - do_task_stat's 52 fields, task_state's lines, show_map's
// columns, meminfo's widths, ns_get_name's "type:[inode]" - each checked
// against the host's /proc first.
#include <cstdio>
#include <cstring>
#include <csignal>
#include <sched.h>
#include <linux/ipc.h>
#include <linux/prctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <algorithm>
#include <vector>

#include "core/fs/file_system_types.h"
#include "core/fs/vfs_file.h"
#include "core/mm/memory_descriptor.h"
#include "core/ns/nsproxy.h"
#include "core/syscall/path_argument.h"
#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class ProcfsTest : public VfsTest {
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
        std::string text;
        for (;;) {
            std::string chunk = read_fd(fd, 4096);
            if (chunk.empty() || chunk[0] == '<') {
                break;
            }
            text += chunk;
        }
        close(fd);
        return text;
    }
    std::string readlink(const std::string& path)
    {
        i64 got = sys(__NR_readlink, put(path), kBuffer, 4096);
        if (got < 0) {
            return "<errno " + std::to_string(-got) + ">";
        }
        return load(kBuffer, static_cast<usize>(got));
    }
    std::string caller_pid() { return std::to_string(caller().process().pid().innermost_nr()); }
    std::vector<std::string> list(const std::string& path)
    {
        std::vector<std::string> names;
        i64 fd = open(path, O_RDONLY | O_DIRECTORY);
        EXPECT_GE(fd, 0) << path;
        for (;;) {
            i64 got = sys(__NR_getdents64, static_cast<u64>(fd), kBuffer, 512);
            if (got <= 0) {
                break;
            }
            std::string bytes = load(kBuffer, static_cast<usize>(got));
            for (usize at = 0; at < bytes.size();) {
                u16 length = 0;
                std::memcpy(&length, bytes.data() + at + 16, 2);
                names.emplace_back(bytes.c_str() + at + 19);
                at += length;
            }
        }
        close(fd);
        return names;
    }
};

// proc(5): "/proc/self ... a link to the /proc/pid directory of the
// process accessing it".
TEST_F(ProcfsTest, Self_IsTheCallersPid)
{
    EXPECT_EQ(readlink("/proc/self"), caller_pid());
    EXPECT_TRUE(exists("/proc/self/stat"));
}

TEST_F(ProcfsTest, ThreadSelf_IsPidTaskTid)
{
    EXPECT_EQ(readlink("/proc/thread-self"), caller_pid() + "/task/" + caller_pid());
    EXPECT_TRUE(exists("/proc/thread-self/status"));
    EXPECT_EQ(list("/proc/self/task"), (std::vector<std::string> { ".", "..", caller_pid() }));
}

// proc_pid_stat(5): 52 fields, "pid (comm) state ppid pgrp session ...".
TEST_F(ProcfsTest, PidStat_HasLinuxsFieldsInOrder)
{
    const std::string text = read_file("/proc/self/stat");
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    const usize close_paren = text.rfind(')');
    ASSERT_NE(close_paren, std::string::npos);
    usize fields = 2;
    for (usize i = close_paren + 1; i < text.size() - 1; ++i) {
        fields += text[i] == ' ';
    }
    EXPECT_EQ(fields, 52U);
    int pid = 0;
    int ppid = 0;
    char state = 0;
    char comm[32] = {};
    ASSERT_EQ(std::sscanf(text.c_str(), "%d (%31[^)]) %c %d", &pid, comm, &state, &ppid), 4);
    EXPECT_EQ(std::to_string(pid), caller_pid());
    EXPECT_EQ(ppid, 1);
    EXPECT_EQ(state, 'S');
}

// proc_pid_status(5): "Name:\t", "State:\t", "Pid:\t", "Uid:\t" with four
// tab-separated ids.
TEST_F(ProcfsTest, PidStatus_HasTaskStateLines)
{
    const std::string text = read_file("/proc/self/status");
    EXPECT_EQ(text.rfind("Name:\t", 0), 0U) << text;
    EXPECT_NE(text.find("\nState:\tS (sleeping)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nPid:\t" + caller_pid() + "\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nPPid:\t1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nUid:\t0\t0\t0\t0\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nSigBlk:\t0000000000000000\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nThreads:\t1\n"), std::string::npos) << text;
}

// meminfo: "MemTotal:" padded to 16 columns, the value in 8, " kB".
TEST_F(ProcfsTest, Meminfo_LinesAreLinuxWidths)
{
    const std::string text = read_file("/proc/meminfo");
    ASSERT_GT(text.size(), 28U);
    EXPECT_EQ(text.substr(0, 16), "MemTotal:       ");
    EXPECT_EQ(text.substr(24, 4), " kB\n");
    EXPECT_NE(text.find("\nMemAvailable:   "), std::string::npos);
}

TEST_F(ProcfsTest, Uptime_IsTwoCentisecondNumbers)
{
    const std::string text = read_file("/proc/uptime");
    unsigned long a = 0, b = 0, c = 0, d = 0;
    EXPECT_EQ(std::sscanf(text.c_str(), "%lu.%2lu %lu.%2lu", &a, &b, &c, &d), 4) << text;
}

TEST_F(ProcfsTest, Filesystems_ListsTheTypesAsNodev)
{
    EXPECT_EQ(read_file("/proc/filesystems"), "nodev\ttmpfs\nnodev\tproc\nnodev\tcgroup2\nnodev\tdevtmpfs\nnodev\tramfs\n");
}

TEST_F(ProcfsTest, Mounts_IsALinkToSelfMounts)
{
    EXPECT_EQ(readlink("/proc/mounts"), "self/mounts");
    const std::string text = read_file("/proc/mounts");
    EXPECT_NE(text.find("devtmpfs /dev devtmpfs rw,relatime,size="), std::string::npos) << text;
    EXPECT_NE(text.find("proc /proc proc rw,relatime 0 0\n"), std::string::npos) << text;
}

// show_map: "start-end perms offset dev inode", the name at column 73.
TEST_F(ProcfsTest, Maps_LinesHaveLinuxColumns)
{
    ASSERT_GT(sys(__NR_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, static_cast<u64>(-1), 0), 0);
    ASSERT_GT(sys(__NR_mmap, 0, 4096, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS, static_cast<u64>(-1), 0), 0);
    const std::string text = read_file("/proc/self/maps");
    EXPECT_NE(text.find(" rw-p 00000000 00:00 0 \n"), std::string::npos) << text;
    EXPECT_NE(text.find(" r-xs 00000000 00:00 0 \n"), std::string::npos) << text;
    usize lines = 0;
    for (usize at = 0; at < text.size();) {
        usize end = text.find('\n', at);
        ASSERT_NE(end, std::string::npos);
        const std::string line = text.substr(at, end - at);
        unsigned long start = 0, stop = 0, offset = 0, inode = 0;
        unsigned dev_major = 0, dev_minor = 0;
        char perms[5] = {};
        EXPECT_EQ(std::sscanf(line.c_str(), "%lx-%lx %4s %lx %x:%x %lu", &start, &stop, perms, &offset, &dev_major, &dev_minor, &inode), 7) << line;
        if (line.find('[') != std::string::npos) {
            EXPECT_EQ(line.find('['), 73U) << line;
        }
        ++lines;
        at = end + 1;
    }
    EXPECT_GT(lines, 0U);
}

// ns_get_name: "%s:[%u]", one inode per namespace for its lifetime.
TEST_F(ProcfsTest, NsLinks_ReadTypeAndInode)
{
    const auto& set = caller().namespaces->namespaces();
    EXPECT_EQ(readlink("/proc/self/ns/uts"), "uts:[" + std::to_string(set.uts->inode()) + "]");
    EXPECT_EQ(readlink("/proc/self/ns/mnt"), "mnt:[" + std::to_string(set.mount->inode()) + "]");
    EXPECT_EQ(readlink("/proc/self/ns/pid_for_children"), "pid:[" + std::to_string(set.pid_for_children->inode()) + "]");
    EXPECT_EQ(readlink("/proc/self/ns/user"), "user:[" + std::to_string(caller().credentials->user_ns->inode()) + "]");
    EXPECT_EQ(readlink("/proc/self/ns/uts"), readlink("/proc/self/ns/uts"));
    EXPECT_EQ(list("/proc/self/ns"), (std::vector<std::string> { ".", "..", "net", "uts", "ipc", "pid", "pid_for_children", "user", "mnt", "cgroup", "time", "time_for_children" }));
}

TEST_F(ProcfsTest, FdLinks_NameTheOpenFiles)
{
    i64 fd = open("/dev/null", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(readlink("/proc/self/fd/" + std::to_string(fd)), "/dev/null");
    const auto names = list("/proc/self/fd");
    EXPECT_NE(std::find(names.begin(), names.end(), std::to_string(fd)), names.end());
    EXPECT_EQ(readlink("/proc/self/fd/99"), "<errno " + std::to_string(ENOENT) + ">");
}

TEST_F(ProcfsTest, CwdLink_NamesTheWorkingDirectory)
{
    ASSERT_EQ(mkdir("/work"), 0);
    ASSERT_EQ(chdir("/work"), 0);
    EXPECT_EQ(readlink("/proc/self/cwd"), "/work");
    EXPECT_EQ(readlink("/proc/self/root"), "/");
}

TEST_F(ProcfsTest, ExeLink_NamesTheProgramExecLoaded)
{
    // proc(5): "/proc/pid/exe ... a symbolic link containing the actual
    // pathname of the executed command"; without one (no program loaded
    // into the memory) it is ENOENT, as proc_exe_link's get_task_exe_file.
    EXPECT_EQ(readlink("/proc/self/exe"), "<errno " + std::to_string(ENOENT) + ">");
    ASSERT_EQ(mkdir("/bin"), 0);
    const i64 fd = open("/bin/program", O_CREAT | O_RDWR, 0755);
    ASSERT_GE(fd, 0);
    fs::VfsFile* file = fs::as_vfs_file(caller().files->get(static_cast<int>(fd)).get());
    ASSERT_NE(file, nullptr);
    caller().memory->set_executable(file->path());
    EXPECT_EQ(readlink("/proc/self/exe"), "/bin/program");
    // fork's copy of the memory keeps it (dup_mm: mm->exe_file).
    ASSERT_OK_AND_ASSIGN(auto copy, caller().memory->clone_for_fork());
    EXPECT_EQ(copy->executable(), file->path());
}

// getdents64 of /proc: the fixed entries, then one directory per process
// in pid order.
TEST_F(ProcfsTest, Root_ListsEveryProcess)
{
    const auto names = list("/proc");
    EXPECT_NE(std::find(names.begin(), names.end(), "self"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "1"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), caller_pid()), names.end());
}

// proc_root_lookup: a missing name is ENOENT, also for creating one.
TEST_F(ProcfsTest, MissingEntry_IsEnoent_AlsoToCreate)
{
    EXPECT_EQ(open("/proc/99999/stat", O_RDONLY), -ENOENT);
    EXPECT_EQ(mkdir("/proc/new"), -ENOENT);
    EXPECT_EQ(open("/proc/new", O_CREAT | O_WRONLY, 0644), -ENOENT);
}

TEST_F(ProcfsTest, SysKernel_HasTheUtsNames)
{
    EXPECT_EQ(read_file("/proc/sys/kernel/ostype"), "Linux\n");
    EXPECT_FALSE(read_file("/proc/sys/kernel/osrelease").empty());
}

// ipc/msg.c sysvipc_msg_proc_show, ipc/sem.c sysvipc_sem_proc_show and
// ipc/shm.c sysvipc_shm_proc_show: the header, then one line per object of
// the reader's IPC namespace in Linux's printf format (the times vary).
TEST_F(ProcfsTest, Sysvipc_ListsQueuesSetsAndSegments)
{
    const auto names = list("/proc/sysvipc");
    EXPECT_NE(std::find(names.begin(), names.end(), "msg"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "sem"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "shm"), names.end());
    ASSERT_EQ(sys(__NR_msgget, 0x1234, IPC_CREAT | 0640), 0);
    ASSERT_EQ(sys(__NR_semget, static_cast<u64>(IPC_PRIVATE), 3, 0600), 0);
    const std::string messages = read_file("/proc/sysvipc/msg");
    const std::string message_header = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n";
    char line[256];
    std::snprintf(line, sizeof(line), "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu ", 0x1234, 0, 0640, 0UL, 0UL, 0U, 0U, 0U, 0U, 0U, 0U, 0ULL, 0ULL);
    EXPECT_EQ(messages.substr(0, message_header.size()), message_header);
    EXPECT_EQ(messages.substr(message_header.size(), std::strlen(line)), line) << messages;
    const std::string semaphores = read_file("/proc/sysvipc/sem");
    const std::string semaphore_header = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n";
    std::snprintf(line, sizeof(line), "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu ", 0, 0, 0600, 3U, 0U, 0U, 0U, 0U, 0ULL);
    EXPECT_EQ(semaphores.substr(0, semaphore_header.size()), semaphore_header);
    EXPECT_EQ(semaphores.substr(semaphore_header.size(), std::strlen(line)), line) << semaphores;
    ASSERT_EQ(sys(__NR_shmget, 0x77, 10000, IPC_CREAT | 0604), 0);
    const std::string segments = read_file("/proc/sysvipc/shm");
    const std::string segment_header =
        "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n";
    const auto pid = static_cast<unsigned>(sys(__NR_getpid));
    std::snprintf(line, sizeof(line), "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu ", 0x77, 0, 0604, 10000UL, pid, 0U, 0UL, 0U, 0U, 0U, 0U, 0ULL, 0ULL);
    EXPECT_EQ(segments.substr(0, segment_header.size()), segment_header);
    EXPECT_EQ(segments.substr(segment_header.size(), std::strlen(line)), line) << segments;
    // The rss and swap columns: nothing touched yet, no swap.
    EXPECT_EQ(segments.substr(segments.size() - 44), std::string(20, ' ') + "0" + std::string(21, ' ') + "0\n") << segments;
}

// proc(5): a procfs "shows the processes of the PID namespace of the
// process that performed the mount", by their numbers there; /proc/self of
// a caller outside that namespace is ENOENT (proc_self_get_link).
TEST_F(ProcfsTest, MountedInAPidNamespace_ShowsOnlyItsProcesses)
{
    proc::CloneRequest request;
    request.flags = CLONE_NEWPID;
    request.exit_signal = SIGCHLD;
    auto cloned = clone_from_caller(request);
    ASSERT_TRUE(cloned.has_value());
    proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), cloned.value().pid);
    ASSERT_NE(child, nullptr);
    const fs::FileSystemType* type = fs::find_file_system_type("proc");
    ASSERT_NE(type, nullptr);
    auto super_block = fs::make_super_block(*kernel, *child, *type, nullptr);
    ASSERT_TRUE(super_block.has_value());
    ASSERT_EQ(mkdir("/nsproc"), 0);
    syscall::SyscallContext context { *kernel, caller() };
    fs::PathName name;
    ASSERT_TRUE(name.copy_from_kernel(reinterpret_cast<const u8*>("/nsproc"), 7).has_value());
    auto at = fs::lookup(syscall::vfs_caller(context), caller().fs->root(), name, true);
    ASSERT_TRUE(at.has_value());
    ASSERT_TRUE(kernel->mounts().mount(at.value(), super_block.value()).has_value());

    const auto names = list("/nsproc");
    std::vector<std::string> pids;
    for (const std::string& entry : names) {
        if (!entry.empty() && entry[0] >= '0' && entry[0] <= '9') {
            pids.push_back(entry);
        }
    }
    EXPECT_EQ(pids, std::vector<std::string> { "1" });
    EXPECT_TRUE(exists("/nsproc/1/status"));
    EXPECT_EQ(readlink("/nsproc/self"), "<errno " + std::to_string(ENOENT) + ">");
    EXPECT_EQ(readlink("/proc/self"), caller_pid());
}

// proc_net_init: "proc_symlink("net", NULL, "self/net")".
TEST_F(ProcfsTest, ProcNet_IsALinkToSelfNet)
{
    EXPECT_EQ(readlink("/proc/net"), "self/net");
    const auto names = list("/proc");
    EXPECT_NE(std::find(names.begin(), names.end(), "net"), names.end());
    EXPECT_EQ(list("/proc/self/net"), (std::vector<std::string> { ".", "..", "dev" }));
    EXPECT_EQ(read_file("/proc/net/dev"), read_file("/proc/self/net/dev"));
    EXPECT_EQ(read_file("/proc/self/task/" + caller_pid() + "/net/dev"), read_file("/proc/self/net/dev"));
}

// dev_seq_show: the two header lines, then dev_seq_printf_stats's line per
// device; a fresh namespace's lo has every counter at zero (the text
// `unshare -n cat /proc/net/dev` prints on Linux).
TEST_F(ProcfsTest, NetDev_IsLinuxsHeaderAndZeroLoopbackLine)
{
    EXPECT_EQ(read_file("/proc/self/net/dev"),
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
        "    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n");
}

// dev_seq_printf_stats: "%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu
// %9llu %8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n", drop with the
// missed errors added, frame the four receive error kinds, carrier the four
// transmit ones; a number wider than its column pushes the rest along.
TEST_F(ProcfsTest, NetDev_LineHasLinuxsWidthsAndSums)
{
    net::NetDevice device;
    std::strcpy(device.name, "longname0");
    rtnl_link_stats64& stats = device.stats;
    stats.rx_bytes = 123456789012ULL;
    stats.rx_packets = 5;
    stats.rx_errors = 1;
    stats.rx_dropped = 2;
    stats.rx_missed_errors = 3;
    stats.rx_fifo_errors = 4;
    stats.rx_length_errors = 1;
    stats.rx_over_errors = 2;
    stats.rx_crc_errors = 3;
    stats.rx_frame_errors = 4;
    stats.rx_compressed = 6;
    stats.multicast = 7;
    stats.tx_bytes = 8;
    stats.tx_packets = 9;
    stats.tx_errors = 10;
    stats.tx_dropped = 11;
    stats.tx_fifo_errors = 12;
    stats.collisions = 13;
    stats.tx_carrier_errors = 1;
    stats.tx_aborted_errors = 1;
    stats.tx_window_errors = 1;
    stats.tx_heartbeat_errors = 1;
    stats.tx_compressed = 14;
    ASSERT_TRUE(caller().namespaces->namespaces().net->register_device(device).has_value());
    char line[512];
    const int written = std::snprintf(line, sizeof(line), "%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n",
        "longname0", 123456789012ULL, 5ULL, 1ULL, 5ULL, 4ULL, 10ULL, 6ULL, 7ULL, 8ULL, 9ULL, 10ULL, 11ULL, 12ULL, 13ULL, 4ULL, 14ULL);
    ASSERT_GT(written, 0);
    const std::string text = read_file("/proc/self/net/dev");
    const usize second = text.find('\n', text.find('\n', text.find('\n') + 1) + 1);
    ASSERT_NE(second, std::string::npos) << text;
    EXPECT_EQ(text.substr(second + 1), line);
}

// get_proc_task_net: /proc/<pid>/net is of that task's namespace; after
// unshare(CLONE_NEWNET) the caller sees only its new namespace's lo, a
// child left behind still the old one.
TEST_F(ProcfsTest, NetDev_ShowsTheTargetTasksNamespace)
{
    net::NetDevice device;
    std::strcpy(device.name, "dummy0");
    ASSERT_TRUE(caller().namespaces->namespaces().net->register_device(device).has_value());
    proc::CloneRequest request;
    request.exit_signal = SIGCHLD;
    auto cloned = clone_from_caller(request);
    ASSERT_TRUE(cloned.has_value());
    const std::string child = "/proc/" + std::to_string(cloned.value().pid);
    const std::string both = read_file("/proc/self/net/dev");
    EXPECT_NE(both.find("dummy0:"), std::string::npos) << both;
    // Opened before the unshare: the file keeps the namespace it was
    // looked up in.
    const i64 before = open("/proc/self/net/dev", O_RDONLY);
    ASSERT_GE(before, 0);

    ASSERT_EQ(sys(__NR_unshare, CLONE_NEWNET), 0);
    const std::string fresh = read_file("/proc/self/net/dev");
    EXPECT_EQ(fresh.find("dummy0:"), std::string::npos) << fresh;
    EXPECT_NE(fresh.find("    lo:"), std::string::npos) << fresh;
    EXPECT_EQ(read_file(child + "/net/dev"), both);
    EXPECT_EQ(read_fd(before, 4096), both);
    close(before);
}

// get_proc_task_net: an exited task (a zombie) has no nsproxy: its
// net/dev is ENOENT and listing net/ is EINVAL (proc_tgid_net_readdir).
TEST_F(ProcfsTest, NetDev_OfAnExitedTask_IsEnoent_ListingIsEinval)
{
    proc::CloneRequest request;
    request.exit_signal = SIGCHLD;
    auto cloned = clone_from_caller(request);
    ASSERT_TRUE(cloned.has_value());
    proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), cloned.value().pid);
    ASSERT_NE(child, nullptr);
    const std::string directory = "/proc/" + std::to_string(cloned.value().pid) + "/net";
    const i64 listing = open(directory, O_RDONLY | O_DIRECTORY);
    ASSERT_GE(listing, 0);
    kernel->exit_thread(*child, 0);
    EXPECT_TRUE(exists("/proc/" + std::to_string(cloned.value().pid) + "/stat")) << "a zombie until reaped";
    EXPECT_EQ(open(directory + "/dev", O_RDONLY), -ENOENT);
    EXPECT_EQ(sys(__NR_getdents64, static_cast<u64>(listing), kBuffer, 512), -EINVAL);
    close(listing);
}

// The net directory is a pid entry, owned as the task's other entries
// (task_dump_owner), 0555; the files in it are the namespace's proc
// entries, GLOBAL_ROOT_UID's and 0444, whoever the task is.
TEST_F(ProcfsTest, NetDev_IsRootsReadOnlyFile_InTheTasksDirectory)
{
    ASSERT_EQ(sys(__NR_setresuid, static_cast<u64>(-1), 1000, static_cast<u64>(-1)), 0);
    // Dumpable again after the id change, so that the entries are the
    // task's (task_dump_owner).
    ASSERT_EQ(sys(__NR_prctl, PR_SET_DUMPABLE, 1), 0);
    const struct stat directory = stat_of("/proc/self/net");
    EXPECT_EQ(directory.st_mode, static_cast<mode_t>(S_IFDIR | 0555));
    EXPECT_EQ(directory.st_uid, stat_of("/proc/self/status").st_uid);
    EXPECT_EQ(directory.st_uid, 1000U);
    const struct stat file = stat_of("/proc/self/net/dev");
    EXPECT_EQ(file.st_mode, static_cast<mode_t>(S_IFREG | 0444));
    EXPECT_EQ(file.st_uid, 0U);
    EXPECT_EQ(file.st_gid, 0U);
    EXPECT_EQ(file.st_nlink, 1U);
    EXPECT_EQ(stat_of("/proc/net", false).st_mode, static_cast<mode_t>(S_IFLNK | 0777));
}

// proc(5) /proc/pid: "If the process's dumpable attribute is 0, the
// ownership of the files is root:root" (task_dump_owner: root of the user
// namespace the memory was made in); dumpable again, they are the euid's.
TEST_F(ProcfsTest, NonDumpableProcess_FilesBelongToRoot)
{
    ASSERT_EQ(sys(__NR_setresgid, 1000, 1000, 1000), 0);
    ASSERT_EQ(sys(__NR_setresuid, 1000, 1000, 1000), 0);
    EXPECT_EQ(sys(__NR_prctl, PR_GET_DUMPABLE), 0);
    EXPECT_EQ(stat_of("/proc/self/status").st_uid, 0U);
    EXPECT_EQ(stat_of("/proc/self/status").st_gid, 0U);
    EXPECT_EQ(stat_of("/proc/self").st_uid, 0U);
    ASSERT_EQ(sys(__NR_prctl, PR_SET_DUMPABLE, 1), 0);
    EXPECT_EQ(stat_of("/proc/self/status").st_uid, 1000U);
    EXPECT_EQ(stat_of("/proc/self/status").st_gid, 1000U);
}

// A file's text is made once per open: reads and lseek see one snapshot.
TEST_F(ProcfsTest, File_ReadsOneSnapshot_WithLseek)
{
    i64 fd = open("/proc/self/status", O_RDONLY);
    ASSERT_GE(fd, 0);
    const std::string first = read_fd(fd, 5);
    EXPECT_EQ(first, "Name:");
    ASSERT_EQ(sys(__NR_lseek, static_cast<u64>(fd), 0, SEEK_SET), 0);
    EXPECT_EQ(read_fd(fd, 5), "Name:");
}

} // namespace
} // namespace sirius::testing
