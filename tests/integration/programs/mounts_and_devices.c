// Device nodes, mount(2)/umount2(2), statfs(2) and procfs, as Linux has
// them: the nodes of /dev and their numbers, null(4)/zero(4)/full(4)/
// random(4) semantics, a device node made by mknod on tmpfs, tmpfs
// mounts with options and how /proc/self/mounts shows them, bind mounts,
// the errnos of mount and umount2 (ENODEV, ENOENT, ENOTDIR, EINVAL, EBUSY,
// MNT_EXPIRE's EAGAIN, MNT_DETACH), statfs's f_type and f_flags, and the
// formats of /proc files (self, stat, status, maps, meminfo, uptime,
// loadavg, filesystems, ns links, fd links). It runs as root in a mount
// namespace of its own (unshare(CLONE_NEWNS), everything private), so on
// the host nothing it mounts is seen outside. It prints only what does not
// depend on the machine: formats, counts, errnos, never sizes or pids.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "check.h"

#define SCRATCH "/tmp/sirius-mounts"
#define TMPFS_MAGIC 0x01021994
#define RAMFS_MAGIC 0x858458f6
#define PROC_SUPER_MAGIC 0x9fa0

static void result(const char* what, long value)
{
    printf("%s: %s\n", what, value < 0 ? errno_name(errno) : "ok");
}

static char file_text[65536];

// The whole of a file (procfs files are read in one go, as seq_file
// readers do), NUL-terminated; its length, or -1 with errno.
static long read_text(const char* path)
{
    return read_whole_file(path, file_text, sizeof(file_text));
}

