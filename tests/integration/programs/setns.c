// Namespace files, setns(2), ioctl_ns(2) and pidfd_getfd(2). Opening
// /proc/<pid>/ns/<type> gives a file of the namespace (nsfs): its st_ino is
// the namespace's inode number, st_dev the same for every namespace; setns
// joins a namespace by such a file, or several by a pidfd, all or none;
// ioctl_ns names a namespace's owner, parent and type; pidfd_getfd copies
// another process's fd. Inode numbers differ between kernels: the program
// only compares them. Every change happens in a child, in namespaces of its
// own. Exit status: 0 when every check holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// <linux/nsfs.h>: _IO(0xb7, n).
#define NS_GET_USERNS _IO(0xb7, 0x1)
#define NS_GET_PARENT _IO(0xb7, 0x2)
#define NS_GET_NSTYPE _IO(0xb7, 0x3)
#define NS_GET_OWNER_UID _IO(0xb7, 0x4)
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static void expect_errno(const char* what, long result, int expected)
{
    int error = result < 0 ? errno : 0;
    printf("%s: %s\n", what, errno_name(error));
    failures += error != expected;
}

static long sys_setns(int fd, int type) { return syscall(SYS_setns, fd, type); }
static int pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }
static int pidfd_getfd(int pidfd, int fd, unsigned flags) { return (int)syscall(SYS_pidfd_getfd, pidfd, fd, flags); }

static int open_ns(pid_t pid, const char* type)
{
    char path[64];
    if (pid == 0) {
        snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
    } else {
        snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
    }
    return open(path, O_RDONLY | O_CLOEXEC);
}

static ino_t ino_of_fd(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

static ino_t ns_ino(pid_t pid, const char* type)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
    struct stat st;
    return stat(path, &st) == 0 ? st.st_ino : 0;
}

static int same_hostname(const char* name)
{
    char now[65] = { 0 };
    gethostname(now, sizeof(now) - 1);
    return strcmp(now, name) == 0;
}

// Runs `body` in a child and waits; its failures come back as the exit code.
static void in_child(const char* what, int (*body)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        failures = 0;
        int result = body();
        fflush(stdout);
        _exit(result != 0 || failures != 0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("%s: failed\n", what);
        failures++;
    }
}

static const char* const kTypes[] = { "net", "uts", "ipc", "pid", "pid_for_children", "user", "mnt", "cgroup", "time", "time_for_children" };
#define TYPE_COUNT (sizeof(kTypes) / sizeof(kTypes[0]))

