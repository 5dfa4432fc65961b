// Mount namespaces (mount_namespaces(7), unshare(2), clone(2)) and
// pivot_root(2), as Linux has them: a mount or unmount in a new mount
// namespace is not seen in the old one and the other way round; a child of
// clone(CLONE_NEWNS) has its own copy with its working directory on it;
// pivot_root's success (and pivot_root(".", ".")) and its errnos; mounts
// copied into a namespace owned by a new user namespace are locked (umount
// and MS_MOVE are EINVAL) while mounts made there are not. It runs as root,
// everything in mount namespaces of its own with every mount private, so
// on the host nothing it mounts is seen outside. /proc/self/mountinfo's
// ids, roots and propagation tags are compared as relations, never as
// numbers. Children print their own
// lines while the parent waits. Exit status: 0 when every check holds.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define SCRATCH "/tmp/sirius-mntns"

static void result(const char* what, long value)
{
    printf("%s: %s\n", what, value < 0 ? errno_name(errno) : "ok");
}

static int exit_status_of(pid_t child)
{
    int status = 0;
    if (waitpid(child, &status, 0) != child) {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A child counts its own failures; the parent checks its exit status.
static pid_t start_child(void)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        failures = 0;
    }
    return child;
}

static void finish_child(void)
{
    fflush(stdout);
    _exit(failures == 0 ? 0 : 1);
}

static void touch(const char* path)
{
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) {
        close(fd);
    }
}

static int exists(const char* path)
{
    return access(path, F_OK) == 0;
}

static char text[65536];

// Whether /proc/<pid>/mounts (or self) shows a mount on `where`.
static int mounts_show(const char* proc_file, const char* where)
{
    if (read_whole_file(proc_file, text, sizeof(text)) < 0) {
        return 0;
    }
    char needle[256];
    snprintf(needle, sizeof(needle), " %s tmpfs ", where);
    return strstr(text, needle) != NULL;
}

static int same_link(const char* a, const char* b)
{
    char first[128] = { 0 };
    char second[128] = { 0 };
    if (readlink(a, first, sizeof(first) - 1) < 0 || readlink(b, second, sizeof(second) - 1) < 0) {
        return -1;
    }
    return strcmp(first, second) == 0;
}

// unshare(CLONE_NEWNS) in a child: its mounts and unmounts are its own.
static void unshare_isolation(void)
{
    mkdir(SCRATCH "/a", 0755);
    mkdir(SCRATCH "/b", 0755);
    mkdir(SCRATCH "/c", 0755);
    result("tmpfs on c before the child unshares", mount("none", SCRATCH "/c", "tmpfs", 0, NULL));
    touch(SCRATCH "/c/file");
    int to_parent[2];
    int to_child[2];
    if (pipe(to_parent) != 0 || pipe(to_child) != 0) {
        check("pipes", 0);
        return;
    }
    pid_t child = start_child();
    if (child == 0) {
        char byte = 0;
        int bits = 0;
        bits |= unshare(CLONE_NEWNS) == 0 ? 0 : 1;
        bits |= mount("none", SCRATCH "/a", "tmpfs", 0, NULL) == 0 ? 0 : 2;
        touch(SCRATCH "/a/inside");
        bits |= umount2(SCRATCH "/c", 0) == 0 ? 0 : 4;
        bits |= exists(SCRATCH "/c/file") ? 8 : 0;
        if (write(to_parent[1], &byte, 1) != 1 || read(to_child[0], &byte, 1) != 1) {
            bits |= 16;
        }
        // The parent has mounted on b meanwhile.
        bits |= exists(SCRATCH "/b/outside") ? 32 : 0;
        _exit(bits);
    }
    char byte = 0;
    if (read(to_parent[0], &byte, 1) != 1) {
        check("the child reported", 0);
    }
    char proc_mounts[64];
    snprintf(proc_mounts, sizeof(proc_mounts), "/proc/%d/mounts", (int)child);
    char proc_ns[64];
    snprintf(proc_ns, sizeof(proc_ns), "/proc/%d/ns/mnt", (int)child);
    check("the child's mount is not seen outside", !exists(SCRATCH "/a/inside"));
    check("/proc/<child>/mounts shows the child's mount", mounts_show(proc_mounts, SCRATCH "/a"));
    check("/proc/self/mounts does not", !mounts_show("/proc/self/mounts", SCRATCH "/a"));
    check("/proc/<child>/mounts no longer shows c", !mounts_show(proc_mounts, SCRATCH "/c"));
    check("/proc/self/mounts still does", mounts_show("/proc/self/mounts", SCRATCH "/c"));
    check("the child's umount left ours and its file", exists(SCRATCH "/c/file"));
    check("ns/mnt links differ", same_link("/proc/self/ns/mnt", proc_ns) == 0);
    result("tmpfs on b after the child unshared", mount("none", SCRATCH "/b", "tmpfs", 0, NULL));
    touch(SCRATCH "/b/outside");
    if (write(to_child[1], &byte, 1) != 1) {
        check("released the child", 0);
    }
    int bits = exit_status_of(child);
    check("child: unshare(CLONE_NEWNS)", (bits & 1) == 0);
    check("child: mount tmpfs", (bits & 2) == 0);
    check("child: umount of a copied mount", (bits & 4) == 0);
    check("child: the unmounted file is gone for it", (bits & 8) == 0);
    check("child: the parent's later mount is not seen", (bits & 32) == 0);
    umount2(SCRATCH "/b", 0);
    close(to_parent[0]);
    close(to_parent[1]);
    close(to_child[0]);
    close(to_child[1]);
}

