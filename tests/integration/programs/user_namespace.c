// User and time namespaces through their /proc files (user_namespaces(7),
// time_namespaces(7)): /proc/<pid>/uid_map, gid_map, setgroups and
// timens_offsets, read and written.
//
// - An unprivileged process (uid 1000) unshares CLONE_NEWUSER, is refused
//   gid_map before "deny" is in setgroups, writes "deny" and single-line
//   maps of its own ids, becomes uid 0 there with every capability, and can
//   then make a UTS namespace and set its host name. A map is written once;
//   setgroups(2) is EPERM after "deny", which a child namespace inherits.
// - Root writes a child's maps from outside; the maps read the same from
//   inside and outside, lower ids as the reader's namespace names them; a
//   map overlapping itself or leaving the parent's map is refused, a line
//   Linux does not parse is EINVAL.
// - A time namespace's offsets are written before a task is in it, and a
//   child made afterwards sees CLOCK_MONOTONIC and CLOCK_BOOTTIME moved;
//   then the offsets are fixed (EACCES).
//
// Every change happens in child processes in new namespaces: the host is
// not touched. Only what both kernels print the same is printed (no pids,
// no clock values). Exit status: 0 when every check holds, 1 otherwise.
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

// <linux/capability.h>, which musl does not ship.
#define CAPABILITY_VERSION_3 0x20080522
#define CAP_SETUID_BIT 7
#define CAP_SYS_ADMIN_BIT 21
#define CAP_SYS_TIME_BIT 25

static void expect_errno(const char* what, long result, int expected)
{
    int error = result < 0 ? errno : 0;
    printf("%s: %s\n", what, errno_name(error));
    failures += error != expected;
}

// Writes `text` to `path` in one write(2): the write's result, -1 with
// errno set on failure (also when open fails).
static long write_file(const char* path, const char* text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        return -1;
    }
    long written = write(fd, text, strlen(text));
    int error = errno;
    close(fd);
    errno = error;
    return written;
}

// The file's text, or "<errno NAME>".
static const char* read_file(const char* path)
{
    static char text[4096];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(text, sizeof(text), "<%s>", errno_name(errno));
        return text;
    }
    long length = read(fd, text, sizeof(text) - 1);
    close(fd);
    text[length > 0 ? length : 0] = '\0';
    return text;
}

static void show_file(const char* label, const char* path)
{
    const char* text = read_file(path);
    printf("%s:\n%s%s", label, text, text[0] != '\0' && text[strlen(text) - 1] == '\n' ? "" : "(end)\n");
}

static int has_capability(int capability)
{
    struct {
        uint32_t version;
        int pid;
    } header = { CAPABILITY_VERSION_3, 0 };
    struct {
        uint32_t effective, permitted, inheritable;
    } data[2];
    if (syscall(SYS_capget, &header, data) != 0) {
        return 0;
    }
    return (data[capability / 32].effective >> (capability % 32)) & 1;
}

static int drop_capability(int capability)
{
    struct {
        uint32_t version;
        int pid;
    } header = { CAPABILITY_VERSION_3, 0 };
    struct {
        uint32_t effective, permitted, inheritable;
    } data[2];
    if (syscall(SYS_capget, &header, data) != 0) {
        return -1;
    }
    data[capability / 32].effective &= ~(1u << (capability % 32));
    return (int)syscall(SYS_capset, &header, data);
}

static int wait_for(pid_t child)
{
    int status = -1;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs `body` in a child and counts its failure as one here.
static void in_child(const char* what, int (*body)(void))
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        // The child's status is its own checks', not the parent's so far.
        failures = 0;
        int status = body();
        fflush(stdout);
        _exit(status);
    }
    check(what, wait_for(child) == 0);
}

// ---------------------------------------------------------------------------
// The initial namespace's files.

static int initial_namespace(void)
{
    show_file("/proc/self/uid_map", "/proc/self/uid_map");
    show_file("/proc/self/gid_map", "/proc/self/gid_map");
    show_file("/proc/self/setgroups", "/proc/self/setgroups");
    // proc_uid_map_write: the initial namespace's map is fixed.
    expect_errno("writing the initial uid_map", write_file("/proc/self/uid_map", "0 0 1\n"), EPERM);
    expect_errno("writing deny to the initial setgroups", write_file("/proc/self/setgroups", "deny"), EPERM);
    expect_errno("writing allow to the initial setgroups", write_file("/proc/self/setgroups", "allow"), 0);
    return failures != 0;
}

// ---------------------------------------------------------------------------
// An unprivileged process maps its own ids.

