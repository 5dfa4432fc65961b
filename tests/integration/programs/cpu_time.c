// CPU-time accounting: times(2), getrusage(2), the CPU-time clocks of
// clock_gettime(2), clock_getres(2) and clock_nanosleep(2), and the rusage
// of wait4(2) and the si_utime/si_stime of SIGCHLD. A process that used
// CPU time sees it in every one of them; a child's time counts for its
// parent once it is waited for; a thread's clock is its own; CPU clocks of
// other processes are readable by pid, those of no task are EINVAL; a
// sleep on the process clock ends once another thread used the time. The
// program prints facts, never times. Exit status: 0 when every check
// holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

// MAKE_PROCESS_CPUCLOCK and MAKE_THREAD_CPUCLOCK (not in any header).
#define PROCESS_CLOCK(pid, which) ((clockid_t)((~(unsigned)(pid) << 3) | (which)))
#define THREAD_CLOCK(tid, which) PROCESS_CLOCK(tid, (which) | 4)
#define CPUCLOCK_PROF 0
#define CPUCLOCK_VIRT 1
#define CPUCLOCK_SCHED 2

static long nanoseconds(struct timespec time) { return time.tv_sec * 1000000000L + time.tv_nsec; }
static long usage_us(struct timeval user, struct timeval system)
{
    return user.tv_sec * 1000000L + user.tv_usec + system.tv_sec * 1000000L + system.tv_usec;
}

// The raw clock calls: the C library may answer some ids itself.
static long clock_read(clockid_t id, struct timespec* time) { return syscall(SYS_clock_gettime, id, time); }
static long clock_sleep(clockid_t id, int flags, const struct timespec* request, struct timespec* remain)
{
    return syscall(SYS_clock_nanosleep, id, flags, request, remain);
}

static void expect_errno(const char* what, long result, int expected)
{
    int error = result == -1 ? errno : 0;
    printf("%s: %s\n", what, error == EOPNOTSUPP ? "EOPNOTSUPP" : errno_name(error));
    failures += error != expected;
}

// Uses `milliseconds` of this thread's CPU time, or gives up after 20 s of
// wall-clock time.
static int spin_cpu(long milliseconds)
{
    struct timespec start, now, wall_start, wall;
    clock_read(CLOCK_THREAD_CPUTIME_ID, &start);
    clock_gettime(CLOCK_MONOTONIC, &wall_start);
    volatile unsigned long counter = 0;
    for (;;) {
        for (int i = 0; i < 100000; ++i) {
            counter++;
        }
        clock_read(CLOCK_THREAD_CPUTIME_ID, &now);
        if (nanoseconds(now) - nanoseconds(start) >= milliseconds * 1000000L) {
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &wall);
        if (wall.tv_sec - wall_start.tv_sec > 20) {
            return 0;
        }
    }
}

static volatile sig_atomic_t sigchld_count;
static volatile long sigchld_utime;
static volatile long sigchld_stime;
static void on_child(int signal, siginfo_t* info, void* context)
{
    (void)signal;
    (void)context;
    sigchld_count++;
    sigchld_utime = info->si_utime;
    sigchld_stime = info->si_stime;
}

