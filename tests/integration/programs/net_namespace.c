// Network namespaces (network_namespaces(7), unshare(2), clone(2)): a
// child that unshares CLONE_NEWNET, and one cloned with it, each see a new
// namespace holding only the loopback device, down, with zero counters, in
// /proc/self/net/dev and /proc/net/dev (proc(5): /proc/net is a link to
// "self/net"). The task directories and a parent reading the child's
// /proc/<pid>/net/dev show the same. The program never prints the initial
// namespace's devices or counters, which differ between machines. Run as
// root. Exit status: 0 when every check holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char text[16384];
static char other[16384];

// The file as it is, between two marks that name it as `label`, or the
// errno of the failure.
static void print_file_as(const char* path, const char* label)
{
    if (read_whole_file(path, text, sizeof(text)) < 0) {
        printf("%s: %s\n", label, errno_name(errno));
        failures++;
        return;
    }
    printf("--- %s\n%s--- end\n", label, text);
}

static void print_file(const char* path) { print_file_as(path, path); }

static int same_files(const char* first, const char* second)
{
    if (read_whole_file(first, text, sizeof(text)) < 0 || read_whole_file(second, other, sizeof(other)) < 0) {
        return 0;
    }
    return strcmp(text, other) == 0;
}

static void print_link(const char* path)
{
    char target[256];
    ssize_t length = readlink(path, target, sizeof(target) - 1);
    if (length < 0) {
        printf("readlink(\"%s\"): %s\n", path, errno_name(errno));
        failures++;
        return;
    }
    target[length] = '\0';
    printf("readlink(\"%s\"): \"%s\"\n", path, target);
}

static void print_mode(const char* path, int follow)
{
    struct stat st;
    if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) {
        printf("stat(\"%s\"): %s\n", path, errno_name(errno));
        failures++;
        return;
    }
    printf("%s: mode %o uid %u gid %u\n", path, (unsigned)st.st_mode, (unsigned)st.st_uid, (unsigned)st.st_gid);
}

// What a task in a fresh network namespace sees of it.
static void show_new_namespace(const char* parent_net)
{
    char own_net[64];
    ssize_t length = readlink("/proc/self/ns/net", own_net, sizeof(own_net) - 1);
    own_net[length < 0 ? 0 : length] = '\0';
    check("/proc/self/ns/net differs from the parent's", length > 0 && strcmp(own_net, parent_net) != 0);
    print_file("/proc/self/net/dev");
    print_file("/proc/net/dev");
    print_link("/proc/net");
    char task[96];
    snprintf(task, sizeof(task), "/proc/self/task/%ld/net/dev", (long)syscall(SYS_gettid));
    check("/proc/self/task/<tid>/net/dev is the same", same_files(task, "/proc/self/net/dev"));
    print_mode("/proc/self/net", 1);
    print_mode("/proc/self/net/dev", 1);
    print_mode("/proc/net", 0);
}

// Lets `child` go on (end of file on `go`), waits for it and folds its
// result in.
static void finish_child(pid_t child, int go)
{
    int status = 0;
    close(go);
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("child failed: status %#x\n", status);
        failures++;
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char parent_net[64];
    ssize_t length = readlink("/proc/self/ns/net", parent_net, sizeof(parent_net) - 1);
    parent_net[length < 0 ? 0 : length] = '\0';
    print_link("/proc/net");

    // unshare(CLONE_NEWNET) in a child. It tells the parent it is ready
    // (one byte on `ready`) and waits for the parent to have looked at
    // its /proc/<pid>/net/dev (end of file on `go`) before it exits.
    int ready[2];
    int go[2];
    if (pipe(ready) != 0 || pipe(go) != 0) {
        printf("pipe: %s\n", errno_name(errno));
        return 1;
    }
    pid_t child = fork();
    if (child == 0) {
        close(ready[0]);
        close(go[1]);
        if (unshare(CLONE_NEWNET) != 0) {
            printf("unshare(CLONE_NEWNET): %s\n", errno_name(errno));
            _exit(1);
        }
        printf("unshare(CLONE_NEWNET): ok\n");
        show_new_namespace(parent_net);
        // A fork in the new namespace stays in it.
        pid_t grandchild = fork();
        if (grandchild == 0) {
            _exit(same_files("/proc/self/net/dev", "/proc/net/dev") ? 0 : 1);
        }
        int status = 0;
        waitpid(grandchild, &status, 0);
        check("a forked child sees the same devices", WIFEXITED(status) && WEXITSTATUS(status) == 0);
        char byte = 1;
        if (write(ready[1], &byte, 1) != 1) {
            _exit(1);
        }
        (void)read(go[0], &byte, 1);
        _exit(failures == 0 ? 0 : 1);
    }
    close(ready[1]);
    close(go[0]);
    char byte = 0;
    if (read(ready[0], &byte, 1) != 1) {
        printf("the child did not get ready\n");
        failures++;
    } else {
        // get_proc_task_net: the target task's namespace, not the reader's.
        char path[64];
        snprintf(path, sizeof(path), "/proc/%d/net/dev", (int)child);
        print_file_as(path, "/proc/<child>/net/dev, read by the parent");
    }
    close(ready[0]);
    finish_child(child, go[1]);

    // clone(CLONE_NEWNET): the child starts in a new namespace.
    pid_t cloned = (pid_t)syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
    if (cloned == 0) {
        printf("clone(CLONE_NEWNET): ok\n");
        show_new_namespace(parent_net);
        _exit(failures == 0 ? 0 : 1);
    }
    if (cloned < 0) {
        printf("clone(CLONE_NEWNET): %s\n", errno_name(errno));
        return 1;
    }
    int status = 0;
    if (waitpid(cloned, &status, 0) != cloned || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("cloned child failed: status %#x\n", status);
        failures++;
    }
    // The parent's own namespace is unchanged: still its own link.
    char after[64];
    length = readlink("/proc/self/ns/net", after, sizeof(after) - 1);
    after[length < 0 ? 0 : length] = '\0';
    check("the parent's namespace is unchanged", strcmp(after, parent_net) == 0);
    return failures == 0 ? 0 : 1;
}