// clone(CLONE_NEWNS): the child's tree is a copy, its cwd on the copy.
static void clone_new_namespace(void)
{
    mkdir(SCRATCH "/d", 0755);
    if (chdir(SCRATCH "/c") != 0) {
        check("chdir", 0);
    }
    fflush(stdout);
    pid_t child = (pid_t)syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (child == 0) {
        result("clone child: mount tmpfs", mount("none", SCRATCH "/d", "tmpfs", 0, NULL));
        touch(SCRATCH "/d/inside");
        // Its working directory pins the copy of c.
        result("clone child: umount of its cwd's mount", umount2(SCRATCH "/c", 0));
        result("clone child: chdir out", chdir("/"));
        result("clone child: umount then", umount2(SCRATCH "/c", 0));
        finish_child();
    }
    check("clone(CLONE_NEWNS) made a child", child > 0);
    check("it succeeded", exit_status_of(child) == 0);
    check("its mount is not seen outside", !exists(SCRATCH "/d/inside"));
    check("its umount left ours", exists(SCRATCH "/c/file"));
    check("clone(CLONE_NEWNS|CLONE_FS) is EINVAL", syscall(SYS_clone, CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0) < 0 && errno == EINVAL);
    if (chdir("/") != 0) {
        check("chdir /", 0);
    }
}

static long pivot_root(const char* new_root, const char* put_old)
{
    return syscall(SYS_pivot_root, new_root, put_old);
}

