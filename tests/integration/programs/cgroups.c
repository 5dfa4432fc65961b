// The cgroup v2 hierarchy as Linux has it without controllers: mount -t
// cgroup2, mkdir/rmdir of cgroups (EEXIST, EBUSY with a child or a member),
// the files of a cgroup and their modes, cgroup.procs moves and their
// errnos, cgroup.events' populated, /proc/<pid>/cgroup, clone3's
// CLONE_INTO_CGROUP, and the root view of a cgroup namespace.
//
// On the host it must not disturb the real hierarchy: it works in a mount
// namespace of its own (everything private), mounts cgroup2 at a fresh
// directory (which shows the host's real hierarchy), makes one uniquely
// named child cgroup there, moves only its own child processes into it and
// removes it at the end. It prints only what both kernels share: relative
// paths with the unique name replaced by NAME, counts, errnos, yes/no.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// <linux/sched.h> is not in musl's include path; the value is its.
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

static char base[64];  // where cgroup2 is mounted
static char name[64];  // the test's cgroup, under the hierarchy's root
static char group[160]; // base/name

static void result(const char* what, long value)
{
    printf("%s: %s\n", what, value < 0 ? errno_name(errno) : "ok");
}

static char text[65536];

// The whole of a file, NUL-terminated; its length, or -1 with errno.
static long read_text(const char* path)
{
    return read_whole_file(path, text, sizeof(text));
}

static long write_text(const char* path, const char* value)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        return -1;
    }
    long written = write(fd, value, strlen(value));
    int saved = errno;
    close(fd);
    errno = saved;
    return written;
}

static const char* in_group(const char* file)
{
    static char path[256];
    snprintf(path, sizeof(path), "%s/%s", group, file);
    return path;
}

// The cgroup v2 line of /proc/<pid>/cgroup ("0::/path") with the test's
// name replaced by NAME; the host also shows its v1 hierarchies.
static const char* v2_line(const char* proc_file)
{
    static char line[256];
    if (read_text(proc_file) < 0) {
        return errno_name(errno);
    }
    char* at = strstr(text, "0::");
    if (at == NULL) {
        return "none";
    }
    char* end = strchr(at, '\n');
    if (end != NULL) {
        *end = '\0';
    }
    char* found = strstr(at, name);
    if (found == NULL) {
        snprintf(line, sizeof(line), "%s", at);
    } else {
        *found = '\0';
        snprintf(line, sizeof(line), "%sNAME%s", at, found + strlen(name));
    }
    return line;
}

// Whether `pid` is a line of a cgroup.procs / cgroup.threads text, and
// how many lines it has.
static int lists(long pid)
{
    char* line = text;
    while (*line != '\0') {
        if (strtol(line, NULL, 10) == pid) {
            return 1;
        }
        line = strchr(line, '\n');
        if (line == NULL) {
            break;
        }
        ++line;
    }
    return 0;
}

static int line_count(void)
{
    int count = 0;
    for (char* at = text; *at != '\0'; ++at) {
        count += *at == '\n';
    }
    return count;
}