static void own_times(void)
{
    struct tms before, after;
    clock_t start = times(&before);
    check("times() succeeds", start != (clock_t)-1);
    check("a new process has no children's times", before.tms_cutime == 0 && before.tms_cstime == 0);
    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);
    check("getrusage(RUSAGE_CHILDREN) is 0 before any child", usage_us(children.ru_utime, children.ru_stime) == 0);

    struct timespec process_before, process_after, thread_now;
    clock_read(CLOCK_PROCESS_CPUTIME_ID, &process_before);
    check("the process used 100 ms of CPU time", spin_cpu(100));
    clock_read(CLOCK_THREAD_CPUTIME_ID, &thread_now);
    clock_read(CLOCK_PROCESS_CPUTIME_ID, &process_after);
    check("CLOCK_PROCESS_CPUTIME_ID advanced by at least that", nanoseconds(process_after) - nanoseconds(process_before) >= 100000000L);
    check("CLOCK_THREAD_CPUTIME_ID is not above CLOCK_PROCESS_CPUTIME_ID", nanoseconds(thread_now) <= nanoseconds(process_after));

    struct timespec pause = { 0, 50 * 1000 * 1000 };
    nanosleep(&pause, NULL);
    clock_t end = times(&after);
    check("times() returned a later tick count after a sleep", end > start);
    check("tms_utime + tms_stime grew", after.tms_utime + after.tms_stime > before.tms_utime + before.tms_stime);
    // The thread first: the process's time, read after, is not less.
    struct rusage self, thread;
    check("getrusage(RUSAGE_THREAD) succeeds", getrusage(RUSAGE_THREAD, &thread) == 0);
    check("getrusage(RUSAGE_SELF) succeeds", getrusage(RUSAGE_SELF, &self) == 0);
    check("RUSAGE_SELF shows at least 100 ms", usage_us(self.ru_utime, self.ru_stime) >= 100000);
    check("RUSAGE_THREAD is not above RUSAGE_SELF", usage_us(thread.ru_utime, thread.ru_stime) <= usage_us(self.ru_utime, self.ru_stime));

    struct timespec prof, virt, sched;
    clock_read(PROCESS_CLOCK(getpid(), CPUCLOCK_VIRT), &virt);
    clock_read(PROCESS_CLOCK(getpid(), CPUCLOCK_PROF), &prof);
    clock_read(PROCESS_CLOCK(0, CPUCLOCK_SCHED), &sched);
    check("the VIRT clock (user time) is not above the PROF clock", nanoseconds(virt) <= nanoseconds(prof));
    check("the PROF clock (user and system time) is not 0", nanoseconds(prof) > 0);
    check("the SCHED clock of pid 0 counts the spin", nanoseconds(sched) >= 100000000L);
    struct timespec resolution;
    check("clock_getres(CLOCK_PROCESS_CPUTIME_ID) is 1 ns",
        syscall(SYS_clock_getres, CLOCK_PROCESS_CPUTIME_ID, &resolution) == 0 && resolution.tv_sec == 0 && resolution.tv_nsec == 1);
    check("clock_getres(CLOCK_THREAD_CPUTIME_ID) is 1 ns",
        syscall(SYS_clock_getres, CLOCK_THREAD_CPUTIME_ID, &resolution) == 0 && resolution.tv_sec == 0 && resolution.tv_nsec == 1);
}

static void children(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_child;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGCHLD, &action, NULL);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        _exit(spin_cpu(150) ? 0 : 1);
    }
    // The child's CPU clock by its pid, while it lives or as a zombie.
    struct timespec child_clock;
    check("the child's CPU clock is readable by its pid", clock_read(PROCESS_CLOCK(child, CPUCLOCK_SCHED), &child_clock) == 0);
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);
    check("a child not yet waited for counts for nothing", usage_us(children.ru_utime, children.ru_stime) == 0);
    check("the dead child's clock shows its 150 ms", clock_read(PROCESS_CLOCK(child, CPUCLOCK_SCHED), &child_clock) == 0
              && nanoseconds(child_clock) >= 150000000L);

    int status = 0;
    struct rusage usage;
    memset(&usage, 0, sizeof(usage));
    check("wait4 reaps the child", wait4(child, &status, 0, &usage) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    check("wait4's rusage shows the child's 150 ms", usage_us(usage.ru_utime, usage.ru_stime) >= 150000);
    expect_errno("the reaped child's CPU clock", clock_read(PROCESS_CLOCK(child, CPUCLOCK_SCHED), &child_clock), EINVAL);
    getrusage(RUSAGE_CHILDREN, &children);
    check("getrusage(RUSAGE_CHILDREN) now shows it", usage_us(children.ru_utime, children.ru_stime) >= 150000);
    // The same times in clock ticks (10 ms), each rounded down.
    struct tms now;
    times(&now);
    long ticks_us = (long)(now.tms_cutime + now.tms_cstime) * 10000;
    long children_us = usage_us(children.ru_utime, children.ru_stime);
    check("times() shows them in tms_cutime + tms_cstime", ticks_us <= children_us && ticks_us > children_us - 20000);

    sigset_t unblocked;
    sigprocmask(SIG_BLOCK, NULL, &unblocked);
    sigdelset(&unblocked, SIGCHLD);
    while (sigchld_count == 0) {
        sigsuspend(&unblocked);
    }
    check("SIGCHLD's si_utime + si_stime count the child's CPU time", sigchld_utime + sigchld_stime > 0);
    sigprocmask(SIG_UNBLOCK, &chld, NULL);
    signal(SIGCHLD, SIG_DFL);
}