// In a child in a mount namespace of its own: tmpfs on box, tmpfs on
// box/new with box/new/old, and the root chrooted to box (the root must be
// a mount with a parent).
static void make_box(void)
{
    result("pivot child: unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
    mkdir(SCRATCH "/box", 0755);
    result("pivot child: tmpfs on box", mount("none", SCRATCH "/box", "tmpfs", 0, NULL));
    mkdir(SCRATCH "/box/new", 0755);
    result("pivot child: tmpfs on box/new", mount("none", SCRATCH "/box/new", "tmpfs", 0, NULL));
    mkdir(SCRATCH "/box/new/old", 0755);
    mkdir(SCRATCH "/box/d", 0755);
    mkdir(SCRATCH "/box/sub", 0755);
    mkdir(SCRATCH "/box/third", 0755);
    touch(SCRATCH "/box/new/marker");
    touch(SCRATCH "/box/old_root_marker");
    result("pivot child: chroot box", chroot(SCRATCH "/box"));
    result("pivot child: chdir /", chdir("/"));
}

static void pivot_root_rules(void)
{
    pid_t child = start_child();
    if (child == 0) {
        make_box();
        result("pivot_root of a missing new_root", pivot_root("/missing", "/new/old"));
        result("pivot_root to a missing put_old", pivot_root("/new", "/missing"));
        result("pivot_root of a file", pivot_root("/new/marker", "/new/old"));
        result("pivot_root to a file", pivot_root("/new", "/new/marker"));
        result("pivot_root of a directory of the root mount", pivot_root("/d", "/d"));
        result("pivot_root with put_old on the root mount", pivot_root("/new", "/d"));
        result("pivot_root of a directory that is not a mount", pivot_root("/new/old", "/new/old"));
        result("tmpfs on third", mount("none", "/third", "tmpfs", 0, NULL));
        result("pivot_root with put_old not under new_root", pivot_root("/new", "/third"));
        result("make / shared", mount("none", "/", NULL, MS_SHARED, NULL));
        result("pivot_root under a shared parent", pivot_root("/new", "/new/old"));
        result("make / private", mount("none", "/", NULL, MS_PRIVATE, NULL));
        result("make /new shared", mount("none", "/new", NULL, MS_SHARED, NULL));
        result("pivot_root with put_old on a shared mount", pivot_root("/new", "/new/old"));
        result("make /new private", mount("none", "/new", NULL, MS_PRIVATE, NULL));
        pid_t user = start_child();
        if (user == 0) {
            result("setuid(1000)", setuid(1000));
            result("pivot_root without CAP_SYS_ADMIN", pivot_root("/missing", "/missing"));
            finish_child();
        }
        check("the unprivileged child's checks held", exit_status_of(user) == 0);
        pid_t sub = start_child();
        if (sub == 0) {
            result("tmpfs on sub/new", (mkdir("/sub/new", 0755), mount("none", "/sub/new", "tmpfs", 0, NULL)));
            result("chroot sub", chroot("/sub"));
            result("pivot_root with a root that is not a mount", pivot_root("/new", "/new"));
            finish_child();
        }
        check("the chrooted child's checks held", exit_status_of(sub) == 0);
        // A sibling on the old root moves with the pivot (chroot_fs_refs).
        int ready[2];
        int go[2];
        if (pipe(ready) != 0 || pipe(go) != 0) {
            check("pipes", 0);
        }
        fflush(stdout);
        pid_t sibling = fork();
        if (sibling == 0) {
            char byte = 0;
            if (write(ready[1], &byte, 1) != 1 || read(go[0], &byte, 1) != 1) {
                _exit(9);
            }
            _exit(exists("/marker") && exists("/old/old_root_marker") ? 0 : 1);
        }
        char byte = 0;
        if (read(ready[0], &byte, 1) != 1) {
            check("sibling ready", 0);
        }
        result("pivot_root(/new, /new/old)", pivot_root("/new", "/new/old"));
        check("the new root has its marker", exists("/marker"));
        check("the old root is on /old", exists("/old/old_root_marker"));
        check("new_root's old mountpoint there is empty", !exists("/old/new/marker"));
        char cwd[256] = { 0 };
        check("the working directory is the new root", getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, "/") == 0);
        if (write(go[1], &byte, 1) != 1) {
            check("released the sibling", 0);
        }
        check("a sibling on the old root moved to the new one", exit_status_of(sibling) == 0);
        result("umount2(/old, MNT_DETACH)", umount2("/old", MNT_DETACH));
        check("the old root is gone", !exists("/old/old_root_marker"));
        finish_child();
    }
    check("pivot_root child's checks held", exit_status_of(child) == 0);
}

// pivot_root(2) NOTES: pivot_root(".", ".") stacks the old root on the new
// one; umount2(".", MNT_DETACH) takes it off.
static void pivot_root_dot(void)
{
    pid_t child = start_child();
    if (child == 0) {
        make_box();
        result("chdir /new", chdir("/new"));
        result("pivot_root(., .)", pivot_root(".", "."));
        // A walk starts at the root itself, not what is stacked on it.
        check("the old root stacked on / is not seen from /", !exists("/old_root_marker"));
        check("nor is the new root's own marker hidden", exists("/marker"));
        result("umount2(., MNT_DETACH)", umount2(".", MNT_DETACH));
        check("then the new root", exists("/marker"));
        check("and the old one is gone", !exists("/old_root_marker"));
        finish_child();
    }
    check("pivot_root(., .) child's checks held", exit_status_of(child) == 0);
}