static int file_mode(const char* path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

// A child that waits until the parent writes to `gate`, then exits 0.
static pid_t start_waiter(int gate[2])
{
    fflush(stdout);
    if (pipe(gate) != 0) {
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(gate[1]);
        char byte;
        (void)read(gate[0], &byte, 1);
        _exit(0);
    }
    close(gate[0]);
    return pid;
}

static void files_of_a_cgroup(void)
{
    check("cgroup.procs mode 0644", file_mode(in_group("cgroup.procs")) == 0644);
    check("cgroup.threads mode 0644", file_mode(in_group("cgroup.threads")) == 0644);
    check("cgroup.controllers mode 0444", file_mode(in_group("cgroup.controllers")) == 0444);
    check("cgroup.subtree_control mode 0644", file_mode(in_group("cgroup.subtree_control")) == 0644);
    check("cgroup.events mode 0444", file_mode(in_group("cgroup.events")) == 0444);
    check("cgroup.type mode 0644", file_mode(in_group("cgroup.type")) == 0644);
    check("cgroup.stat mode 0444", file_mode(in_group("cgroup.stat")) == 0444);
    check("cgroup.max.depth mode 0644", file_mode(in_group("cgroup.max.depth")) == 0644);
    check("cgroup.freeze mode 0644", file_mode(in_group("cgroup.freeze")) == 0644);
    check("cgroup.kill mode 0200", file_mode(in_group("cgroup.kill")) == 0200);
    check("the root has no cgroup.type", file_mode(strcat(strcpy(text, base), "/cgroup.type")) < 0);
    check("the root has no cgroup.events", file_mode(strcat(strcpy(text, base), "/cgroup.events")) < 0);
    check("the root has cgroup.procs", file_mode(strcat(strcpy(text, base), "/cgroup.procs")) == 0644);
    check("cgroup.type is domain", read_text(in_group("cgroup.type")) >= 0 && strcmp(text, "domain\n") == 0);
    check("cgroup.events is unpopulated", read_text(in_group("cgroup.events")) >= 0 && strcmp(text, "populated 0\nfrozen 0\n") == 0);
    check("cgroup.max.depth is max", read_text(in_group("cgroup.max.depth")) >= 0 && strcmp(text, "max\n") == 0);
    check("cgroup.max.descendants is max", read_text(in_group("cgroup.max.descendants")) >= 0 && strcmp(text, "max\n") == 0);
    check("cgroup.procs is empty", read_text(in_group("cgroup.procs")) == 0);
    check("cgroup.subtree_control is empty", read_text(in_group("cgroup.subtree_control")) == 0);
    check("cgroup.freeze is 0", read_text(in_group("cgroup.freeze")) >= 0 && strcmp(text, "0\n") == 0);
    check("cgroup.stat starts with nr_descendants 0", read_text(in_group("cgroup.stat")) >= 0 && strncmp(text, "nr_descendants 0\n", 17) == 0);
    check("cgroup.stat has nr_dying_descendants 0", strstr(text, "\nnr_dying_descendants 0\n") != NULL);
    result("write +nosuch to cgroup.subtree_control", write_text(in_group("cgroup.subtree_control"), "+nosuch"));
    result("write junk to cgroup.subtree_control", write_text(in_group("cgroup.subtree_control"), "nosuch"));
    result("write threadedx to cgroup.type", write_text(in_group("cgroup.type"), "threadedx"));
    result("write to cgroup.events", write_text(in_group("cgroup.events"), "1"));
    result("unlink cgroup.procs", unlink(in_group("cgroup.procs")));
    result("create a file", open(in_group("newfile"), O_CREAT | O_WRONLY, 0644));
    result("mknod a fifo", mknod(in_group("newfifo"), S_IFIFO | 0644, 0));
    result("symlink", symlink("x", in_group("newlink")));
}

static void make_and_remove(void)
{
    result("mkdir again", mkdir(group, 0755));
    char sub[256];
    snprintf(sub, sizeof(sub), "%s/sub", group);
    result("mkdir NAME/sub", mkdir(sub, 0700));
    check("NAME/sub mode 0700", file_mode(sub) == 0700);
    check("NAME/sub/cgroup.procs mode 0644", file_mode(strcat(strcpy(text, sub), "/cgroup.procs")) == 0644);
    check("cgroup.stat counts the child", read_text(in_group("cgroup.stat")) >= 0 && strncmp(text, "nr_descendants 1\n", 17) == 0);
    result("rmdir NAME with a child", rmdir(group));
    result("rmdir NAME/sub", rmdir(sub));
    result("rmdir NAME/sub again", rmdir(sub));
    check("cgroup.stat counts no child", read_text(in_group("cgroup.stat")) >= 0 && strncmp(text, "nr_descendants 0\n", 17) == 0);
}

static void moving_processes(void)
{
    printf("/proc/self/cgroup: %s\n", v2_line("/proc/self/cgroup"));
    int gate[2];
    pid_t waiter = start_waiter(gate);
    char number[32];
    snprintf(number, sizeof(number), "%d", waiter);
    result("write the child's pid to cgroup.procs", write_text(in_group("cgroup.procs"), number));
    check("cgroup.procs lists it", read_text(in_group("cgroup.procs")) >= 0 && lists(waiter));
    check("cgroup.procs has one line", line_count() == 1);
    check("cgroup.threads lists it", read_text(in_group("cgroup.threads")) >= 0 && lists(waiter));
    check("the root's cgroup.procs does not", read_text(strcat(strcpy(text, base), "/cgroup.procs")) >= 0 && !lists(waiter));
    check("the root's cgroup.procs lists the test", read_text(strcat(strcpy(text, base), "/cgroup.procs")) >= 0 && lists(getpid()));
    check("cgroup.events is populated", read_text(in_group("cgroup.events")) >= 0 && strcmp(text, "populated 1\nfrozen 0\n") == 0);
    char proc_file[64];
    snprintf(proc_file, sizeof(proc_file), "/proc/%d/cgroup", waiter);
    printf("/proc/child/cgroup: %s\n", v2_line(proc_file));
    printf("/proc/self/cgroup still: %s\n", v2_line("/proc/self/cgroup"));
    result("rmdir NAME with a member", rmdir(group));
    result("write the same pid again", write_text(in_group("cgroup.procs"), number));
    result("write abc", write_text(in_group("cgroup.procs"), "abc"));
    result("write -1", write_text(in_group("cgroup.procs"), "-1"));
    result("write a pid nobody has", write_text(in_group("cgroup.procs"), "2147483647"));
    result("write the thread to the root's cgroup.threads", write_text(strcat(strcpy(text, base), "/cgroup.threads"), number));
    result("write the thread to its own cgroup.threads", write_text(in_group("cgroup.threads"), number));
    // A zombie has left: cgroup.procs and populated drop before the reap.
    close(gate[1]);
    siginfo_t info;
    waitid(P_PID, waiter, &info, WEXITED | WNOWAIT);
    check("a zombie is not in cgroup.procs", read_text(in_group("cgroup.procs")) == 0);
    check("a zombie does not populate", read_text(in_group("cgroup.events")) >= 0 && strcmp(text, "populated 0\nfrozen 0\n") == 0);
    result("rmdir NAME with a zombie member (then mkdir)", rmdir(group));
    mkdir(group, 0755);
    int status;
    waitpid(waiter, &status, 0);

    // A child that moves itself ("0").
    fflush(stdout);
    pid_t self_mover = fork();
    if (self_mover == 0) {
        long written = write_text(in_group("cgroup.procs"), "0");
        printf("child writes 0: %s\n", written < 0 ? errno_name(errno) : "ok");
        printf("child's /proc/self/cgroup: %s\n", v2_line("/proc/self/cgroup"));
        fflush(stdout);
        _exit(0);
    }
    waitpid(self_mover, &status, 0);
}

struct clone_args_v2 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static long clone_into(int fd)
{
    struct clone_args_v2 args;
    memset(&args, 0, sizeof(args));
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = (uint64_t)fd;
    fflush(stdout);
    long pid = syscall(SYS_clone3, &args, sizeof(args));
    if (pid == 0) {
        // The child: 0 when it started in the test's cgroup.
        const char* line = v2_line("/proc/self/cgroup");
        _exit(strcmp(line, "0::/NAME") == 0 ? 0 : 1);
    }
    if (pid > 0) {
        int status;
        waitpid(pid, &status, 0);
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : (errno = 0, -2);
    }
    return -1;
}

static void into_cgroup(void)
{
    int fd = open(group, O_RDONLY | O_DIRECTORY);
    result("clone3 CLONE_INTO_CGROUP (O_DIRECTORY fd)", clone_into(fd));
    close(fd);
    fd = open(group, O_PATH);
    result("clone3 CLONE_INTO_CGROUP (O_PATH fd)", clone_into(fd));
    close(fd);
    fd = open(in_group("cgroup.procs"), O_RDONLY);
    result("clone3 CLONE_INTO_CGROUP (cgroup.procs fd)", clone_into(fd));
    close(fd);
    fd = open("/tmp", O_RDONLY | O_DIRECTORY);
    result("clone3 CLONE_INTO_CGROUP (a tmpfs directory)", clone_into(fd));
    close(fd);
    char gone[256];
    snprintf(gone, sizeof(gone), "%s/gone", group);
    mkdir(gone, 0755);
    fd = open(gone, O_RDONLY | O_DIRECTORY);
    rmdir(gone);
    result("clone3 CLONE_INTO_CGROUP (a removed cgroup)", clone_into(fd));
    result("write to a removed cgroup's cgroup.procs", write_text(strcat(strcpy(text, gone), "/cgroup.procs"), "0"));
    close(fd);
}

static void cgroup_namespace(void)
{
    fflush(stdout);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        write_text(in_group("cgroup.procs"), "0");
        result("unshare(CLONE_NEWCGROUP)", unshare(CLONE_NEWCGROUP));
        printf("in the namespace, /proc/self/cgroup: %s\n", v2_line("/proc/self/cgroup"));
        char proc_file[64];
        snprintf(proc_file, sizeof(proc_file), "/proc/%d/cgroup", parent);
        printf("in the namespace, the parent's: %s\n", v2_line(proc_file));
        char view[] = "/tmp/sirius-cgview-XXXXXX";
        if (mkdtemp(view) == NULL) {
            _exit(1);
        }
        result("mount cgroup2 in the namespace", mount("none", view, "cgroup2", 0, NULL));
        char path[128];
        snprintf(path, sizeof(path), "%s/cgroup.procs", view);
        check("its root's cgroup.procs lists the child", read_text(path) >= 0 && lists(getpid()) && line_count() == 1);
        snprintf(path, sizeof(path), "%s/cgroup.type", view);
        check("its root is NAME (it has cgroup.type)", file_mode(path) == 0644);
        snprintf(path, sizeof(path), "%s/%s", view, name);
        check("NAME is not below it", file_mode(path) < 0);
        umount(view);
        rmdir(view);
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
}

int main(void)
{
    umask(022);
    result("unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
    result("make every mount private", mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
    mkdir("/tmp", 01777);
    strcpy(base, "/tmp/sirius-cgroup-XXXXXX");
    if (mkdtemp(base) == NULL) {
        printf("mkdtemp failed\n");
        return 1;
    }
    result("mount -t cgroup2", mount("none", base, "cgroup2", 0, NULL));
    snprintf(name, sizeof(name), "sirius-test-%d", getpid());
    snprintf(group, sizeof(group), "%s/%s", base, name);
    result("mkdir NAME", mkdir(group, 0755));
    check("NAME mode 0755", file_mode(group) == 0755);

    files_of_a_cgroup();
    make_and_remove();
    moving_processes();
    into_cgroup();
    cgroup_namespace();

    result("rmdir NAME at the end", rmdir(group));
    result("umount", umount(base));
    rmdir(base);
    return failures == 0 ? 0 : 1;
}