static void device_nodes(void)
{
    static const struct {
        const char* path;
        unsigned major;
        unsigned minor;
    } nodes[] = {
        { "/dev/null", 1, 3 }, { "/dev/zero", 1, 5 }, { "/dev/full", 1, 7 }, { "/dev/random", 1, 8 },
        { "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 }, { "/dev/console", 5, 1 }, { "/dev/ttyS0", 4, 64 },
    };
    for (unsigned i = 0; i < sizeof(nodes) / sizeof(nodes[0]); ++i) {
        struct stat st;
        char what[64];
        snprintf(what, sizeof(what), "%s is char %u:%u", nodes[i].path, nodes[i].major, nodes[i].minor);
        check(what, stat(nodes[i].path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == nodes[i].major && minor(st.st_rdev) == nodes[i].minor);
    }
    struct stat st;
    check("/dev/null is mode 0666", stat("/dev/null", &st) == 0 && (st.st_mode & 07777) == 0666);
    check("/dev/console is mode 0600", stat("/dev/console", &st) == 0 && (st.st_mode & 07777) == 0600);
    char target[64] = { 0 };
    check("/dev/fd -> /proc/self/fd", readlink("/dev/fd", target, sizeof(target) - 1) == 13 && strcmp(target, "/proc/self/fd") == 0);
    memset(target, 0, sizeof(target));
    check("/dev/stdin -> /proc/self/fd/0", readlink("/dev/stdin", target, sizeof(target) - 1) == 15 && strcmp(target, "/proc/self/fd/0") == 0);
}

static void device_semantics(void)
{
    char buffer[256];
    int null_fd = open("/dev/null", O_RDWR);
    check("read /dev/null is end of file", read(null_fd, buffer, sizeof(buffer)) == 0);
    check("write /dev/null takes everything", write(null_fd, "hello", 5) == 5);
    check("write /dev/null of a bad pointer succeeds", write(null_fd, (void*)16, 8) == 8);
    close(null_fd);

    int zero_fd = open("/dev/zero", O_RDWR);
    memset(buffer, 'x', sizeof(buffer));
    int zeros = read(zero_fd, buffer, sizeof(buffer)) == (long)sizeof(buffer);
    for (unsigned i = 0; i < sizeof(buffer); ++i) {
        zeros = zeros && buffer[i] == 0;
    }
    check("read /dev/zero gives zeros", zeros);
    check("write /dev/zero takes everything", write(zero_fd, "abc", 3) == 3);
    errno = 0;
    result("read /dev/zero into a bad pointer", read(zero_fd, (void*)16, 8));
    close(zero_fd);

    int full_fd = open("/dev/full", O_RDWR);
    errno = 0;
    result("write /dev/full", write(full_fd, "x", 1));
    memset(buffer, 'x', 16);
    check("read /dev/full gives zeros", read(full_fd, buffer, 16) == 16 && buffer[0] == 0 && buffer[15] == 0);
    close(full_fd);

    int random_fd = open("/dev/urandom", O_RDWR);
    char first[32], second[32];
    check("read /dev/urandom gives the count", read(random_fd, first, 32) == 32 && read(random_fd, second, 32) == 32);
    check("two reads of /dev/urandom differ", memcmp(first, second, 32) != 0);
    check("write /dev/urandom is accepted", write(random_fd, "seed", 4) == 4);
    errno = 0;
    result("write /dev/urandom of a bad pointer", write(random_fd, (void*)16, 8));
    close(random_fd);

    struct stat st;
    int fd = open("/dev/zero", O_RDONLY);
    check("fstat of /dev/zero is its node", fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 5));
    close(fd);

    // chrdev_open by number, whatever file system the node is on.
    unlink(SCRATCH "/mynull");
    unlink(SCRATCH "/nothing");
    result("mknod char 1:3 on tmpfs", mknod(SCRATCH "/mynull", S_IFCHR | 0666, makedev(1, 3)));
    fd = open(SCRATCH "/mynull", O_RDWR);
    check("a mknod'ed null reads end of file", fd >= 0 && read(fd, buffer, 10) == 0 && write(fd, "ab", 2) == 2);
    close(fd);
    result("mknod char 42:42 on tmpfs", mknod(SCRATCH "/nothing", S_IFCHR | 0666, makedev(42, 42)));
    errno = 0;
    result("open of a number without a driver", open(SCRATCH "/nothing", O_RDONLY));
}

// The line of /proc/self/mounts for `target`, without its first field.
static const char* mounts_line(const char* target)
{
    static char line[512];
    if (read_text("/proc/self/mounts") < 0) {
        return "<unreadable>";
    }
    char* at = file_text;
    const char* found = "<missing>";
    while (*at != '\0') {
        char* end = strchr(at, '\n');
        if (end == NULL) {
            break;
        }
        *end = '\0';
        char* space = strchr(at, ' ');
        if (space != NULL && strncmp(space + 1, target, strlen(target)) == 0 && space[1 + strlen(target)] == ' ') {
            snprintf(line, sizeof(line), "%.500s", at);
            found = line;
        }
        at = end + 1;
    }
    return found;
}

static void mounts(void)
{
    const char* mnt = SCRATCH "/mnt";
    mkdir(mnt, 0755);
    mkdir(SCRATCH "/src", 0755);
    int fd = open(SCRATCH "/src/file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    (void)!write(fd, "data", 4);
    close(fd);

    errno = 0;
    result("mount of an unknown type", mount("none", mnt, "nosuchfs", 0, NULL));
    errno = 0;
    result("mount without a type", mount("none", mnt, NULL, 0, NULL));
    errno = 0;
    result("mount on a missing directory", mount("none", SCRATCH "/missing", "tmpfs", 0, NULL));
    errno = 0;
    result("mount on a file", mount("none", SCRATCH "/src/file", "tmpfs", 0, NULL));
    errno = 0;
    result("mount with MS_NOUSER", mount("none", mnt, "tmpfs", MS_NOUSER, NULL));
    errno = 0;
    result("mount tmpfs with an unknown option", mount("none", mnt, "tmpfs", 0, "bogus=1"));
    errno = 0;
    result("mount tmpfs with a bad mode", mount("none", mnt, "tmpfs", 0, "mode=9"));
    errno = 0;
    result("umount of a directory that is no mountpoint", umount2(mnt, 0));
    errno = 0;
    result("umount with an unknown flag", umount2(mnt, 0x10));

    result("mount tmpfs with options", mount("sirius-test", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0710,uid=5,gid=6,size=16k"));
    struct stat st;
    check("its root has mode 0710 and owner 5:6", stat(mnt, &st) == 0 && (st.st_mode & 07777) == 0710 && st.st_uid == 5 && st.st_gid == 6);
    printf("its mounts line: %s\n", mounts_line(mnt));
    struct statfs fs;
    check("statfs: TMPFS_MAGIC", statfs(mnt, &fs) == 0 && fs.f_type == TMPFS_MAGIC);
    check("statfs: 4096-byte blocks, 4 of them", fs.f_bsize == 4096 && fs.f_frsize == 4096 && fs.f_blocks == 4);
    check("statfs: f_namelen 255", fs.f_namelen == 255);
    printf("statfs f_flags: %#lx\n", (unsigned long)fs.f_flags & 0x3fff);

    // EBUSY while in use (propagate_mount_busy).
    fd = open(SCRATCH "/mnt/inside", O_CREAT | O_RDWR, 0644);
    (void)!write(fd, "kept", 4);
    errno = 0;
    result("umount with a file open in it", umount2(mnt, 0));
    close(fd);
    (void)!chdir(mnt);
    errno = 0;
    result("umount with the working directory in it", umount2(mnt, 0));
    (void)!chdir("/");
    mkdir(SCRATCH "/mnt/sub", 0755);
    result("mount tmpfs below it", mount("none", SCRATCH "/mnt/sub", "tmpfs", 0, NULL));
    errno = 0;
    result("umount with a mount below", umount2(mnt, 0));
    result("umount the one below", umount2(SCRATCH "/mnt/sub", 0));
    errno = 0;
    result("umount MNT_EXPIRE|MNT_DETACH", umount2(mnt, MNT_EXPIRE | MNT_DETACH));
    errno = 0;
    result("umount MNT_EXPIRE first", umount2(mnt, MNT_EXPIRE));
    result("umount MNT_EXPIRE again", umount2(mnt, MNT_EXPIRE));
    check("the mount's file is gone", access(SCRATCH "/mnt/inside", F_OK) != 0);
    check("its line is gone", strcmp(mounts_line(mnt), "<missing>") == 0);

    // MNT_DETACH with an open file: gone at once, the file still reads.
    result("mount tmpfs again", mount("none", mnt, "tmpfs", 0, NULL));
    fd = open(SCRATCH "/mnt/lazy", O_CREAT | O_RDWR, 0644);
    (void)!write(fd, "lazy", 4);
    result("umount MNT_DETACH with a file open", umount2(mnt, MNT_DETACH));
    char buffer[8] = { 0 };
    check("the open file still reads", pread(fd, buffer, 4, 0) == 4 && strcmp(buffer, "lazy") == 0);
    close(fd);

    // Bind mounts (do_loopback).
    errno = 0;
    result("bind of an empty source", mount("", mnt, NULL, MS_BIND, NULL));
    result("bind a directory", mount(SCRATCH "/src", mnt, NULL, MS_BIND, NULL));
    check("its file shows through", access(SCRATCH "/mnt/file", F_OK) == 0);
    errno = 0;
    result("remount below a mount's root", mount("none", SCRATCH "/mnt/file", NULL, MS_REMOUNT, NULL));
    result("remount read-only", mount("none", mnt, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
    check("statfs says read-only", statfs(mnt, &fs) == 0 && (fs.f_flags & ST_RDONLY) != 0);
    errno = 0;
    result("create a file through the read-only bind", open(SCRATCH "/mnt/new", O_CREAT | O_WRONLY, 0644));
    errno = 0;
    result("open a file for writing through it", open(SCRATCH "/mnt/file", O_WRONLY));
    fd = open(SCRATCH "/mnt/file", O_RDONLY);
    check("open it for reading", fd >= 0);
    close(fd);
    errno = 0;
    result("mkdir through it", mkdir(SCRATCH "/mnt/dir", 0755));
    errno = 0;
    result("mkdir of an existing name through it", mkdir(SCRATCH "/mnt/file", 0755));
    errno = 0;
    result("unlink through it", unlink(SCRATCH "/mnt/missing"));
    errno = 0;
    result("rename through it", rename(SCRATCH "/mnt/file", SCRATCH "/mnt/other"));
    check("the source directory is still writable", access(SCRATCH "/src", W_OK) == 0);
    errno = 0;
    result("two propagation types", mount("none", mnt, NULL, MS_PRIVATE | MS_SHARED, NULL));
    result("umount the bind", umount2(mnt, 0));
    errno = 0;
    result("bind a file on a directory", mount(SCRATCH "/src/file", mnt, NULL, MS_BIND, NULL));

    // MS_MOVE (do_move_mount).
    mkdir(SCRATCH "/moved", 0755);
    result("mount tmpfs to move", mount("none", mnt, "tmpfs", 0, NULL));
    mkdir(SCRATCH "/mnt/inner", 0755);
    fd = open(SCRATCH "/mnt/marker", O_CREAT | O_WRONLY, 0644);
    close(fd);
    errno = 0;
    result("move with an empty source", mount("", SCRATCH "/moved", NULL, MS_MOVE, NULL));
    errno = 0;
    result("move of a directory that is no mount root", mount(SCRATCH "/mnt/inner", SCRATCH "/moved", NULL, MS_MOVE, NULL));
    errno = 0;
    result("move below itself", mount(mnt, SCRATCH "/mnt/inner", NULL, MS_MOVE, NULL));
    result("move", mount(mnt, SCRATCH "/moved", NULL, MS_MOVE, NULL));
    check("its file is at the new place only", access(SCRATCH "/moved/marker", F_OK) == 0 && access(SCRATCH "/mnt/marker", F_OK) != 0);
    printf("its mounts line: %s\n", mounts_line(SCRATCH "/moved"));
    result("umount it at the new place", umount2(SCRATCH "/moved", 0));

    result("mount ramfs", mount("none", mnt, "ramfs", 0, "mode=700,whatever"));
    check("ramfs: RAMFS_MAGIC", statfs(mnt, &fs) == 0 && fs.f_type == RAMFS_MAGIC);
    printf("its mounts line: %s\n", mounts_line(mnt));
    result("umount ramfs", umount2(mnt, 0));

    result("mount proc", mount("proc", mnt, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
    check("proc: PROC_SUPER_MAGIC", statfs(mnt, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC);
    printf("its mounts line: %s\n", mounts_line(mnt));
    check("its self/status exists", access(SCRATCH "/mnt/self/status", R_OK) == 0);
    result("umount proc", umount2(mnt, 0));

    result("mount devtmpfs", mount("devtmpfs", mnt, "devtmpfs", 0, NULL));
    check("its null is there", stat(SCRATCH "/mnt/null", &st) == 0 && S_ISCHR(st.st_mode));
    result("umount devtmpfs", umount2(mnt, 0));
    check("statfs /proc: PROC_SUPER_MAGIC", statfs("/proc", &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC);
    check("statfs /dev: TMPFS_MAGIC", statfs("/dev", &fs) == 0 && fs.f_type == TMPFS_MAGIC);
    errno = 0;
    result("statfs into a bad pointer", syscall(SYS_statfs, "/", (void*)16));
    errno = 0;
    result("fstatfs of a bad fd", fstatfs(999, &fs));
}

// Counts the space-separated fields after the ") " of /proc/<pid>/stat.
static int stat_fields(const char* text)
{
    const char* close = strrchr(text, ')');
    if (close == NULL) {
        return -1;
    }
    int fields = 2;
    for (const char* p = close + 1; *p != '\0' && *p != '\n'; ++p) {
        fields += *p == ' ';
    }
    return fields;
}

static const char* status_value(const char* text, const char* key)
{
    static char value[256];
    const char* at = strstr(text, key);
    if (at == NULL) {
        return "<missing>";
    }
    at += strlen(key);
    const char* end = strchr(at, '\n');
    size_t length = end != NULL ? (size_t)(end - at) : strlen(at);
    snprintf(value, sizeof(value), "%.*s", (int)length, at);
    return value;
}

static void proc_files(int argc, char** argv)
{
    char text[128] = { 0 };
    char expected[64];
    snprintf(expected, sizeof(expected), "%d", getpid());
    check("/proc/self is the caller's pid", readlink("/proc/self", text, sizeof(text) - 1) > 0 && strcmp(text, expected) == 0);
    char name[17] = { 0 };
    prctl(PR_GET_NAME, name);

    check("/proc/self/stat reads", read_text("/proc/self/stat") > 0);
    printf("stat fields: %d\n", stat_fields(file_text));
    int pid = 0, ppid = 0;
    char comm[64] = { 0 }, state = 0;
    check("stat's pid (comm) state ppid parse", sscanf(file_text, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid) == 4);
    check("stat's pid, comm and ppid are the caller's", pid == getpid() && strcmp(comm, name) == 0 && ppid == getppid());

    // cmdline: the argv strings, each with its NUL; environ likewise.
    long length = read_text("/proc/self/cmdline");
    long expected_length = 0;
    int same = 1;
    for (int i = 0; i < argc; ++i) {
        same = same && expected_length + (long)strlen(argv[i]) < length && strcmp(file_text + expected_length, argv[i]) == 0;
        expected_length += (long)strlen(argv[i]) + 1;
    }
    check("/proc/self/cmdline is argv, NUL-separated", same && length == expected_length);
    length = read_text("/proc/self/environ");
    check("/proc/self/environ starts with the first variable",
        environ[0] == NULL ? length == 0 : (length > (long)strlen(environ[0]) && strcmp(file_text, environ[0]) == 0));

    check("/proc/self/status reads", read_text("/proc/self/status") > 0);
    check("status Name is the comm", strcmp(status_value(file_text, "Name:\t"), name) == 0);
    check("status Pid", atoi(status_value(file_text, "\nPid:\t")) == getpid());
    check("status PPid", atoi(status_value(file_text, "PPid:\t")) == getppid());
    printf("status Uid: %s\n", status_value(file_text, "Uid:\t"));
    printf("status Gid: %s\n", status_value(file_text, "Gid:\t"));
    printf("status Threads: %s\n", status_value(file_text, "Threads:\t"));
    printf("status SigBlk: %s\n", status_value(file_text, "SigBlk:\t"));
    printf("status CapEff: %s\n", strlen(status_value(file_text, "CapEff:\t")) == 16 ? "16 hex digits" : "other");
    check("status State line", strstr(file_text, "State:\t") != NULL);

    check("/proc/self/maps reads", read_text("/proc/self/maps") > 0);
    int lines = 0, parsed = 0, stack = 0;
    for (char* line = strtok(file_text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        unsigned long start, end, offset, inode;
        unsigned dev_major, dev_minor;
        char perms[5];
        ++lines;
        parsed += sscanf(line, "%lx-%lx %4s %lx %x:%x %lu", &start, &end, perms, &offset, &dev_major, &dev_minor, &inode) == 7;
        stack += strstr(line, "[stack]") != NULL && strlen(line) > 73 && line[72] == ' ' && line[73] == '[';
    }
    check("every maps line parses", lines > 0 && lines == parsed);
    check("maps has [stack] at column 73", stack == 1);

    check("/proc/meminfo reads", read_text("/proc/meminfo") > 0);
    unsigned long total = 0, free_kb = 0, available = 0;
    check("meminfo starts MemTotal, MemFree, MemAvailable",
        sscanf(file_text, "MemTotal: %lu kB\nMemFree: %lu kB\nMemAvailable: %lu kB", &total, &free_kb, &available) == 3);
    check("meminfo labels are 16 wide", strncmp(file_text, "MemTotal:       ", 16) == 0 && file_text[16 + 8] == ' ');
    check("meminfo has SwapTotal and Shmem", strstr(file_text, "\nSwapTotal:") != NULL && strstr(file_text, "\nShmem:") != NULL);

    unsigned long a, b, c, d;
    check("/proc/uptime is two numbers with 2 decimals", read_text("/proc/uptime") > 0 && sscanf(file_text, "%lu.%2lu %lu.%2lu", &a, &b, &c, &d) == 4);
    int running, total_threads, last;
    check("/proc/loadavg parses", read_text("/proc/loadavg") > 0 && sscanf(file_text, "%*f %*f %*f %d/%d %d", &running, &total_threads, &last) == 3);
    check("/proc/stat starts with cpu", read_text("/proc/stat") > 0 && strncmp(file_text, "cpu  ", 5) == 0 && strstr(file_text, "\nbtime ") != NULL);
    check("/proc/version starts Linux version", read_text("/proc/version") > 0 && strncmp(file_text, "Linux version ", 14) == 0);
    check("/proc/filesystems has tmpfs and proc", read_text("/proc/filesystems") > 0 && strstr(file_text, "nodev\ttmpfs\n") != NULL && strstr(file_text, "nodev\tproc\n") != NULL);
    check("/proc/sys/kernel/ostype is Linux", read_text("/proc/sys/kernel/ostype") > 0 && strcmp(file_text, "Linux\n") == 0);
    check("/proc/cpuinfo has a processor line", read_text("/proc/cpuinfo") > 0 && strncmp(file_text, "processor\t: 0\n", 14) == 0);
    check("/proc/mounts has proc on /proc", strncmp(mounts_line("/proc"), "proc /proc proc rw,", 19) == 0);

    // ns links: "type:[inode]", the same for one namespace, another after
    // unshare.
    char first[64] = { 0 }, again[64] = { 0 }, after[64] = { 0 };
    readlink("/proc/self/ns/uts", first, sizeof(first) - 1);
    readlink("/proc/self/ns/uts", again, sizeof(again) - 1);
    unsigned inode = 0;
    check("ns/uts reads uts:[inode]", sscanf(first, "uts:[%u]", &inode) == 1 && inode != 0);
    check("ns/uts is stable", strcmp(first, again) == 0);
    unshare(CLONE_NEWUTS);
    readlink("/proc/self/ns/uts", after, sizeof(after) - 1);
    check("ns/uts changes with unshare", strncmp(after, "uts:[", 5) == 0 && strcmp(after, first) != 0);
    memset(first, 0, sizeof(first));
    check("ns/pid_for_children says pid:", readlink("/proc/self/ns/pid_for_children", first, sizeof(first) - 1) > 0 && strncmp(first, "pid:[", 5) == 0);

    // fd and cwd links.
    int fd = open("/dev/null", O_RDONLY);
    char path[64], target[256] = { 0 };
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    check("fd link names /dev/null", readlink(path, target, sizeof(target) - 1) > 0 && strcmp(target, "/dev/null") == 0);
    close(fd);
    (void)!chdir(SCRATCH);
    memset(target, 0, sizeof(target));
    check("cwd link names the working directory", readlink("/proc/self/cwd", target, sizeof(target) - 1) > 0 && strcmp(target, SCRATCH) == 0);
    (void)!chdir("/");

    // getdents64 of /proc: self and the caller's own directory.
    DIR* dir = opendir("/proc");
    int saw_self = 0, saw_pid = 0, saw_init = 0;
    for (struct dirent* entry; dir != NULL && (entry = readdir(dir)) != NULL;) {
        saw_self += strcmp(entry->d_name, "self") == 0;
        saw_pid += strcmp(entry->d_name, expected) == 0 && entry->d_type == DT_DIR;
        saw_init += strcmp(entry->d_name, "1") == 0;
    }
    if (dir != NULL) {
        closedir(dir);
    }
    check("/proc lists self, the caller and 1", saw_self == 1 && saw_pid == 1 && saw_init == 1);
    errno = 0;
    result("open of a pid that is not there", open("/proc/999999/stat", O_RDONLY));
    errno = 0;
    result("mkdir in /proc", mkdir("/proc/new", 0755));
}

int main(int argc, char** argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    mkdir("/tmp", 01777);
    // A private mount namespace: on the host nothing leaks out.
    result("unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
    result("make every mount private", mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
    result("scratch tmpfs on /tmp", mount("none", "/tmp", "tmpfs", 0, NULL));
    mkdir(SCRATCH, 0755);
    device_nodes();
    device_semantics();
    mounts();
    proc_files(argc, argv);
    printf("failures: %d\n", failures);
    return failures != 0;
}
