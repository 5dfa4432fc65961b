// PID namespaces (pid_namespaces(7), clone(2), unshare(2)): the first
// process in a new namespace is its init, with getpid() == 1 and
// getppid() == 0 (its parent is outside); its child gets pid 2 with parent
// 1; from outside the namespace the same processes have ordinary pids, and
// waitpid reports their exit status. unshare(CLONE_NEWPID) leaves the caller
// where it is and puts its next child at pid 1; a second unshare then is
// EINVAL, and once that init has exited, fork in the namespace is ENOMEM.
// The namespace's init only gets signals it has a handler for: from inside
// even SIGKILL is dropped, from an ancestor namespace only SIGKILL and
// SIGSTOP get through. Runs as root (CAP_SYS_ADMIN). Exit status: 0 when
// every check holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

// Fork-like: the child goes on from here on a copy of the stack.
static pid_t clone_new_pid_namespace(void)
{
    fflush(stdout);
    return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
}

// The init of a new namespace: runs in the child, exits with 4 when its
// checks hold.
static void namespace_init(void)
{
    check("in the new namespace getpid() is 1", getpid() == 1);
    check("and getppid() is 0", getppid() == 0);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        int ok = getpid() == 2 && getppid() == 1;
        // Signals without a handler from inside the namespace never reach
        // its init, not even SIGKILL (SIGNAL_UNKILLABLE).
        ok &= kill(1, SIGTERM) == 0;
        ok &= kill(1, SIGKILL) == 0;
        _exit(ok ? 3 : 30);
    }
    check("its first child's pid is 2", child == 2);
    check("that child saw pid 2, parent 1, and could send to init", exit_status_of(child) == 3);
    check("init survived SIGTERM and SIGKILL from inside", 1);
    fflush(stdout);
    _exit(failures == 0 ? 4 : 40);
}

static void first_child_is_init(void)
{
    pid_t child = clone_new_pid_namespace();
    if (child == 0) {
        namespace_init();
    }
    // The child prints: the parent waits before it prints anything.
    int status = exit_status_of(child);
    check("clone(CLONE_NEWPID) made a child", child > 0);
    check("from outside its pid is not 1", child != 1);
    check("and not ours", child != getpid());
    check("waitpid from outside reports its exit status 4", status == 4);
}

static void unshare_then_fork(void)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        pid_t before = getpid();
        if (unshare(CLONE_NEWPID) != 0) {
            printf("unshare(CLONE_NEWPID) failed: %s\n", errno_name(errno));
            fflush(stdout);
            _exit(1);
        }
        check("unshare(CLONE_NEWPID) leaves the caller's pid", getpid() == before);
        errno = 0;
        int again = unshare(CLONE_NEWPID);
        printf("a second unshare(CLONE_NEWPID) before any child: %s\n", errno_name(again == 0 ? 0 : errno));
        failures += !(again == -1 && errno == EINVAL);
        fflush(stdout);
        pid_t init = fork();
        if (init == 0) {
            _exit(getpid() == 1 && getppid() == 0 ? 5 : 50);
        }
        check("the next child is pid 1 in the new namespace, parent 0", exit_status_of(init) == 5);
        check("the caller sees it under an ordinary pid", init > 0 && init != 1 && init != getpid());
        fflush(stdout);
        errno = 0;
        pid_t late = fork();
        if (late == 0) {
            _exit(0);
        }
        printf("fork after the namespace's init exited: %s\n", errno_name(late > 0 ? 0 : errno));
        failures += !(late == -1 && errno == ENOMEM);
        if (late > 0) {
            exit_status_of(late);
        }
        fflush(stdout);
        _exit(failures == 0 ? 0 : 1);
    }
    check("the unsharing child's checks held", exit_status_of(child) == 0);
}

static void signals_from_outside(void)
{
    pid_t child = clone_new_pid_namespace();
    if (child == 0) {
        sigset_t none;
        sigemptyset(&none);
        for (;;) {
            sigsuspend(&none);
        }
    }
    // From an ancestor namespace SIGTERM without a handler is dropped at
    // once (sig_task_ignored); SIGKILL is delivered.
    check("kill(SIGTERM) of the namespace's init from outside returns 0", kill(child, SIGTERM) == 0);
    check("kill(SIGKILL) of it returns 0", kill(child, SIGKILL) == 0);
    check("it died of SIGKILL, not SIGTERM", exit_status_of(child) == 128 + SIGKILL);
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    first_child_is_init();
    unshare_then_fork();
    signals_from_outside();
    return failures == 0 ? 0 : 1;
}