static int nested_inherits_deny(void)
{
    if (unshare(CLONE_NEWUSER) != 0) {
        printf("nested unshare(CLONE_NEWUSER): %s\n", errno_name(errno));
        return 1;
    }
    show_file("nested /proc/self/setgroups", "/proc/self/setgroups");
    show_file("nested /proc/self/uid_map", "/proc/self/uid_map");
    printf("nested getuid before its map: %d\n", (int)getuid());
    return failures != 0;
}

static int new_hostname(void)
{
    expect_errno("unshare(CLONE_NEWUTS) as uid 0 of the new namespace", unshare(CLONE_NEWUTS), 0);
    expect_errno("sethostname(\"userns-test\")", sethostname("userns-test", 11), 0);
    struct utsname names;
    uname(&names);
    printf("nodename: %s\n", names.nodename);
    return failures != 0;
}

static int unprivileged(void)
{
    // setuid from root clears the dumpable flag, and a non-dumpable task's
    // /proc files belong to root: set it again, as user-namespace tools do.
    if (setgroups(0, NULL) != 0 || setgid(1000) != 0 || setuid(1000) != 0 || prctl(PR_SET_DUMPABLE, 1) != 0) {
        printf("dropping to uid 1000 failed: %s\n", errno_name(errno));
        return 1;
    }
    check("uid 1000 has no CAP_SETUID", !has_capability(CAP_SETUID_BIT));
    expect_errno("unshare(CLONE_NEWUTS) as uid 1000", unshare(CLONE_NEWUTS), EPERM);
    expect_errno("unshare(CLONE_NEWUSER) as uid 1000", unshare(CLONE_NEWUSER), 0);
    show_file("new /proc/self/uid_map", "/proc/self/uid_map");
    show_file("new /proc/self/setgroups", "/proc/self/setgroups");
    printf("getuid before the map: %d\n", (int)getuid());
    printf("getgid before the map: %d\n", (int)getgid());
    // user_namespaces(7): an unprivileged gid_map needs "deny" first.
    expect_errno("gid_map \"0 1000 1\" before deny", write_file("/proc/self/gid_map", "0 1000 1\n"), EPERM);
    // Not a single line of the writer's own id.
    expect_errno("uid_map \"0 1000 2\" (two ids)", write_file("/proc/self/uid_map", "0 1000 2\n"), EPERM);
    expect_errno("uid_map \"0 999 1\" (another's id)", write_file("/proc/self/uid_map", "0 999 1\n"), EPERM);
    expect_errno("setgroups \"nope\"", write_file("/proc/self/setgroups", "nope"), EINVAL);
    expect_errno("setgroups \"denyx\"", write_file("/proc/self/setgroups", "denyx"), EINVAL);
    expect_errno("setgroups of 8 bytes", write_file("/proc/self/setgroups", "deny    "), EINVAL);
    expect_errno("setgroups \"deny\\n\"", write_file("/proc/self/setgroups", "deny\n"), 0);
    show_file("/proc/self/setgroups after deny", "/proc/self/setgroups");
    expect_errno("setgroups \"allow\" after deny", write_file("/proc/self/setgroups", "allow"), EPERM);
    expect_errno("uid_map \"0 1000 1\"", write_file("/proc/self/uid_map", "0 1000 1\n"), 0);
    expect_errno("uid_map written a second time", write_file("/proc/self/uid_map", "0 1000 1\n"), EPERM);
    expect_errno("gid_map \"0 1000 1\" after deny", write_file("/proc/self/gid_map", "0 1000 1"), 0);
    expect_errno("setgroups \"deny\" after gid_map", write_file("/proc/self/setgroups", "deny"), EPERM);
    show_file("/proc/self/uid_map inside", "/proc/self/uid_map");
    show_file("/proc/self/gid_map inside", "/proc/self/gid_map");
    printf("getuid: %d, geteuid: %d, getgid: %d\n", (int)getuid(), (int)geteuid(), (int)getgid());
    check("CAP_SETUID in the new namespace", has_capability(CAP_SETUID_BIT));
    check("CAP_SYS_ADMIN in the new namespace", has_capability(CAP_SYS_ADMIN_BIT));
    struct stat status;
    if (stat("/proc/self/status", &status) == 0) {
        printf("/proc/self/status owner: %d:%d\n", (int)status.st_uid, (int)status.st_gid);
    }
    const char* text = read_file("/proc/self/status");
    const char* uid_line = strstr(text, "\nUid:");
    const char* gid_line = strstr(text, "\nGid:");
    if (uid_line != NULL && gid_line != NULL) {
        printf("status%.*s", (int)(strchr(gid_line + 1, '\n') - uid_line + 1), uid_line);
    }
    gid_t none[1] = { 0 };
    expect_errno("setgroups(2) after deny", setgroups(1, none), EPERM);
    in_child("a new UTS namespace from inside", new_hostname);
    in_child("a nested user namespace inherits deny", nested_inherits_deny);
    return failures != 0;
}

