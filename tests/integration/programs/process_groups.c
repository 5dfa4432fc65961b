// Process groups and sessions (credentials(7), setpgid(2), setsid(2),
// getsid(2)): a child starts a session of its own - the same state on the
// host, where the program runs below a shell, and in Sirius, where it is
// init - and from there checks every rule in Linux's order: setsid and
// setpgid of a session leader are EPERM; a child can be moved into a group
// of its own and back; a negative pgid is EINVAL, an unknown pid ESRCH, a
// thread's tid EINVAL, a pid that is neither the caller nor its child ESRCH,
// a child in another session EPERM, a child that has exec'd EACCES (before
// a missing group is looked at), a group that does not exist or lies in
// another session EPERM; a zombie child can still be moved; getsid works
// across sessions; and in a new pid namespace the group and session
// outside read as 0. Only relations are printed, never a pid. Runs as root
// (CAP_SYS_ADMIN for the pid namespace). Exit status: 0 when every check
// holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

// The raw calls: the test is about the kernel, not about libc's wrappers.
static long do_setpgid(long pid, long pgid) { return syscall(SYS_setpgid, pid, pgid); }
static long do_getpgid(long pid) { return syscall(SYS_getpgid, pid); }
static long do_getsid(long pid) { return syscall(SYS_getsid, pid); }
static long do_setsid(void) { return syscall(SYS_setsid); }

static void expect_errno(const char* what, long result, int expected)
{
    int error = result == -1 ? errno : 0;
    printf("%s: %s\n", what, errno_name(error));
    failures += error != expected;
}

static void on_usr1(int signal) { (void)signal; }

// SIGUSR1 is blocked in the runner; a child says it is ready with it.
static void wait_for_ready(void)
{
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigwaitinfo(&usr1, NULL);
}

static void tell_parent_ready(void) { kill(getppid(), SIGUSR1); }

// A child that waits to be killed.
static pid_t waiting_child(int new_session)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        if (new_session) {
            do_setsid();
            tell_parent_ready();
        }
        for (;;) {
            pause();
        }
    }
    if (new_session) {
        wait_for_ready();
    }
    return child;
}

static void end_child(pid_t child)
{
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
}

static volatile pid_t thread_tid;

static void* thread_body(void* argument)
{
    (void)argument;
    thread_tid = (pid_t)syscall(SYS_gettid);
    for (;;) {
        pause();
    }
    return NULL;
}

static void thread_rules(void)
{
    pthread_t thread;
    pthread_create(&thread, NULL, thread_body, NULL);
    while (thread_tid == 0) {
        sched_yield();
    }
    check("the thread's tid is not our pid", thread_tid != getpid());
    expect_errno("setpgid(tid of a thread, 0)", do_setpgid(thread_tid, 0), EINVAL);
    check("getpgid(tid) is the process's group", do_getpgid(thread_tid) == do_getpgid(0));
    check("getsid(tid) is the process's session", do_getsid(thread_tid) == do_getsid(0));
}

static void exec_rules(const char* self)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        execl(self, self, "execed", (char*)NULL);
        _exit(127);
    }
    wait_for_ready();
    expect_errno("setpgid(child that has exec'd, 0)", do_setpgid(child, 0), EACCES);
    expect_errno("setpgid(child that has exec'd, its own pid)", do_setpgid(child, child), EACCES);
    expect_errno("setpgid(child that has exec'd, INT_MAX): EACCES comes first", do_setpgid(child, INT_MAX), EACCES);
    end_child(child);
}

static void zombie_rules(pid_t mover)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    siginfo_t info;
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    expect_errno("setpgid(zombie child, 0)", do_setpgid(child, 0), 0);
    check("getpgid(zombie child) is its own pid", do_getpgid(child) == child);
    check("getsid(zombie child) is ours", do_getsid(child) == getpid());
    expect_errno("setpgid(child, the zombie's group)", do_setpgid(mover, child), 0);
    expect_errno("setpgid(child, our group)", do_setpgid(mover, getpid()), 0);
    waitpid(child, NULL, 0);
    expect_errno("getpgid(reaped child)", do_getpgid(child), ESRCH);
    expect_errno("getsid(reaped child)", do_getsid(child), ESRCH);
    expect_errno("setpgid(child, the reaped child's group)", do_setpgid(mover, child), EPERM);
}