// mount_namespaces(7): mounts copied into a mount namespace owned by a new
// user namespace are locked; mounts made there are not.
static void locked_mounts(void)
{
    mkdir(SCRATCH "/c/sub", 0755);
    mkdir(SCRATCH "/e", 0755);
    pid_t child = start_child();
    if (child == 0) {
        result("unshare(CLONE_NEWUSER|CLONE_NEWNS)", unshare(CLONE_NEWUSER | CLONE_NEWNS));
        result("umount of a copied mount", umount2(SCRATCH "/c", 0));
        result("umount MNT_DETACH of a copied mount", umount2(SCRATCH "/c", MNT_DETACH));
        result("MS_MOVE of a copied mount", mount(SCRATCH "/c", SCRATCH "/e", NULL, MS_MOVE, NULL));
        result("umount of the root", umount2("/", 0));
        result("mount tmpfs in the namespace", mount("none", SCRATCH "/c/sub", "tmpfs", 0, NULL));
        result("MS_MOVE of it", mount(SCRATCH "/c/sub", SCRATCH "/e", NULL, MS_MOVE, NULL));
        result("umount of it", umount2(SCRATCH "/e", 0));
        result("mount devtmpfs in the namespace", mount("none", SCRATCH "/c/sub", "devtmpfs", 0, NULL));
        result("chroot to the copied c", chroot(SCRATCH));
        result("pivot_root of a locked mount", pivot_root("/c", "/c/sub"));
        finish_child();
    }
    check("locked-mount child's checks held", exit_status_of(child) == 0);
    // And without CLONE_NEWNS the initial mount namespace is not ours.
    child = start_child();
    if (child == 0) {
        result("setuid(1000) before the user namespace", setuid(1000));
        result("unshare(CLONE_NEWUSER)", unshare(CLONE_NEWUSER));
        result("mount with only a user namespace", mount("none", SCRATCH "/e", "tmpfs", 0, NULL));
        result("unshare(CLONE_NEWNS) in it", unshare(CLONE_NEWNS));
        result("mount tmpfs then", mount("none", SCRATCH "/e", "tmpfs", 0, NULL));
        finish_child();
    }
    check("unprivileged user's checks held", exit_status_of(child) == 0);
}

// The /proc/self/mountinfo line whose mount point is `where` (its fifth
// field), with the mount's id and its parent's; 0 if there is none.
static int mountinfo_line(const char* where, char* line, size_t size, int* id, int* parent, char* root, size_t root_size)
{
    int fd = open("/proc/self/mountinfo", O_RDONLY);
    if (fd < 0) {
        return 0;
    }
    long total = 0;
    for (;;) {
        long got = read(fd, text + total, sizeof(text) - 1 - total);
        if (got <= 0) {
            break;
        }
        total += got;
    }
    close(fd);
    text[total] = '\0';
    for (char* start = text; *start != '\0';) {
        char* end = strchr(start, '\n');
        if (end == NULL) {
            end = start + strlen(start);
        }
        char point[256];
        char mount_root[256];
        if (sscanf(start, "%d %d %*u:%*u %255s %255s", id, parent, mount_root, point) == 4 && strcmp(point, where) == 0) {
            size_t length = (size_t)(end - start) < size - 1 ? (size_t)(end - start) : size - 1;
            memcpy(line, start, length);
            line[length] = '\0';
            snprintf(root, root_size, "%s", mount_root);
            return 1;
        }
        start = *end == '\n' ? end + 1 : end;
    }
    return 0;
}

// The number after `tag` ("shared:", "master:") in a mountinfo line's
// optional fields, or 0.
static int tag_number(const char* line, const char* tag)
{
    const char* separator = strstr(line, " - ");
    const char* found = strstr(line, tag);
    if (found == NULL || (separator != NULL && found > separator)) {
        return 0;
    }
    return atoi(found + strlen(tag));
}