// ---------------------------------------------------------------------------
// Root writes a child's maps; the child's child is refused ids its parent
// has not got.

struct child_ns {
    pid_t pid;
    int to_child; // a byte lets it go on
    int from_child; // a byte: it has unshared
};

// A child that unshares CLONE_NEWUSER, says so, waits for the go, runs
// `body` and exits with its status.
static struct child_ns start_in_new_user_ns(int (*body)(void))
{
    int go[2], ready[2];
    struct child_ns child = { -1, -1, -1 };
    if (pipe(go) != 0 || pipe(ready) != 0) {
        return child;
    }
    fflush(stdout);
    child.pid = fork();
    if (child.pid == 0) {
        close(go[1]);
        close(ready[0]);
        char byte = unshare(CLONE_NEWUSER) == 0 ? 'u' : 'x';
        write(ready[1], &byte, 1);
        if (read(go[0], &byte, 1) != 1 || byte != 'g') {
            _exit(2);
        }
        failures = 0;
        int status = body();
        fflush(stdout);
        _exit(status);
    }
    close(go[0]);
    close(ready[1]);
    child.to_child = go[1];
    child.from_child = ready[0];
    char byte = 0;
    if (read(child.from_child, &byte, 1) != 1 || byte != 'u') {
        printf("the child could not unshare CLONE_NEWUSER\n");
    }
    return child;
}

// Lets the child go on: once only, since a second byte to a child that has
// already exited would be SIGPIPE here.
static void let_go(struct child_ns* child)
{
    char byte = 'g';
    write(child->to_child, &byte, 1);
    close(child->to_child);
    child->to_child = -1;
}

static int reap(struct child_ns* child)
{
    close(child->from_child);
    return wait_for(child->pid);
}

static int finish(struct child_ns child)
{
    let_go(&child);
    return reap(&child);
}

static int to_top = -1; // the middle sends the grandchild's pid up here
static int from_top = -1; // and waits here until the top has read its map

static int grandchild_body(void)
{
    show_file("grandchild: its own uid_map", "/proc/self/uid_map");
    printf("grandchild: getuid %d\n", (int)getuid());
    return failures != 0;
}

static int middle_body(void)
{
    printf("middle: getuid %d, getgid %d\n", (int)getuid(), (int)getgid());
    show_file("middle: its own uid_map", "/proc/self/uid_map");
    show_file("middle: its own gid_map", "/proc/self/gid_map");
    show_file("middle: its own setgroups", "/proc/self/setgroups");
    expect_errno("middle: setgroups deny after gid_map", write_file("/proc/self/setgroups", "deny"), EPERM);
    gid_t one[1] = { 5 };
    expect_errno("middle: setgroups(2) in a mapped namespace", setgroups(1, one), 0);

    struct child_ns grandchild = start_in_new_user_ns(grandchild_body);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)grandchild.pid);
    // Each range must lie inside this namespace's map, [0, 1000).
    expect_errno("middle: grandchild uid_map \"0 500 1000\" leaves the parent's map", write_file(path, "0 500 1000\n"), EPERM);
    expect_errno("middle: grandchild uid_map \"0 1000 1\" outside the parent's map", write_file(path, "0 1000 1\n"), EPERM);
    expect_errno("middle: grandchild uid_map \"0 0 10\\n5 100 10\" overlaps inside", write_file(path, "0 0 10\n5 100 10\n"), EINVAL);
    expect_errno("middle: grandchild uid_map \"0 0 10\\n100 5 10\" overlaps below", write_file(path, "0 0 10\n100 5 10\n"), EINVAL);
    expect_errno("middle: grandchild uid_map \"0 10 20\\n100 40 5\"", write_file(path, "0 10 20\n100 40 5\n"), 0);
    expect_errno("middle: grandchild uid_map again", write_file(path, "0 10 20\n"), EPERM);
    show_file("middle: the grandchild's uid_map read from the middle", path);
    snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)grandchild.pid);
    show_file("middle: the grandchild's setgroups (inherited)", path);
    // The top reads the map from the initial namespace, then lets us go on.
    write(to_top, &grandchild.pid, sizeof(grandchild.pid));
    char byte = 0;
    read(from_top, &byte, 1);
    int status = finish(grandchild);
    check("middle: the grandchild's checks held", status == 0);
    return failures != 0;
}