static int files_of_namespaces(void)
{
    struct stat uts_link, uts_stat, uts_fstat;
    check("lstat of ns/uts is a symlink", lstat("/proc/self/ns/uts", &uts_link) == 0 && S_ISLNK(uts_link.st_mode));
    check("stat of ns/uts follows it", stat("/proc/self/ns/uts", &uts_stat) == 0);
    int fd = open_ns(0, "uts");
    check("open of ns/uts", fd >= 0 && fstat(fd, &uts_fstat) == 0);
    printf("mode: %o, nlink: %lu, size: %ld\n", (unsigned)uts_fstat.st_mode, (unsigned long)uts_fstat.st_nlink, (long)uts_fstat.st_size);
    check("stat and fstat agree", uts_stat.st_dev == uts_fstat.st_dev && uts_stat.st_ino == uts_fstat.st_ino);
    check("the link lives elsewhere than the file", uts_link.st_dev != uts_fstat.st_dev);
    char text[64] = { 0 };
    char expected[64];
    snprintf(expected, sizeof(expected), "uts:[%lu]", (unsigned long)uts_fstat.st_ino);
    check("readlink says uts:[st_ino]", readlink("/proc/self/ns/uts", text, sizeof(text) - 1) > 0 && strcmp(text, expected) == 0);
    char fd_path[64];
    snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fd);
    memset(text, 0, sizeof(text));
    check("the fd's link says uts:[st_ino] too", readlink(fd_path, text, sizeof(text) - 1) > 0 && strcmp(text, expected) == 0);

    int same_device = 1;
    for (unsigned i = 0; i < TYPE_COUNT; i++) {
        char path[64];
        struct stat st;
        snprintf(path, sizeof(path), "/proc/self/ns/%s", kTypes[i]);
        if (stat(path, &st) != 0) {
            printf("stat %s: %s\n", kTypes[i], errno_name(errno));
            failures++;
            continue;
        }
        same_device &= st.st_dev == uts_fstat.st_dev;
        char link[64] = { 0 };
        readlink(path, link, sizeof(link) - 1);
        const char* type = strcmp(kTypes[i], "pid_for_children") == 0 ? "pid" : strcmp(kTypes[i], "time_for_children") == 0 ? "time" : kTypes[i];
        snprintf(expected, sizeof(expected), "%s:[%lu]", type, (unsigned long)st.st_ino);
        printf("%s: S_IFREG|0444 %s, link matches %s\n", kTypes[i], st.st_mode == (S_IFREG | 0444) ? "yes" : "no", strcmp(link, expected) == 0 ? "yes" : "no");
        int nstype_fd = open(path, O_RDONLY);
        printf("%s: NS_GET_NSTYPE %#x\n", kTypes[i], ioctl(nstype_fd, NS_GET_NSTYPE));
        close(nstype_fd);
    }
    check("every namespace file has one st_dev", same_device);
    check("pid and pid_for_children are one namespace", ns_ino(getpid(), "pid") == ns_ino(getpid(), "pid_for_children"));

    int path_fd = open("/proc/self/ns/uts", O_PATH);
    struct stat path_stat;
    check("O_PATH open follows it too", path_fd >= 0 && fstat(path_fd, &path_stat) == 0 && path_stat.st_ino == uts_fstat.st_ino);
    expect_errno("setns of an O_PATH namespace fd", sys_setns(path_fd, 0), EBADF);
    expect_errno("ioctl of an O_PATH namespace fd", ioctl(path_fd, NS_GET_NSTYPE), EBADF);
    expect_errno("open of ns/uts/ (a trailing slash)", open("/proc/self/ns/uts/", O_RDONLY), ENOTDIR);
    expect_errno("open of ns/uts/x", open("/proc/self/ns/uts/x", O_RDONLY), ENOTDIR);
    expect_errno("read of a namespace file", read(fd, text, 1), EINVAL);
    // nsfs's inodes are S_IMMUTABLE: writing is EPERM, root included.
    expect_errno("open of ns/uts for writing", open("/proc/self/ns/uts", O_WRONLY), EPERM);
    expect_errno("open of ns/uts with O_TRUNC", open("/proc/self/ns/uts", O_RDONLY | O_TRUNC), EPERM);

    // A child shares the namespaces; one that unshares does not.
    int pipes[2];
    pipe(pipes);
    pid_t child = fork();
    if (child == 0) {
        char byte;
        read(pipes[0], &byte, 1);
        _exit(0);
    }
    check("parent and child: one uts namespace", ns_ino(child, "uts") == uts_fstat.st_ino);
    write(pipes[1], "x", 1);
    waitpid(child, NULL, 0);
    check("unshare(CLONE_NEWUTS)", unshare(CLONE_NEWUTS) == 0);
    check("then ns/uts is another file", ns_ino(getpid(), "uts") != uts_fstat.st_ino);
    check("the old file still shows the old namespace", ino_of_fd(fd) == uts_fstat.st_ino);
    check("ns/ipc did not change", stat("/proc/self/ns/ipc", &uts_stat) == 0);
    return 0;
}

