// execve(2): the program runs itself again (argv[0] is its own path on the
// host and "/init" in Sirius) and checks what Linux keeps and resets:
// argv and envp arrive as passed, the pid stays, caught signals go back to
// SIG_DFL while ignored ones stay ignored, the signal mask is kept, and a
// vfork parent runs again once its child has exec'd. Then the errors, each
// as Linux gives it: ENOENT, EACCES, ENOTDIR, ENAMETOOLONG, EFAULT, E2BIG.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void on_usr1(int signal) { (void)signal; }

static int after_exec(int argc, char** argv)
{
    printf("after exec: argc %d, argv[1] %s, argv[2] %s\n", argc, argv[1], argc > 2 ? argv[2] : "(none)");
    const char* marker = getenv("SIRIUS_EXEC_MARKER");
    printf("environment passed: %s\n", marker != NULL && strcmp(marker, "yes") == 0 ? "yes" : "no");
    printf("pid kept: %s\n", argc > 3 && atoi(argv[3]) == getpid() ? "yes" : "no");
    struct sigaction action;
    sigaction(SIGUSR1, NULL, &action);
    printf("caught SIGUSR1 is SIG_DFL now: %s\n", action.sa_handler == SIG_DFL ? "yes" : "no");
    sigaction(SIGUSR2, NULL, &action);
    printf("ignored SIGUSR2 is still SIG_IGN: %s\n", action.sa_handler == SIG_IGN ? "yes" : "no");
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    printf("blocked SIGTERM still blocked: %s\n", sigismember(&mask, SIGTERM) ? "yes" : "no");
    fflush(stdout);
    return 5;
}

static void expect_error(const char* what, const char* path, char* const* argv)
{
    char* const environment[] = { NULL };
    long result = syscall(SYS_execve, path, argv, environment);
    printf("%s: %s\n", what, result == -1 ? errno_name(errno) : "succeeded");
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "again") == 0) {
        return after_exec(argc, argv);
    }
    if (argc > 1 && strcmp(argv[1], "vforked") == 0) {
        printf("vfork child ran the new program\n");
        return 3;
    }
    char pid_text[16];
    snprintf(pid_text, sizeof(pid_text), "%d", getpid());

    // A child execs with a caught, an ignored and a blocked signal.
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        signal(SIGUSR1, on_usr1);
        signal(SIGUSR2, SIG_IGN);
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigprocmask(SIG_BLOCK, &mask, NULL);
        snprintf(pid_text, sizeof(pid_text), "%d", getpid());
        char* const child_argv[] = { argv[0], "again", "second", pid_text, NULL };
        char* const child_env[] = { "SIRIUS_EXEC_MARKER=yes", NULL };
        execve(argv[0], child_argv, child_env);
        _exit(99);
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("exec'd child exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

    // vfork: the parent is suspended until the child has exec'd.
    fflush(stdout);
    child = vfork();
    if (child == 0) {
        char* const child_argv[] = { argv[0], "vforked", NULL };
        execv(argv[0], child_argv);
        _exit(99);
    }
    waitpid(child, &status, 0);
    printf("vfork parent resumed; child exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

    char* const plain_argv[] = { "x", NULL };
    expect_error("missing file", "/no/such/program", plain_argv);
    expect_error("empty path", "", plain_argv);
    expect_error("a directory", "/", plain_argv);
    char below_file[4096];
    snprintf(below_file, sizeof(below_file), "%s/x", argv[0]);
    expect_error("below a regular file", below_file, plain_argv);
    static char long_path[5000];
    memset(long_path, 'a', sizeof(long_path) - 1);
    long_path[0] = '/';
    expect_error("path of 4999 bytes", long_path, plain_argv);
    expect_error("NULL path", NULL, plain_argv);
    expect_error("bad argv", argv[0], (char* const*)8);
    char* const bad_string_argv[] = { argv[0], (char*)8, NULL };
    expect_error("bad argv string", argv[0], bad_string_argv);
    static char huge[200 * 1024];
    memset(huge, 'h', sizeof(huge) - 1);
    char* const huge_argv[] = { argv[0], huge, NULL };
    expect_error("argument of 200 KiB", argv[0], huge_argv);
    printf("still running\n");
    return 0;
}