static int map_errors_body(void)
{
    if (unshare(CLONE_NEWUSER) != 0) {
        printf("unshare(CLONE_NEWUSER): %s\n", errno_name(errno));
        return 1;
    }
    // The parse errors need no privilege beyond CAP_SYS_ADMIN over the
    // namespace, which its creator has: each is EINVAL before the
    // permission check.
    static const struct {
        const char* what;
        const char* text;
    } bad[] = {
        { "\"0 0\" (no count)", "0 0\n" },
        { "\"0 0 x\"", "0 0 x\n" },
        { "\"0 0 1 junk\"", "0 0 1 junk\n" },
        { "\"-1 0 1\"", "-1 0 1\n" },
        { "\"0 0 0\" (count 0)", "0 0 0\n" },
        { "\"4294967295 0 1\" (id -1)", "4294967295 0 1\n" },
        { "\"4294967294 0 2\" (wraps)", "4294967294 0 2\n" },
        { "\"\\n\" (empty)", "\n" },
        { "with an empty line", "0 0 1\n\n1 1 1\n" },
        { "of 0 bytes (vfs_write still calls map_write)", "" },
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
        char what[96];
        snprintf(what, sizeof(what), "uid_map %s", bad[i].what);
        expect_errno(what, write_file("/proc/self/uid_map", bad[i].text), EINVAL);
    }
    // Whole map, one write, at offset 0, under a page.
    int fd = open("/proc/self/uid_map", O_WRONLY);
    // seq_open clears FMODE_PWRITE: pwrite(2) is ESPIPE; after lseek, a
    // write(2) at offset 1 is EINVAL.
    expect_errno("uid_map pwrite", pwrite(fd, "0 0 1\n", 6, 0), ESPIPE);
    expect_errno("lseek(uid_map, 1)", lseek(fd, 1, SEEK_SET) == 1 ? 0 : -1, 0);
    expect_errno("uid_map write at offset 1", write(fd, "0 0 1\n", 6), EINVAL);
    lseek(fd, 0, SEEK_SET);
    static char page[4096];
    memset(page, ' ', sizeof(page));
    memcpy(page, "0 0 1", 5);
    expect_errno("uid_map write of 4096 bytes", write(fd, page, sizeof(page)), EINVAL);
    close(fd);
    // 341 lines is one too many (user_namespaces(7): 340).
    static char lines[4096];
    size_t length = 0;
    for (int i = 0; i < 341; ++i) {
        length += (size_t)snprintf(lines + length, sizeof(lines) - length, "%d %d 1\n", i, i);
    }
    printf("341 lines take %s a page\n", length < 4096 ? "less than" : "more than");
    expect_errno("uid_map of 341 lines", write_file("/proc/self/uid_map", lines), EINVAL);
    // Several spaces and tabs between the numbers are fine, and the line
    // needs no newline; root may map itself if it could set file
    // capabilities (verify_root_map).
    expect_errno("uid_map \"  0 \\t 0   1\" of root's own uid", write_file("/proc/self/uid_map", "  0 \t 0   1"), 0);
    show_file("uid_map after it", "/proc/self/uid_map");
    return failures != 0;
}

static int privileged(void)
{
    int up[2], down[2];
    if (pipe(up) != 0 || pipe(down) != 0) {
        return 1;
    }
    to_top = up[1];
    from_top = down[0];
    struct child_ns middle = start_in_new_user_ns(middle_body);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)middle.pid);
    show_file("top: the middle's uid_map before it is written", path);
    // Root of the middle is root here (so that it may make a namespace of
    // its own: its ids need a mapping), the rest from 100001 on.
    expect_errno("top: the middle's uid_map \"0 0 1\\n1 100001 999\"", write_file(path, "0 0 1\n1 100001 999\n"), 0);
    show_file("top: the middle's uid_map", path);
    snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)middle.pid);
    expect_errno("top: the middle's gid_map \"0 0 1\\n1 100001 999\"", write_file(path, "0 0 1\n1 100001 999\n"), 0);
    // The middle goes on, makes the grandchild and sends its pid up.
    let_go(&middle);
    pid_t grandchild = -1;
    if (read(up[0], &grandchild, sizeof(grandchild)) == sizeof(grandchild)) {
        snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)grandchild);
        show_file("top: the grandchild's uid_map read from the initial namespace", path);
        // proc_uid_map_write: the opener must be in the namespace or its
        // parent.
        snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)grandchild);
        expect_errno("top: writing the grandchild's gid_map from two levels up", write_file(path, "0 0 1\n"), EPERM);
    }
    char byte = 'g';
    write(down[1], &byte, 1);
    int status = reap(&middle);
    check("top: the middle's checks held", status == 0);
    in_child("map errors in a fresh namespace", map_errors_body);
    return failures != 0;
}

