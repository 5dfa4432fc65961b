// POSIX threads on Linux's clone(CLONE_VM | CLONE_FS | CLONE_FILES |
// CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
// CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID) as musl issues it, stacks from
// mmap and joins through the CLONE_CHILD_CLEARTID futex wake. Checks: threads
// share memory; pthread_join returns each thread's value; a mutex and a
// condition variable hand a token back and forth (futex wait/wake); __thread
// variables start from their initial value and stay distinct per thread;
// getpid is the same in every thread, gettid differs and the main thread's
// tid is the pid (clone(2), CLONE_THREAD); a thread-directed signal
// (pthread_kill, tgkill) runs its handler in that thread; a process-directed
// signal runs in the one thread that does not block it (signal(7)); tgkill
// of a tid outside the thread group is ESRCH; and a thread that calls exit()
// ends the whole group with its status (exit_group), which is why that
// comes last. Exit status: 5 from that thread's exit when every check
// holds, 1 from main otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

enum { WORKERS = 4, HANDOFF_ROUNDS = 50 };

static pid_t current_tid(void) { return (pid_t)syscall(SYS_gettid); }

// Shared memory and identities.
static __thread int tls_value = 7;
static int shared_counter[WORKERS];
struct worker_report {
    pid_t pid;
    pid_t tid;
    int tls_initial;
    int tls_after;
    int* tls_address;
    void* stack_address;
};
static struct worker_report reports[WORKERS];
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t start_cond = PTHREAD_COND_INITIALIZER;
static int started;

static void* worker(void* argument)
{
    int index = (int)(long)argument;
    int on_stack = index;
    struct worker_report* report = &reports[index];
    report->pid = getpid();
    report->tid = current_tid();
    report->tls_initial = tls_value;
    report->tls_address = &tls_value;
    report->stack_address = &on_stack;
    tls_value = 100 + index;
    shared_counter[index] = (index + 1) * 11;
    // Wait until every worker has set its own tls_value, so a shared
    // variable would show another thread's number.
    pthread_mutex_lock(&start_lock);
    started++;
    pthread_cond_broadcast(&start_cond);
    while (started < WORKERS) {
        pthread_cond_wait(&start_cond, &start_lock);
    }
    pthread_mutex_unlock(&start_lock);
    report->tls_after = tls_value;
    return (void*)(long)(1000 + index);
}

// The mutex and condition-variable handoff: two threads take turns.
static pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cond = PTHREAD_COND_INITIALIZER;
static int turn;
static int handoff_log[2 * HANDOFF_ROUNDS];
static int handoff_count;

static void take_turns(int me)
{
    for (int round = 0; round < HANDOFF_ROUNDS; round++) {
        pthread_mutex_lock(&turn_lock);
        while (turn != me) {
            pthread_cond_wait(&turn_cond, &turn_lock);
        }
        handoff_log[handoff_count++] = me;
        turn = 1 - me;
        pthread_cond_signal(&turn_cond);
        pthread_mutex_unlock(&turn_lock);
    }
}

static void* handoff_partner(void* argument)
{
    (void)argument;
    take_turns(1);
    return NULL;
}

// Signals: the handler records the thread it ran in.
static volatile pid_t handler_tid;
static volatile int handler_signal;
static volatile pid_t waiter_tid;
static volatile int waiter_ready;

static void record_thread(int sig)
{
    handler_tid = current_tid();
    handler_signal = sig;
}

// Waits with SIGUSR1 and SIGUSR2 unblocked only inside sigsuspend, until a
// handler has run in some thread.
static void* signal_waiter(void* argument)
{
    (void)argument;
    sigset_t unblocked;
    sigemptyset(&unblocked);
    waiter_tid = current_tid();
    __atomic_store_n(&waiter_ready, 1, __ATOMIC_SEQ_CST);
    while (handler_signal == 0) {
        sigsuspend(&unblocked);
    }
    return NULL;
}

static void wait_until_ready(void)
{
    while (!__atomic_load_n(&waiter_ready, __ATOMIC_SEQ_CST)) {
        sched_yield();
    }
}

