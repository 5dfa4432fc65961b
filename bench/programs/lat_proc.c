// Process and thread creation (lmbench lat_proc shapes): fork+exit+wait,
// vfork+exit+wait, fork+execve of a tiny static binary, posix_spawn of the
// same binary, and thread create+join (pthreads: clone with CLONE_THREAD,
// joined through CLONE_CHILD_CLEARTID's futex wake).
//
//   lat_proc [TINY] [FIGURE...]   TINY defaults to /bench/tiny
#define _GNU_SOURCE
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static const char* g_tiny = "/bench/tiny";
extern char** environ;

static int reap(pid_t child)
{
    int status;
    if (child < 0 || waitpid(child, &status, 0) != child) {
        return 1;
    }
    return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int fork_exit_wait(long iters, void* arg)
{
    (void)arg;
    for (long i = 0; i < iters; ++i) {
        pid_t child = fork();
        if (child == 0) {
            _exit(0);
        }
        if (reap(child) != 0) {
            return 1;
        }
    }
    return 0;
}

static int vfork_exit_wait(long iters, void* arg)
{
    (void)arg;
    // volatile: the child runs in this frame until it exits.
    for (volatile long i = 0; i < iters; ++i) {
        pid_t child = vfork();
        if (child == 0) {
            _exit(0);
        }
        if (reap(child) != 0) {
            return 1;
        }
    }
    return 0;
}

static int fork_exec(long iters, void* arg)
{
    (void)arg;
    char* child_argv[] = { (char*)g_tiny, NULL };
    for (long i = 0; i < iters; ++i) {
        pid_t child = fork();
        if (child == 0) {
            execve(g_tiny, child_argv, environ);
            _exit(127);
        }
        if (reap(child) != 0) {
            return 1;
        }
    }
    return 0;
}

static int spawn(long iters, void* arg)
{
    (void)arg;
    char* child_argv[] = { (char*)g_tiny, NULL };
    for (long i = 0; i < iters; ++i) {
        pid_t child;
        if (posix_spawn(&child, g_tiny, NULL, NULL, child_argv, environ) != 0) {
            return 1;
        }
        if (reap(child) != 0) {
            return 1;
        }
    }
    return 0;
}

static void* thread_body(void* arg)
{
    return arg;
}

static int thread_create_join(long iters, void* arg)
{
    (void)arg;
    for (long i = 0; i < iters; ++i) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, thread_body, NULL) != 0) {
            return 1;
        }
        if (pthread_join(thread, NULL) != 0) {
            return 1;
        }
    }
    return 0;
}

int main(int argc, char** argv)
{
    if (argc > 1 && argv[1][0] == '/') {
        g_tiny = argv[1];
        --argc;
        ++argv;
    }
    if (bench_selected(argc, argv, "fork_exit_wait")) {
        bench_latency("fork_exit_wait", fork_exit_wait, NULL);
    }
    if (bench_selected(argc, argv, "vfork_exit_wait")) {
        bench_latency("vfork_exit_wait", vfork_exit_wait, NULL);
    }
    if (bench_selected(argc, argv, "fork_execve")) {
        bench_latency("fork_execve", fork_exec, NULL);
    }
    if (bench_selected(argc, argv, "posix_spawn")) {
        bench_latency("posix_spawn", spawn, NULL);
    }
    if (bench_selected(argc, argv, "thread_create_join")) {
        bench_latency("thread_create_join", thread_create_join, NULL);
    }
    return 0;
}
