// A PID namespace's life (pid_namespaces(7)): orphans inside it are
// reparented to its init, not to the init outside; waitid and SIGCHLD name
// children by their pids in the waiter's namespace; a proc mounted inside
// lists only the namespace's processes, under those pids, and /proc/self is
// the caller's inner pid; a handler the namespace's init installed does get
// a signal from an ancestor namespace; and when that init dies, every
// other process of the namespace is killed with SIGKILL. Runs as root
// (CAP_SYS_ADMIN); the namespace's init also unshares its mount namespace,
// privately, so the proc it mounts is never seen outside. Exit status: 0
// when every check holds, 1 otherwise.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int exit_status_of(pid_t child)
{
    int status = 0;
    if (waitpid(child, &status, 0) != child) {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void sleep_ms(long ms)
{
    struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&pause, NULL);
}

// Fork-like: the child goes on from here on a copy of the stack.
static pid_t clone_new_pid_namespace(void)
{
    fflush(stdout);
    return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
}

// The numeric entries of a proc mounted at `dir`, as a bit per pid below 64.
static unsigned long long pids_listed(const char* dir, int* others)
{
    unsigned long long bits = 0;
    *others = 0;
    DIR* listing = opendir(dir);
    if (listing == NULL) {
        return 0;
    }
    struct dirent* entry;
    while ((entry = readdir(listing)) != NULL) {
        char* end;
        long pid = strtol(entry->d_name, &end, 10);
        if (*end != '\0' || end == entry->d_name) {
            continue;
        }
        if (pid > 0 && pid < 64) {
            bits |= 1ULL << pid;
        } else {
            ++*others;
        }
    }
    closedir(listing);
    return bits;
}

static volatile sig_atomic_t usr1_seen;

static void on_usr1(int signal)
{
    (void)signal;
    usr1_seen = 1;
}

// Runs as pid 1 of a new namespace. `report` takes one line per check, as
// the children's output would interleave with the parent's otherwise.
static int namespace_init(int to_outside)
{
    int bad = 0;
    // Orphan reparenting: a child that forks a grandchild and exits; the
    // grandchild's parent becomes this init (pid 1), not the init outside.
    int ready[2];
    if (pipe(ready) != 0) {
        return 100;
    }
    pid_t middle = fork();
    if (middle == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            close(ready[0]);
            for (int i = 0; i < 500 && getppid() != 1; ++i) {
                sleep_ms(10);
            }
            char parent = (char)getppid();
            write(ready[1], &parent, 1);
            _exit(0);
        }
        _exit(grandchild == 3 ? 0 : 1);
    }
    close(ready[1]);
    if (middle != 2 || exit_status_of(middle) != 0) {
        bad |= 1;
    }
    char parent = 0;
    if (read(ready[0], &parent, 1) != 1 || parent != 1) {
        bad |= 2;
    }
    close(ready[0]);
    // The orphan is this init's child now: waitid reports it by its pid
    // here (3), in si_pid.
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_ALL, 0, &info, WEXITED) != 0 || info.si_pid != 3 || info.si_code != CLD_EXITED) {
        bad |= 4;
    }

    // A proc mounted here lists this namespace's processes by their pids
    // here: init (1) and a sleeper (4), none of the outside world.
    if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        return 101;
    }
    mkdir("/tmp", 0755);
    char dir[] = "/tmp/pidns-proc-XXXXXX";
    if (mkdtemp(dir) == NULL || mount("proc", dir, "proc", 0, NULL) != 0) {
        return 102;
    }
    pid_t sleeper = fork();
    if (sleeper == 0) {
        pause();
        _exit(0);
    }
    int others = 0;
    const unsigned long long listed = pids_listed(dir, &others);
    if (sleeper != 4 || listed != ((1ULL << 1) | (1ULL << 4)) || others != 0) {
        bad |= 8;
    }
    char self_path[64], self_target[16] = { 0 };
    snprintf(self_path, sizeof self_path, "%s/self", dir);
    if (readlink(self_path, self_target, sizeof self_target - 1) < 0 || strcmp(self_target, "1") != 0) {
        bad |= 16;
    }
    umount(dir);
    rmdir(dir);

    // A handler of this init's own takes a signal sent from outside.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigaction(SIGUSR1, &action, NULL);
    char byte = 'h';
    write(to_outside, &byte, 1);
    for (int i = 0; i < 500 && !usr1_seen; ++i) {
        sleep_ms(10);
    }
    if (!usr1_seen) {
        bad |= 32;
    }
    // Report, then die with the sleeper still alive: it is killed with us.
    byte = (char)bad;
    write(to_outside, &byte, 1);
    _exit(bad == 0 ? 7 : 8);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int channel[2];
    if (pipe(channel) != 0) {
        return 1;
    }
    pid_t init = clone_new_pid_namespace();
    if (init < 0) {
        printf("clone(CLONE_NEWPID): %s\n", errno_name(errno));
        return 1;
    }
    if (init == 0) {
        close(channel[0]);
        _exit(namespace_init(channel[1]));
    }
    close(channel[1]);
    char byte = 0;
    check("the namespace's init installed its handler", read(channel[0], &byte, 1) == 1 && byte == 'h');
    check("kill(SIGUSR1) of it from outside returns 0", kill(init, SIGUSR1) == 0);
    const int got = read(channel[0], &byte, 1) == 1 ? byte : -1;
    check("a child's fork+exit leaves its child (pid 3 inside) alive", got >= 0 && (got & 1) == 0);
    check("that orphan's parent is the namespace's init (getppid() == 1)", got >= 0 && (got & 2) == 0);
    check("waitid in the init reports the orphan as pid 3, CLD_EXITED", got >= 0 && (got & 4) == 0);
    check("a proc mounted inside lists only pids 1 and 4", got >= 0 && (got & 8) == 0);
    check("and its self link is 1", got >= 0 && (got & 16) == 0);
    check("the init's SIGUSR1 handler ran for the signal from outside", got >= 0 && (got & 32) == 0);
    check("the init exited with its own status", exit_status_of(init) == 7);
    // The sleeper (pid 4 inside) held the channel's write end open too: the
    // read ends only once it is dead, killed with its namespace's init.
    check("its other process was killed with it (the pipe has no writer left)", read(channel[0], &byte, 1) == 0);
    check("no other child is left here", waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
    return failures == 0 ? 0 : 1;
}