static void* exiting_thread(void* argument)
{
    (void)argument;
    printf("a thread calls exit(5)\n");
    exit(failures == 0 ? 5 : 1);
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t threads[WORKERS];
    int created = 1;
    for (int i = 0; i < WORKERS; i++) {
        created &= pthread_create(&threads[i], NULL, worker, (void*)(long)i) == 0;
    }
    check("four threads created", created);
    int joined_values = 1;
    for (int i = 0; i < WORKERS; i++) {
        void* value = NULL;
        joined_values &= pthread_join(threads[i], &value) == 0 && value == (void*)(long)(1000 + i);
    }
    check("pthread_join returned each thread's value", joined_values);
    int shared = 1, same_pid = 1, distinct_tid = 1, tls_initial = 1, tls_own = 1, tls_distinct = 1, stacks_distinct = 1;
    for (int i = 0; i < WORKERS; i++) {
        shared &= shared_counter[i] == (i + 1) * 11;
        same_pid &= reports[i].pid == getpid();
        distinct_tid &= reports[i].tid > 0 && reports[i].tid != getpid();
        tls_initial &= reports[i].tls_initial == 7;
        tls_own &= reports[i].tls_after == 100 + i;
        tls_distinct &= reports[i].tls_address != &tls_value;
        for (int j = 0; j < i; j++) {
            distinct_tid &= reports[i].tid != reports[j].tid;
            tls_distinct &= reports[i].tls_address != reports[j].tls_address;
            stacks_distinct &= reports[i].stack_address != reports[j].stack_address;
        }
    }
    check("main sees every thread's writes", shared);
    check("getpid is the same in every thread", same_pid);
    check("gettid is distinct in every thread", distinct_tid);
    check("main thread's gettid is the pid", current_tid() == getpid());
    check("__thread starts at its initial value in each thread", tls_initial);
    check("__thread keeps each thread's own value", tls_own);
    check("__thread has a distinct address per thread", tls_distinct);
    check("main's __thread value untouched", tls_value == 7);
    check("threads run on distinct stacks", stacks_distinct);

    pthread_t partner;
    pthread_create(&partner, NULL, handoff_partner, NULL);
    take_turns(0);
    pthread_join(partner, NULL);
    int alternated = handoff_count == 2 * HANDOFF_ROUNDS;
    for (int i = 0; i < handoff_count; i++) {
        alternated &= handoff_log[i] == i % 2;
    }
    printf("mutex and condition variable handoff: %d turns\n", handoff_count);
    check("turns alternated strictly", alternated);

    // Thread-directed signals. Every thread but the waiter keeps SIGUSR1 and
    // SIGUSR2 blocked (new threads inherit main's mask).
    struct sigaction action = { .sa_handler = record_thread };
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, NULL);
    sigaction(SIGUSR2, &action, NULL);
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigaddset(&blocked, SIGUSR2);
    sigprocmask(SIG_BLOCK, &blocked, NULL);

    pthread_t waiter;
    pthread_create(&waiter, NULL, signal_waiter, NULL);
    wait_until_ready();
    pthread_kill(waiter, SIGUSR1);
    pthread_join(waiter, NULL);
    check("pthread_kill ran the handler in the target thread", handler_tid == waiter_tid && handler_signal == SIGUSR1);

    handler_signal = 0;
    handler_tid = 0;
    waiter_ready = 0;
    pthread_create(&waiter, NULL, signal_waiter, NULL);
    wait_until_ready();
    syscall(SYS_tgkill, getpid(), waiter_tid, SIGUSR2);
    pthread_join(waiter, NULL);
    check("tgkill ran the handler in the target thread", handler_tid == waiter_tid && handler_signal == SIGUSR2);

    // A process-directed signal goes to a thread that does not block it.
    handler_signal = 0;
    handler_tid = 0;
    waiter_ready = 0;
    pthread_create(&waiter, NULL, signal_waiter, NULL);
    wait_until_ready();
    kill(getpid(), SIGUSR1);
    pthread_join(waiter, NULL);
    check("kill to the process ran the handler in the unblocked thread", handler_tid == waiter_tid && handler_signal == SIGUSR1);

    // tgkill names a thread inside a thread group: a child process's pid is a
    // live task, but not one of ours (kernel/signal.c do_tkill).
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    siginfo_t info;
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    errno = 0;
    long sent = syscall(SYS_tgkill, getpid(), child, 0);
    check("tgkill of another process's tid in our group is ESRCH", sent == -1 && errno == ESRCH);
    waitpid(child, NULL, 0);

    // Last: a thread's exit() ends the process, main included, with its status.
    fflush(stdout);
    pthread_t exiter;
    pthread_create(&exiter, NULL, exiting_thread, NULL);
    pthread_join(exiter, NULL);
    printf("main returned from joining the exiting thread\n");
    return 1;
}