static void pid_namespace_child(void)
{
    check("in a new pid namespace getpgrp() is 0", getpgrp() == 0);
    check("and getsid(0) is 0", do_getsid(0) == 0);
    expect_errno("setpgid(0, 0) there", do_setpgid(0, 0), 0);
    check("then getpgrp() is 1", getpgrp() == 1);
    expect_errno("setsid() as a group leader", do_setsid(), EPERM);
    fflush(stdout);
    pid_t grandchild = fork();
    if (grandchild == 0) {
        long session = do_setsid();
        _exit(session == 2 ? 0 : 1);
    }
    int status = -1;
    waitpid(grandchild, &status, 0);
    check("its child's setsid() returns 2", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    fflush(stdout);
    _exit(failures == 0 ? 0 : 1);
}

static void pid_namespace_rules(void)
{
    // Fork-like: the child goes on from here on a copy of the stack.
    fflush(stdout);
    pid_t child = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
    if (child == 0) {
        pid_namespace_child();
    }
    siginfo_t info;
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    check("from outside, its group is its own pid", do_getpgid(child) == child);
    int status = -1;
    waitpid(child, &status, 0);
    check("the pid namespace child's checks held", child > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// A child of the runner checks the rules for processes that are not its
// own children: its parent, and its own child (which it may move).
static void not_a_child_rules(void)
{
    fflush(stdout);
    pid_t middle = fork();
    if (middle == 0) {
        pid_t grandchild = waiting_child(0);
        expect_errno("[child] setpgid(parent, 0)", do_setpgid(getppid(), 0), ESRCH);
        expect_errno("[child] setpgid(own child, 0)", do_setpgid(grandchild, 0), 0);
        end_child(grandchild);
        fflush(stdout);
        _exit(failures == 0 ? 0 : 1);
    }
    int status = -1;
    waitpid(middle, &status, 0);
    check("the child's checks held", WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int runner(const char* self)
{
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    signal(SIGUSR1, on_usr1);

    long session = do_setsid();
    check("setsid() in a fresh child returns its pid", session == getpid());
    check("getsid(0) is our pid", do_getsid(0) == getpid());
    check("getpgrp() is our pid", getpgrp() == getpid());
    check("getpgid(0) is our pid", do_getpgid(0) == getpid());
    expect_errno("setsid() again", do_setsid(), EPERM);
    expect_errno("setpgid(0, 0) as a session leader", do_setpgid(0, 0), EPERM);
    expect_errno("setpgid(0, own pid) as a session leader", do_setpgid(0, getpid()), EPERM);

    pid_t child = waiting_child(0);
    check("a child is in our group and session", do_getpgid(child) == getpid() && do_getsid(child) == getpid());
    expect_errno("setpgid(child, 0)", do_setpgid(child, 0), 0);
    check("the child leads a group of its own", do_getpgid(child) == child);
    check("in our session", do_getsid(child) == getpid());
    expect_errno("setpgid(child, our group)", do_setpgid(child, getpid()), 0);
    check("the child is back in our group", do_getpgid(child) == getpid());
    expect_errno("setpgid(child, child) again", do_setpgid(child, child), 0);
    expect_errno("setpgid(child, -1)", do_setpgid(child, -1), EINVAL);
    expect_errno("setpgid(-1, 0)", do_setpgid(-1, 0), EINVAL);
    expect_errno("setpgid(INT_MAX, 0)", do_setpgid(INT_MAX, 0), ESRCH);
    expect_errno("setpgid(INT_MAX, -1): EINVAL first", do_setpgid(INT_MAX, -1), EINVAL);
    expect_errno("setpgid(parent, 0)", do_setpgid(getppid(), 0), ESRCH);
    expect_errno("setpgid(child, INT_MAX)", do_setpgid(child, INT_MAX), EPERM);
    pid_t member = waiting_child(0);
    expect_errno("setpgid(other child, first child's group)", do_setpgid(member, child), 0);
    check("it joined that group", do_getpgid(member) == child);
    pid_t plain = waiting_child(0);
    expect_errno("setpgid(child, a pid that leads no group)", do_setpgid(member, plain), EPERM);

    not_a_child_rules();

    pid_t other_session = waiting_child(1);
    check("getsid(child in another session) is its pid", do_getsid(other_session) == other_session);
    check("getpgid(child in another session) is its pid", do_getpgid(other_session) == other_session);
    expect_errno("setpgid(child in another session, 0)", do_setpgid(other_session, 0), EPERM);
    expect_errno("setpgid(child in another session, our group)", do_setpgid(other_session, getpid()), EPERM);
    expect_errno("setpgid(child, group in another session)", do_setpgid(plain, other_session), EPERM);

    thread_rules();
    exec_rules(self);
    zombie_rules(plain);
    pid_namespace_rules();

    end_child(child);
    end_child(member);
    end_child(plain);
    end_child(other_session);
    fflush(stdout);
    return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "execed") == 0) {
        tell_parent_ready();
        for (;;) {
            pause();
        }
    }
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        _exit(runner(argv[0]));
    }
    // Its session outlives it until it is reaped: getsid(2) from another
    // session needs no permission.
    siginfo_t info;
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    check("getsid(runner) from outside its session is its pid", do_getsid(child) == child);
    check("getpgid(runner) from outside is its pid", do_getpgid(child) == child);
    int status = -1;
    waitpid(child, &status, 0);
    check("the runner's checks held", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return failures == 0 ? 0 : 1;
}