static int setns_by_file(void)
{
    char original[65] = { 0 };
    gethostname(original, sizeof(original) - 1);
    int old_uts = open_ns(0, "uts");
    check("unshare(CLONE_NEWUTS)", unshare(CLONE_NEWUTS) == 0);
    sethostname("inner", 5);
    int new_uts = open_ns(0, "uts");
    expect_errno("setns(old uts, 0)", sys_setns(old_uts, 0), 0);
    check("the hostname is the original again", same_hostname(original));
    check("ns/uts is the old file", ns_ino(getpid(), "uts") == ino_of_fd(old_uts));
    expect_errno("setns(new uts, CLONE_NEWUTS)", sys_setns(new_uts, CLONE_NEWUTS), 0);
    check("the hostname is \"inner\"", same_hostname("inner"));
    expect_errno("setns(uts, CLONE_NEWIPC)", sys_setns(old_uts, CLONE_NEWIPC), EINVAL);
    expect_errno("setns(uts, CLONE_NEWUTS|CLONE_NEWIPC)", sys_setns(old_uts, CLONE_NEWUTS | CLONE_NEWIPC), EINVAL);
    expect_errno("setns(uts, -1)", sys_setns(old_uts, -1), EINVAL);
    check("the refused calls left the hostname", same_hostname("inner"));
    expect_errno("setns(-1, 0)", sys_setns(-1, 0), EBADF);
    expect_errno("setns(999, 0)", sys_setns(999, 0), EBADF);
    int pipes[2];
    pipe(pipes);
    expect_errno("setns(a pipe, 0)", sys_setns(pipes[0], 0), EINVAL);
    int proc_fd = open("/proc/self/ns", O_RDONLY | O_DIRECTORY);
    expect_errno("setns(the ns directory, 0)", sys_setns(proc_fd, 0), EINVAL);

    // Every type into the namespace the caller is already in.
    const struct {
        const char* type;
        int flag;
        int expected;
    } own[] = {
        { "ipc", CLONE_NEWIPC, 0 },
        { "net", CLONE_NEWNET, 0 },
        { "cgroup", CLONE_NEWCGROUP, 0 },
        { "pid", CLONE_NEWPID, 0 },
        { "time", CLONE_NEWTIME, 0 },
        { "user", CLONE_NEWUSER, EINVAL }, // "reentering the same user namespace"
    };
    for (unsigned i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
        char what[64];
        snprintf(what, sizeof(what), "setns(own %s, its type)", own[i].type);
        int fd = open_ns(0, own[i].type);
        expect_errno(what, sys_setns(fd, own[i].flag), own[i].expected);
        close(fd);
    }

    // mnt: the root and working directory become the namespace's root.
    chdir("/proc");
    int mnt = open_ns(0, "mnt");
    expect_errno("setns(own mnt, CLONE_NEWNS)", sys_setns(mnt, CLONE_NEWNS), 0);
    char cwd[64] = { 0 };
    check("then the working directory is /", getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, "/") == 0);
    return 0;
}

