// execve(2) from a process with several threads (Linux de_thread): the
// other threads are killed, a thread that is not the leader takes over the
// leader's pid (getpid() and gettid() of the new program are the old
// process id), the exit of the killed threads is no group exit, the mask
// and the pending signals of the exec'ing thread stay, caught signals go
// back to SIG_DFL and ignored ones stay ignored, and close-on-exec
// descriptors close. Each case runs in a child the program forks, which
// execs the program itself again with "after" and the expected pid.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static char* self;
static char pid_text[16];

static void on_usr2(int signal) { (void)signal; }

static int after_exec(char** argv)
{
    const long pid = atol(argv[2]);
    check("  pid kept", getpid() == pid);
    check("  gettid() is the pid", syscall(SYS_gettid) == pid);
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    check("  the exec'ing thread's mask kept", sigismember(&mask, SIGUSR1));
    sigset_t pending;
    sigpending(&pending);
    check("  its pending SIGUSR1 kept", sigismember(&pending, SIGUSR1));
    struct sigaction action;
    sigaction(SIGUSR2, NULL, &action);
    check("  caught SIGUSR2 is SIG_DFL", action.sa_handler == SIG_DFL);
    sigaction(SIGHUP, NULL, &action);
    check("  ignored SIGHUP still ignored", action.sa_handler == SIG_IGN);
    check("  close-on-exec descriptor closed", fcntl(atoi(argv[3]), F_GETFD) == -1);
    check("  other descriptor open", fcntl(atoi(argv[4]), F_GETFD) == 0);
    stack_t stack;
    sigaltstack(NULL, &stack);
    check("  no alternate stack", (stack.ss_flags & SS_DISABLE) != 0);
    fflush(stdout);
    return 7;
}

static void prepare_and_exec(void)
{
    // The exec'ing thread's own state: a blocked, pending SIGUSR1 and an
    // alternate stack.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &mask, NULL);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    static char alternate[16384];
    stack_t stack = { .ss_sp = alternate, .ss_size = sizeof(alternate), .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    int closed = open("/", O_RDONLY | O_CLOEXEC);
    int kept = open("/", O_RDONLY);
    char closed_text[16], kept_text[16];
    snprintf(closed_text, sizeof(closed_text), "%d", closed);
    snprintf(kept_text, sizeof(kept_text), "%d", kept);
    char* argv[] = { self, "after", pid_text, closed_text, kept_text, NULL };
    execv(self, argv);
    printf("  execv failed: %s\n", errno_name(errno));
    fflush(stdout);
    _exit(99);
}

static void* sleeper(void* unused)
{
    (void)unused;
    for (;;) {
        pause();
    }
    return NULL;
}

static void* execer(void* unused)
{
    (void)unused;
    usleep(50 * 1000);
    prepare_and_exec();
    return NULL;
}

// The child: two sleeping threads, then the exec from the leader, from a
// third thread, or from a thread after the leader has gone (pthread_exit).
static void child(int mode)
{
    signal(SIGUSR2, on_usr2);
    signal(SIGHUP, SIG_IGN);
    snprintf(pid_text, sizeof(pid_text), "%d", getpid());
    pthread_t thread;
    pthread_create(&thread, NULL, sleeper, NULL);
    pthread_create(&thread, NULL, sleeper, NULL);
    if (mode == 0) {
        usleep(50 * 1000);
        prepare_and_exec();
    }
    pthread_create(&thread, NULL, execer, NULL);
    if (mode == 2) {
        pthread_exit(NULL);
    }
    for (;;) {
        pause();
    }
}

static void run(const char* what, int mode)
{
    printf("%s:\n", what);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        child(mode);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
        printf("  exited with %d\n", WEXITSTATUS(status));
    } else {
        printf("  killed by signal %d\n", WTERMSIG(status));
    }
    fflush(stdout);
}

int main(int argc, char** argv)
{
    if (argc > 4 && strcmp(argv[1], "after") == 0) {
        return after_exec(argv);
    }
    self = argv[0];
    run("exec from the leader with two other threads", 0);
    run("exec from a third thread", 1);
    run("exec from a thread after the leader's pthread_exit", 2);
    return failures == 0 ? 0 : 1;
}
