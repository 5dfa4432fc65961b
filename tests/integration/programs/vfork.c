// vfork(2): the child runs in the parent's memory (a write by the child is
// seen by the parent) and the parent is suspended until the child calls
// _exit or dies by a signal (Linux kernel/fork.c wait_for_vfork_done,
// released from mm_release); the exit status reaches the parent through
// waitpid. The child does nothing but plain stores and _exit, as vfork(2)
// requires. Exit status: 0 when every check holds, 1 otherwise.
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile int shared_value;
static volatile int child_step;
static volatile pid_t child_own_pid;
static volatile pid_t child_parent_pid;

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    shared_value = 1;
    fflush(stdout);
    pid_t child = vfork();
    if (child == 0) {
        // The parent cannot run before _exit: each step is written in turn,
        // and the parent must find the last one.
        child_step = 1;
        shared_value = 42;
        child_own_pid = getpid();
        child_parent_pid = getppid();
        child_step = 2;
        _exit(33);
    }
    check("vfork returned a positive pid", child > 0);
    check("parent resumed after the child's last step", child_step == 2);
    check("parent sees the child's write", shared_value == 42);
    check("child's getpid equals vfork's return", child_own_pid == child);
    check("child's getppid is the parent", child_parent_pid == getpid());
    int status = 0;
    pid_t waited = waitpid(child, &status, 0);
    check("waitpid returned the child", waited == child);
    printf("child exited: %s, status %d\n", WIFEXITED(status) ? "yes" : "no", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    failures += !(WIFEXITED(status) && WEXITSTATUS(status) == 33);

    // A child that dies by a signal also releases the parent.
    child_step = 0;
    fflush(stdout);
    child = vfork();
    if (child == 0) {
        child_step = 1;
        kill(getpid(), SIGKILL);
        child_step = 2;
        _exit(1);
    }
    check("parent resumed after the child was killed", child_step == 1);
    waited = waitpid(child, &status, 0);
    check("second child killed by SIGKILL", waited == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    // vfork children in a row: each one runs to completion before the next.
    int order_ok = 1;
    for (int i = 0; i < 3; i++) {
        shared_value = -1;
        fflush(stdout);
        child = vfork();
        if (child == 0) {
            shared_value = i;
            _exit(10 + i);
        }
        if (shared_value != i) {
            order_ok = 0;
        }
        if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 10 + i) {
            order_ok = 0;
        }
    }
    check("three vfork children in turn, each seen with its status", order_ok);
    return failures == 0 ? 0 : 1;
}
