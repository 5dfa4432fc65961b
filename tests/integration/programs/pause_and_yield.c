// sched_yield(2) and pause(2). sched_yield returns 0, whatever is in the
// argument registers, also while another process wants the CPU. pause
// sleeps until a signal: a caught one ends it with EINTR once the handler
// returned, SA_RESTART or not; a stop and SIGCONT do not end it (the call
// restarts); a blocked signal does not end it; a fatal signal ends the
// process. Children pause and the parent signals them until they exit,
// so no outcome depends on timing. Exit status: 0 when every check holds,
// 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t handled;

static void on_signal(int signal)
{
    (void)signal;
    handled++;
}

static void catch_signal(int signal, int flags)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    action.sa_flags = flags;
    sigaction(signal, &action, NULL);
}

static void short_sleep(void)
{
    const struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
    nanosleep(&ten_ms, NULL);
}

// The child's exit code: 0 when pause returned -1 with EINTR after a
// handler ran, 1 otherwise (it returned for something else).
static void pause_once(void)
{
    long result = syscall(SYS_pause);
    int error = errno;
    _exit(result == -1 && error == EINTR && handled > 0 ? 0 : 1);
}

// Sends `signal` to `child` every 10 ms until it has exited; returns its
// wait status (-1 if it cannot be waited for).
static int signal_until_exit(pid_t child, int signal)
{
    int status = 0;
    for (;;) {
        kill(child, signal);
        short_sleep();
        pid_t waited = waitpid(child, &status, WNOHANG);
        if (waited == child) {
            return status;
        }
        if (waited < 0) {
            return -1;
        }
    }
}

// True when `child` is still running after 50 ms.
static int still_running(pid_t child)
{
    int status = 0;
    for (int i = 0; i < 5; ++i) {
        short_sleep();
    }
    return waitpid(child, &status, WNOHANG) == 0;
}

// A child: what it inherits (handlers, mask, ignored signals) is set up by
// the parent before the fork, so that no signal can come before it.
static pid_t forked(void)
{
    fflush(stdout);
    return fork();
}

static void block(int signal, int how)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    sigprocmask(how, &set, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    check("sched_yield() returns 0", syscall(SYS_sched_yield) == 0);
    check("sched_yield with garbage in the argument registers returns 0", syscall(SYS_sched_yield, -1L, -1L, -1L, -1L, -1L, -1L) == 0);

    // Two processes yielding to each other.
    pid_t yielder = forked();
    if (yielder == 0) {
        int ok = 1;
        for (int i = 0; i < 100; ++i) {
            ok &= syscall(SYS_sched_yield) == 0;
        }
        _exit(ok ? 0 : 1);
    }
    int ok = 1;
    for (int i = 0; i < 100; ++i) {
        ok &= syscall(SYS_sched_yield) == 0;
    }
    int status = -1;
    waitpid(yielder, &status, 0);
    check("a hundred yields each from two processes all return 0", ok && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    // A caught signal: EINTR after the handler. The first signal may come
    // before the child pauses; its handler runs then, and a later one ends
    // the pause.
    catch_signal(SIGUSR1, 0);
    pid_t child = forked();
    if (child == 0) {
        int before = handled;
        long result = syscall(SYS_pause);
        int error = errno;
        _exit(result == -1 && error == EINTR && handled > before ? 0 : 1);
    }
    status = signal_until_exit(child, SIGUSR1);
    check("pause() ends with EINTR once a caught signal's handler ran", status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    catch_signal(SIGUSR1, SA_RESTART);
    child = forked();
    if (child == 0) {
        int before = handled;
        long result = syscall(SYS_pause);
        int error = errno;
        _exit(result == -1 && error == EINTR && handled > before ? 0 : 1);
    }
    status = signal_until_exit(child, SIGUSR1);
    check("with SA_RESTART too (pause is never restarted after a handler)", status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    catch_signal(SIGUSR1, 0);

    // Stopped and continued: no handler ran, the pause goes on.
    child = forked();
    if (child == 0) {
        pause_once();
    }
    kill(child, SIGSTOP);
    waitpid(child, &status, WUNTRACED);
    check("SIGSTOP stops the pausing child", WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
    kill(child, SIGCONT);
    waitpid(child, &status, WCONTINUED);
    check("SIGCONT continues it", WIFCONTINUED(status));
    check("and it is still in pause()", still_running(child));
    status = signal_until_exit(child, SIGUSR1);
    check("until a caught signal ends it with EINTR", status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    // A blocked signal stays pending; another one ends the pause.
    catch_signal(SIGUSR2, 0);
    block(SIGUSR2, SIG_BLOCK);
    child = forked();
    if (child == 0) {
        long result = syscall(SYS_pause);
        int error = errno;
        sigset_t pending;
        sigpending(&pending);
        _exit(result == -1 && error == EINTR && handled > 0 && sigismember(&pending, SIGUSR2) ? 0 : 1);
    }
    block(SIGUSR2, SIG_UNBLOCK);
    kill(child, SIGUSR2);
    check("a blocked signal does not end pause()", still_running(child));
    status = signal_until_exit(child, SIGUSR1);
    check("an unblocked one does; the blocked one is still pending", status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    // An ignored signal is dropped when sent.
    signal(SIGUSR2, SIG_IGN);
    child = forked();
    if (child == 0) {
        pause_once();
    }
    signal(SIGUSR2, SIG_DFL);
    kill(child, SIGUSR2);
    check("an ignored signal does not end pause()", still_running(child));
    status = signal_until_exit(child, SIGUSR1);
    check("a caught one then does", status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    // A fatal signal ends the process.
    child = forked();
    if (child == 0) {
        syscall(SYS_pause);
        _exit(1);
    }
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
    check("SIGTERM's default action ends a pausing process", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    return failures == 0 ? 0 : 1;
}