// /proc/self/mountinfo: ids, the mount's root (a bind mount's directory),
// and the propagation tags as mount(2) sets them and a copy into a less
// privileged namespace turns them (shared becomes master).
static void mountinfo(void)
{
    pid_t child = start_child();
    if (child == 0) {
        char line[512];
        char root[256];
        int id = 0;
        int parent = 0;
        int tmp_id = 0;
        int tmp_parent = 0;
        result("mountinfo child: unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
        mkdir(SCRATCH "/f", 0755);
        mkdir(SCRATCH "/g", 0755);
        result("tmpfs on f", mount("none", SCRATCH "/f", "tmpfs", 0, NULL));
        mkdir(SCRATCH "/f/sub", 0755);
        check("mountinfo has /tmp", mountinfo_line("/tmp", line, sizeof(line), &tmp_id, &tmp_parent, root, sizeof(root)));
        check("mountinfo has f", mountinfo_line(SCRATCH "/f", line, sizeof(line), &id, &parent, root, sizeof(root)));
        check("its parent is /tmp's mount", parent == tmp_id && id != tmp_id);
        check("its root is /", strcmp(root, "/") == 0);
        check("its type and source follow the separator", strstr(line, " - tmpfs none ") != NULL);
        check("a private mount has no tags", tag_number(line, "shared:") == 0 && tag_number(line, "master:") == 0 && strstr(line, "unbindable") == NULL);
        result("bind f/sub on g", mount(SCRATCH "/f/sub", SCRATCH "/g", NULL, MS_BIND, NULL));
        check("the bind mount's root is /sub", mountinfo_line(SCRATCH "/g", line, sizeof(line), &id, &parent, root, sizeof(root)) && strcmp(root, "/sub") == 0);
        result("make f shared", mount("none", SCRATCH "/f", NULL, MS_SHARED, NULL));
        mountinfo_line(SCRATCH "/f", line, sizeof(line), &id, &parent, root, sizeof(root));
        const int group = tag_number(line, "shared:");
        check("a shared mount shows shared:N", group > 0);
        pid_t peer = start_child();
        if (peer == 0) {
            unshare(CLONE_NEWNS);
            mountinfo_line(SCRATCH "/f", line, sizeof(line), &id, &parent, root, sizeof(root));
            check("a same-privilege copy is in the same peer group", tag_number(line, "shared:") == group && tag_number(line, "master:") == 0);
            finish_child();
        }
        check("the peer's checks held", exit_status_of(peer) == 0);
        pid_t slave = start_child();
        if (slave == 0) {
            unshare(CLONE_NEWUSER | CLONE_NEWNS);
            mountinfo_line(SCRATCH "/f", line, sizeof(line), &id, &parent, root, sizeof(root));
            check("a less privileged copy is its slave", tag_number(line, "master:") == group && tag_number(line, "shared:") == 0);
            finish_child();
        }
        check("the slave's checks held", exit_status_of(slave) == 0);
        result("make f unbindable", mount("none", SCRATCH "/f", NULL, MS_UNBINDABLE, NULL));
        mountinfo_line(SCRATCH "/f", line, sizeof(line), &id, &parent, root, sizeof(root));
        check("an unbindable mount shows unbindable only", strstr(line, " unbindable") != NULL && tag_number(line, "shared:") == 0);
        result("bind of an unbindable mount", mount(SCRATCH "/f", SCRATCH "/g", NULL, MS_BIND, NULL));
        result("make f shared again", mount("none", SCRATCH "/f", NULL, MS_SHARED, NULL));
        result("then slave, alone in its group", mount("none", SCRATCH "/f", NULL, MS_SLAVE, NULL));
        mountinfo_line(SCRATCH "/f", line, sizeof(line), &id, &parent, root, sizeof(root));
        check("it is private", tag_number(line, "shared:") == 0 && tag_number(line, "master:") == 0);
        result("MS_SHARED|MS_PRIVATE", mount("none", SCRATCH "/f", NULL, MS_SHARED | MS_PRIVATE, NULL));
        finish_child();
    }
    check("mountinfo child's checks held", exit_status_of(child) == 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    mkdir("/tmp", 01777);
    // A private mount namespace: on the host nothing leaks out.
    result("unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
    result("make every mount private", mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
    result("scratch tmpfs on /tmp", mount("none", "/tmp", "tmpfs", 0, NULL));
    mkdir(SCRATCH, 0755);
    chmod(SCRATCH, 0755);
    unshare_isolation();
    clone_new_namespace();
    pivot_root_rules();
    pivot_root_dot();
    locked_mounts();
    mountinfo();
    printf("failures: %d\n", failures);
    return failures != 0;
}