static volatile int stop_spinning;
static void* spinner(void* argument)
{
    (void)argument;
    volatile unsigned long counter = 0;
    while (!stop_spinning) {
        counter++;
    }
    return NULL;
}

static pid_t worker_tid;
static volatile int worker_go;
static volatile int worker_stop;
static void* worker(void* argument)
{
    (void)argument;
    worker_tid = (pid_t)syscall(SYS_gettid);
    while (!worker_go) {
        sched_yield();
    }
    volatile unsigned long counter = 0;
    while (!worker_stop) {
        counter++;
    }
    return NULL;
}

static void threads_and_sleeps(void)
{
    struct timespec time;
    struct timespec millisecond = { 0, 1000000 };
    expect_errno("clock_gettime of a CPU clock of no process", clock_read(PROCESS_CLOCK(0x3ffffff, CPUCLOCK_SCHED), &time), EINVAL);
    expect_errno("clock_gettime of CPU clock kind 3", clock_read(THREAD_CLOCK(0, 3), &time), EINVAL);
    expect_errno("clock_gettime(CLOCK_PROCESS_CPUTIME_ID, NULL)", clock_read(CLOCK_PROCESS_CPUTIME_ID, NULL), EFAULT);
    expect_errno("clock_nanosleep on CLOCK_THREAD_CPUTIME_ID", clock_sleep(CLOCK_THREAD_CPUTIME_ID, 0, &millisecond, NULL), EOPNOTSUPP);
    expect_errno("clock_nanosleep on its own thread's clock", clock_sleep(THREAD_CLOCK(syscall(SYS_gettid), CPUCLOCK_SCHED), 0, &millisecond, NULL), EINVAL);
    expect_errno("clock_nanosleep on CPU clock of no process", clock_sleep(PROCESS_CLOCK(0x3ffffff, CPUCLOCK_SCHED), 0, &millisecond, NULL), EINVAL);
    struct timespec zero = { 0, 0 };
    expect_errno("clock_nanosleep to a process CPU time already passed", clock_sleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &zero, NULL), 0);

    // Another thread's clock: readable, and a sleep on it lasts until it ran.
    pthread_t thread;
    pthread_create(&thread, NULL, worker, NULL);
    while (worker_tid == 0) {
        sched_yield();
    }
    check("another thread's CPU clock is readable by its tid", clock_read(THREAD_CLOCK(worker_tid, CPUCLOCK_SCHED), &time) == 0);
    struct timespec twenty = { 0, 20 * 1000 * 1000 };
    struct timespec target;
    clock_read(THREAD_CLOCK(worker_tid, CPUCLOCK_SCHED), &target);
    worker_go = 1;
    expect_errno("clock_nanosleep on the other thread's clock for 20 ms of its time", clock_sleep(THREAD_CLOCK(worker_tid, CPUCLOCK_SCHED), 0, &twenty, NULL), 0);
    clock_read(THREAD_CLOCK(worker_tid, CPUCLOCK_SCHED), &time);
    check("that thread had used the 20 ms", nanoseconds(time) - nanoseconds(target) >= 20000000L);
    worker_stop = 1;
    pthread_join(thread, NULL);

    // The process clock: this thread sleeps while a spinner uses the time.
    pthread_create(&thread, NULL, spinner, NULL);
    struct timespec before, after;
    clock_read(CLOCK_PROCESS_CPUTIME_ID, &before);
    expect_errno("clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 20 ms)", clock_sleep(CLOCK_PROCESS_CPUTIME_ID, 0, &twenty, NULL), 0);
    clock_read(CLOCK_PROCESS_CPUTIME_ID, &after);
    check("the process had used the time", nanoseconds(after) - nanoseconds(before) >= 20000000L);
    stop_spinning = 1;
    pthread_join(thread, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    own_times();
    children();
    threads_and_sleeps();
    return failures == 0 ? 0 : 1;
}