// ---------------------------------------------------------------------------
// Time namespaces.

static long long now_ns(clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static int time_child_body(int report)
{
    long long times[2] = { now_ns(CLOCK_MONOTONIC), now_ns(CLOCK_BOOTTIME) };
    write(report, times, sizeof(times));
    return 0;
}

static int time_namespace(void)
{
    show_file("timens_offsets before unshare", "/proc/self/timens_offsets");
    // The caller's own namespace has a task in it (the initial one always).
    expect_errno("timens_offsets of the current time namespace", write_file("/proc/self/timens_offsets", "monotonic 1 0"), EACCES);
    expect_errno("unshare(CLONE_NEWTIME)", unshare(CLONE_NEWTIME), 0);
    show_file("timens_offsets after unshare", "/proc/self/timens_offsets");
    static const struct {
        const char* text;
        int error;
    } cases[] = {
        { "monotonic 0 1000000000", EINVAL },
        { "monotonic 0 -1", EINVAL },
        { "realtime 0 0", EINVAL },
        { "", EINVAL },
        { "monotonic 1", EINVAL },
        { "monotonic x 0", EINVAL },
        { "monotonic -9000000000 0", ERANGE },
        { "monotonic 10000000000 0", ERANGE },
        { "boottime 5000000000 0", ERANGE },
        { "1 100 5", 0 },
        { "7 -1 999999999\n", 0 },
        { "monotonic 86400 0\nboottime 172800 500\nmonotonic x y\n", 0 },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
        char what[96];
        snprintf(what, sizeof(what), "timens_offsets \"%s\"", cases[i].text);
        for (char* at = what; *at; ++at) {
            if (*at == '\n') {
                *at = '|';
            }
        }
        long result = write_file("/proc/self/timens_offsets", cases[i].text);
        expect_errno(what, result, cases[i].error);
        if (result >= 0) {
            printf("  wrote %ld of %zu bytes\n", result, strlen(cases[i].text));
        }
    }
    show_file("timens_offsets after the writes", "/proc/self/timens_offsets");

    int report[2];
    if (pipe(report) != 0) {
        return 1;
    }
    long long before_monotonic = now_ns(CLOCK_MONOTONIC);
    long long before_boottime = now_ns(CLOCK_BOOTTIME);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        _exit(time_child_body(report[1]));
    }
    long long times[2] = { 0, 0 };
    read(report[0], times, sizeof(times));
    wait_for(child);
    long long monotonic_shift = times[0] - before_monotonic - 86400LL * 1000000000LL;
    long long boottime_shift = times[1] - before_boottime - 172800LL * 1000000000LL;
    // Within ten seconds of the offsets: the child ran right after.
    check("a child's CLOCK_MONOTONIC is 86400 s ahead", monotonic_shift > -10000000000LL && monotonic_shift < 10000000000LL);
    check("a child's CLOCK_BOOTTIME is 172800 s ahead", boottime_shift > -10000000000LL && boottime_shift < 10000000000LL);
    long long mine = now_ns(CLOCK_MONOTONIC) - before_monotonic;
    check("this process's own clock did not move", mine >= 0 && mine < 10000000000LL);
    expect_errno("timens_offsets after a child entered", write_file("/proc/self/timens_offsets", "monotonic 1 0"), EACCES);
    show_file("/proc/self/timens_offsets at the end", "/proc/self/timens_offsets");
    return failures != 0;
}

static int time_without_capability(void)
{
    expect_errno("unshare(CLONE_NEWTIME)", unshare(CLONE_NEWTIME), 0);
    if (drop_capability(CAP_SYS_TIME_BIT) != 0) {
        printf("capset failed\n");
        return 1;
    }
    expect_errno("timens_offsets without CAP_SYS_TIME", write_file("/proc/self/timens_offsets", "monotonic 1 0"), EPERM);
    return failures != 0;
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    in_child("the initial namespace", initial_namespace);
    in_child("an unprivileged user namespace", unprivileged);
    in_child("root maps a child and a grandchild", privileged);
    in_child("a time namespace", time_namespace);
    in_child("a time namespace without CAP_SYS_TIME", time_without_capability);
    return failures == 0 ? 0 : 1;
}