// A child sharing its parent's fs (CLONE_FS) cannot enter a mount or user
// namespace: "fs->users != 1".
static int setns_with_shared_fs(void)
{
    int mnt = open_ns(0, "mnt");
    fflush(stdout);
    long pid = syscall(SYS_clone, CLONE_FS | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        failures = 0;
        expect_errno("setns(mnt) sharing the fs", sys_setns(mnt, CLONE_NEWNS), EINVAL);
        fflush(stdout);
        _exit(failures != 0);
    }
    int status = 0;
    waitpid((pid_t)pid, &status, 0);
    return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

static int setns_by_pidfd(void)
{
    char original[65] = { 0 };
    gethostname(original, sizeof(original) - 1);
    int ready[2], done[2];
    pipe(ready);
    pipe(done);
    pid_t target = fork();
    if (target == 0) {
        if (unshare(CLONE_NEWUTS | CLONE_NEWIPC) != 0) {
            _exit(1);
        }
        sethostname("pidfd-target", 12);
        write(ready[1], "x", 1);
        char byte;
        read(done[0], &byte, 1);
        _exit(0);
    }
    char byte;
    read(ready[0], &byte, 1);
    int pidfd = pidfd_open(target);
    check("pidfd_open(target)", pidfd >= 0);
    expect_errno("setns(pidfd, 0)", sys_setns(pidfd, 0), EINVAL);
    expect_errno("setns(pidfd, CLONE_VM)", sys_setns(pidfd, CLONE_VM), EINVAL);
    expect_errno("setns(pidfd, CLONE_NEWUTS|CLONE_VM)", sys_setns(pidfd, CLONE_NEWUTS | CLONE_VM), EINVAL);
    // All or nothing: the user namespace is the caller's own (EINVAL), so
    // the uts namespace is not entered either.
    expect_errno("setns(pidfd, CLONE_NEWUTS|CLONE_NEWUSER)", sys_setns(pidfd, CLONE_NEWUTS | CLONE_NEWUSER), EINVAL);
    check("nothing changed", same_hostname(original) && ns_ino(getpid(), "uts") != ns_ino(target, "uts"));
    expect_errno("setns(pidfd, CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID)", sys_setns(pidfd, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID), 0);
    check("the hostname is the target's", same_hostname("pidfd-target"));
    check("ns/uts is the target's", ns_ino(getpid(), "uts") == ns_ino(target, "uts"));
    check("ns/ipc is the target's", ns_ino(getpid(), "ipc") == ns_ino(target, "ipc"));
    expect_errno("setns(pidfd, CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWTIME)", sys_setns(pidfd, CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWTIME), 0);
    write(done[1], "x", 1);
    waitpid(target, NULL, 0);
    expect_errno("setns(pidfd of a reaped process, CLONE_NEWUTS)", sys_setns(pidfd, CLONE_NEWUTS), ESRCH);

    // A zombie has no namespaces left.
    pid_t zombie = fork();
    if (zombie == 0) {
        _exit(0);
    }
    int zombie_fd = pidfd_open(zombie);
    siginfo_t info;
    waitid(P_PID, zombie, &info, WEXITED | WNOWAIT);
    expect_errno("setns(pidfd of a zombie, CLONE_NEWUTS)", sys_setns(zombie_fd, CLONE_NEWUTS), ESRCH);
    expect_errno("pidfd_getfd(pidfd of a zombie, 0)", pidfd_getfd(zombie_fd, 0, 0), ESRCH);
    waitpid(zombie, NULL, 0);
    return 0;
}

static int pid_namespaces(void)
{
    int root_pid_ns = open_ns(0, "pid");
    check("unshare(CLONE_NEWPID)", unshare(CLONE_NEWPID) == 0);
    char link[64];
    expect_errno("readlink pid_for_children before the first child", readlink("/proc/self/ns/pid_for_children", link, sizeof(link)), ENOENT);
    expect_errno("open pid_for_children before the first child", open("/proc/self/ns/pid_for_children", O_RDONLY), ENOENT);
    struct stat st;
    check("lstat of it works", lstat("/proc/self/ns/pid_for_children", &st) == 0 && S_ISLNK(st.st_mode));
    int ready[2], done[2];
    pipe(ready);
    pipe(done);
    pid_t init = fork();
    if (init == 0) {
        failures = 0;
        printf("init of the new namespace: pid %d\n", (int)getpid());
        // Its own pid namespace's parent is outside its view.
        int own = open_ns(0, "pid");
        expect_errno("NS_GET_PARENT of its own pid namespace", ioctl(own, NS_GET_PARENT), EPERM);
        expect_errno("setns(the parent's pid namespace)", sys_setns(root_pid_ns, CLONE_NEWPID), EINVAL);
        expect_errno("setns(its own pid namespace)", sys_setns(own, CLONE_NEWPID), 0);
        fflush(stdout);
        write(ready[1], "x", 1);
        char byte;
        read(done[0], &byte, 1);
        _exit(failures != 0);
    }
    char byte;
    read(ready[0], &byte, 1);
    check("pid_for_children now opens", ns_ino(getpid(), "pid_for_children") == ns_ino(init, "pid"));
    check("and is not the caller's own", ns_ino(getpid(), "pid") != ns_ino(init, "pid"));
    int child_ns = open_ns(init, "pid");
    int parent = (int)ioctl(child_ns, NS_GET_PARENT);
    check("NS_GET_PARENT of the child namespace is ours", parent >= 0 && ino_of_fd(parent) == ns_ino(getpid(), "pid"));
    check("and close-on-exec", fcntl(parent, F_GETFD) == FD_CLOEXEC);
    expect_errno("NS_GET_PARENT of the root pid namespace", ioctl(parent, NS_GET_PARENT), EPERM);
    // Back to our own, then into the child namespace: descendants are fine.
    expect_errno("setns(our own pid namespace)", sys_setns(root_pid_ns, CLONE_NEWPID), 0);
    check("pid_for_children is ours again", ns_ino(getpid(), "pid_for_children") == ns_ino(getpid(), "pid"));
    expect_errno("setns(the child pid namespace)", sys_setns(child_ns, 0), 0);
    check("pid_for_children is the child namespace", ns_ino(getpid(), "pid_for_children") == ns_ino(init, "pid"));
    expect_errno("unshare(CLONE_NEWPID) after it", unshare(CLONE_NEWPID), EINVAL);
    fflush(stdout);
    pid_t second = fork();
    if (second == 0) {
        printf("a child after setns: pid %d\n", (int)getpid());
        fflush(stdout);
        _exit(0);
    }
    waitpid(second, NULL, 0);
    write(done[1], "x", 1);
    int status = 0;
    waitpid(init, &status, 0);
    check("init's checks", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return 0;
}

static int user_and_ioctls(void)
{
    int uts = open_ns(0, "uts");
    int user = open_ns(0, "user");
    int owner = (int)ioctl(uts, NS_GET_USERNS);
    check("NS_GET_USERNS of uts is our user namespace", owner >= 0 && ino_of_fd(owner) == ino_of_fd(user));
    check("and close-on-exec", fcntl(owner, F_GETFD) == FD_CLOEXEC);
    check("and read-only", (fcntl(owner, F_GETFL) & O_ACCMODE) == O_RDONLY);
    expect_errno("NS_GET_USERNS of the initial user namespace", ioctl(user, NS_GET_USERNS), EPERM);
    expect_errno("NS_GET_PARENT of the initial user namespace", ioctl(user, NS_GET_PARENT), EPERM);
    expect_errno("NS_GET_PARENT of uts", ioctl(uts, NS_GET_PARENT), EINVAL);
    uid_t uid = 12345;
    expect_errno("NS_GET_OWNER_UID of the initial user namespace", ioctl(user, NS_GET_OWNER_UID, &uid), 0);
    printf("its owner: %u\n", (unsigned)uid);
    expect_errno("NS_GET_OWNER_UID of uts", ioctl(uts, NS_GET_OWNER_UID, &uid), EINVAL);
    expect_errno("NS_GET_OWNER_UID to a bad pointer", ioctl(user, NS_GET_OWNER_UID, (void*)8), EFAULT);
    expect_errno("an unknown ioctl", ioctl(uts, _IO(0xb7, 0x7f)), ENOTTY);

    // A new user namespace: its parent and owner are ours.
    check("unshare(CLONE_NEWUSER|CLONE_NEWUTS)", unshare(CLONE_NEWUSER | CLONE_NEWUTS) == 0);
    int inner_user = open_ns(0, "user");
    int inner_uts = open_ns(0, "uts");
    // Its parent is above the caller's own user namespace now: outside its
    // view.
    expect_errno("NS_GET_PARENT of it", ioctl(inner_user, NS_GET_PARENT), EPERM);
    int inner_owner = (int)ioctl(inner_uts, NS_GET_USERNS);
    check("the new uts namespace's owner is the new user namespace", inner_owner >= 0 && ino_of_fd(inner_owner) == ino_of_fd(inner_user));
    expect_errno("NS_GET_OWNER_UID of it", ioctl(inner_user, NS_GET_OWNER_UID, &uid), 0);
    printf("its owner: %u\n", (unsigned)uid);
    expect_errno("setns(its own user namespace)", sys_setns(inner_user, CLONE_NEWUSER), EINVAL);
    expect_errno("setns(the parent user namespace)", sys_setns(user, CLONE_NEWUSER), EPERM);
    expect_errno("setns(the parent's uts namespace)", sys_setns(uts, CLONE_NEWUTS), EPERM);
    expect_errno("setns(its own uts namespace)", sys_setns(inner_uts, CLONE_NEWUTS), 0);
    return 0;
}

static int enter_user_namespace(void)
{
    // The parent makes a user namespace in a child; root enters it and has
    // every capability there.
    int ready[2], done[2];
    pipe(ready);
    pipe(done);
    pid_t holder = fork();
    if (holder == 0) {
        if (unshare(CLONE_NEWUSER) != 0) {
            _exit(1);
        }
        write(ready[1], "x", 1);
        char byte;
        read(done[0], &byte, 1);
        _exit(0);
    }
    char byte;
    read(ready[0], &byte, 1);
    int user = open_ns(holder, "user");
    // userns_install has no chroot rule (create_user_ns has): a chrooted
    // task may join.
    fflush(stdout);
    pid_t chrooted = fork();
    if (chrooted == 0) {
        failures = 0;
        check("chroot(\"/proc\")", chroot("/proc") == 0);
        expect_errno("setns(a child user namespace) chrooted", sys_setns(user, CLONE_NEWUSER), 0);
        fflush(stdout);
        _exit(failures != 0);
    }
    int status = 0;
    waitpid(chrooted, &status, 0);
    check("the chrooted child's checks", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    expect_errno("setns(a child user namespace)", sys_setns(user, CLONE_NEWUSER), 0);
    check("ns/user is it", ns_ino(getpid(), "user") == ino_of_fd(user));
    // Unmapped ids show as the overflow ids.
    printf("uid there: %u\n", (unsigned)getuid());
    check("unshare(CLONE_NEWUTS) works there", unshare(CLONE_NEWUTS) == 0);
    write(done[1], "x", 1);
    waitpid(holder, NULL, 0);
    return 0;
}

static int time_namespaces(void)
{
    ino_t time_before = ns_ino(getpid(), "time");
    check("unshare(CLONE_NEWTIME)", unshare(CLONE_NEWTIME) == 0);
    check("time is unchanged", ns_ino(getpid(), "time") == time_before);
    check("time_for_children is another", ns_ino(getpid(), "time_for_children") != time_before);
    int children = open_ns(0, "time_for_children");
    expect_errno("setns(time_for_children, CLONE_NEWTIME)", sys_setns(children, CLONE_NEWTIME), 0);
    check("then time is it", ns_ino(getpid(), "time") == ino_of_fd(children));
    check("and time_for_children too", ns_ino(getpid(), "time_for_children") == ino_of_fd(children));
    return 0;
}

static int pidfd_getfd_checks(void)
{
    int pipes[2];
    pipe(pipes);
    int self = pidfd_open(getpid());
    int copy = pidfd_getfd(self, pipes[1], 0);
    check("pidfd_getfd(self, the pipe's write end)", copy >= 0);
    check("the copy is close-on-exec", fcntl(copy, F_GETFD) == FD_CLOEXEC);
    write(copy, "y", 1);
    char byte = 0;
    check("it is the same open file", read(pipes[0], &byte, 1) == 1 && byte == 'y');
    expect_errno("pidfd_getfd flags 1", pidfd_getfd(self, pipes[1], 1), EINVAL);
    expect_errno("pidfd_getfd of fd 999", pidfd_getfd(self, 999, 0), EBADF);
    expect_errno("pidfd_getfd of fd -1", pidfd_getfd(self, -1, 0), EBADF);
    expect_errno("pidfd_getfd from fd -1", pidfd_getfd(-1, 0, 0), EBADF);
    expect_errno("pidfd_getfd from a pipe", pidfd_getfd(pipes[0], 0, 0), EBADF);
    expect_errno("pidfd_getfd flags 1 from a pipe", pidfd_getfd(pipes[0], 0, 1), EINVAL);

    // From a child: its fds, as its parent.
    int ready[2], done[2];
    pipe(ready);
    pipe(done);
    pid_t child = fork();
    if (child == 0) {
        int fd = open("/proc/self/ns/uts", O_RDONLY);
        dup2(fd, 40);
        write(ready[1], "x", 1);
        read(done[0], &byte, 1);
        _exit(0);
    }
    read(ready[0], &byte, 1);
    int child_fd = pidfd_open(child);
    int taken = pidfd_getfd(child_fd, 40, 0);
    check("pidfd_getfd(child, 40) is its uts file", taken >= 0 && ino_of_fd(taken) == ns_ino(child, "uts"));
    expect_errno("setns with the taken file", sys_setns(taken, CLONE_NEWUTS), 0);
    struct rlimit limit = { 4, 4 };
    setrlimit(RLIMIT_NOFILE, &limit);
    expect_errno("pidfd_getfd past RLIMIT_NOFILE", pidfd_getfd(child_fd, 40, 0), EMFILE);
    expect_errno("NS_GET_USERNS past RLIMIT_NOFILE", ioctl(taken, NS_GET_USERNS), EMFILE);
    write(done[1], "x", 1);
    waitpid(child, NULL, 0);
    return 0;
}

// As an ordinary user: no access to root's namespace links, no setns, no
// pidfd_getfd from root's processes.
static int unprivileged(void)
{
    pid_t root_process = getppid();
    int uts = open_ns(0, "uts");
    int root_pidfd = pidfd_open(root_process);
    if (setgid(1000) != 0 || setuid(1000) != 0) {
        printf("setuid(1000) failed\n");
        return 1;
    }
    char path[64], link[64];
    snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)root_process);
    expect_errno("readlink of root's ns/uts", readlink(path, link, sizeof(link)), EACCES);
    expect_errno("open of root's ns/uts", open(path, O_RDONLY), EACCES);
    struct stat st;
    expect_errno("stat of root's ns/uts", stat(path, &st), EACCES);
    expect_errno("lstat of root's ns/uts", lstat(path, &st), 0);
    check("its own ns/uts opens", open_ns(0, "uts") >= 0);
    expect_errno("setns(uts) without CAP_SYS_ADMIN", sys_setns(uts, CLONE_NEWUTS), EPERM);
    expect_errno("setns(pidfd of root, CLONE_NEWUTS)", sys_setns(root_pidfd, CLONE_NEWUTS), EPERM);
    expect_errno("pidfd_getfd from root", pidfd_getfd(root_pidfd, 0, 0), EPERM);
    int self = pidfd_open(getpid());
    check("pidfd_getfd from itself still works", pidfd_getfd(self, uts, 0) >= 0);
    // Its own user namespace: owning it gives the capabilities there.
    check("unshare(CLONE_NEWUSER)", unshare(CLONE_NEWUSER) == 0);
    uid_t uid = 0;
    int user = open_ns(0, "user");
    ioctl(user, NS_GET_OWNER_UID, &uid);
    printf("owner of the new user namespace, seen inside: %u\n", (unsigned)uid);
    check("unshare(CLONE_NEWUTS) in it", unshare(CLONE_NEWUTS) == 0);
    expect_errno("setns(the old uts) from in it", sys_setns(uts, CLONE_NEWUTS), EPERM);
    return 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    in_child("files of namespaces", files_of_namespaces);
    in_child("setns by file", setns_by_file);
    in_child("setns sharing the fs", setns_with_shared_fs);
    in_child("setns by pidfd", setns_by_pidfd);
    in_child("pid namespaces", pid_namespaces);
    in_child("user namespaces and ioctls", user_and_ioctls);
    in_child("entering a user namespace", enter_user_namespace);
    in_child("time namespaces", time_namespaces);
    in_child("pidfd_getfd", pidfd_getfd_checks);
    in_child("unprivileged", unprivileged);
    printf("setns: %s\n", failures == 0 ? "all checks hold" : "failures");
    return failures != 0;
}
