// Interval timers (setitimer(2), getitimer(2), alarm(2)): ITIMER_REAL sends
// SIGALRM (si_code SI_KERNEL) when its real time runs out, and again each
// period; a blocked or ignored SIGALRM stops a periodic timer after one
// expiry; ITIMER_VIRTUAL and ITIMER_PROF send SIGVTALRM and SIGPROF once
// the process has used their CPU time; alarm(2) returns the seconds left,
// rounded as Linux rounds them; a fork child starts with no timers, an
// exec keeps them, and SIGALRM's default action kills. Then the errors in
// Linux's order. The program prints facts, never times: that a signal came,
// that a time left is not above the time set. alarm(2) is called raw (the
// C library's alarm rounds on its own). Exit status: 0 when every check
// holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static volatile sig_atomic_t alarms;
static volatile sig_atomic_t alarm_code;
static volatile sig_atomic_t vtalarms;
static volatile sig_atomic_t profs;

static void on_alarm(int signal, siginfo_t* info, void* context)
{
    (void)signal;
    (void)context;
    alarms++;
    alarm_code = info->si_code;
}
static void on_vtalarm(int signal) { (void)signal; vtalarms++; }
static void on_prof(int signal) { (void)signal; profs++; }

static long raw_alarm(unsigned seconds) { return syscall(SYS_alarm, seconds); }
static long raw_setitimer(long which, const struct itimerval* value, struct itimerval* old) { return syscall(SYS_setitimer, which, value, old); }
static long raw_getitimer(long which, struct itimerval* value) { return syscall(SYS_getitimer, which, value); }

static long microseconds(struct timeval time) { return time.tv_sec * 1000000L + time.tv_usec; }

static int set_timer(int which, long value_us, long interval_us)
{
    struct itimerval value = { { interval_us / 1000000, interval_us % 1000000 }, { value_us / 1000000, value_us % 1000000 } };
    return (int)raw_setitimer(which, &value, NULL);
}

static long time_left(int which)
{
    struct itimerval value;
    if (raw_getitimer(which, &value) != 0) {
        return -1;
    }
    return microseconds(value.it_value);
}

static void expect_errno(const char* what, long result, int expected)
{
    int error = result == -1 ? errno : 0;
    printf("%s: %s\n", what, errno_name(error));
    failures += error != expected;
}

static double seconds_since(const struct timespec* start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

// Waits in sigsuspend, SIGALRM unblocked, until `count` SIGALRMs came.
static void wait_for_alarms(int count)
{
    sigset_t unblocked;
    sigprocmask(SIG_BLOCK, NULL, &unblocked);
    sigdelset(&unblocked, SIGALRM);
    while (alarms < count) {
        sigsuspend(&unblocked);
    }
}

// Uses CPU in user mode until `*flag` is set, or 20 s of wall-clock time
// have gone (then the check fails rather than hangs).
static int spin_until(volatile sig_atomic_t* flag)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    volatile unsigned long counter = 0;
    while (!*flag) {
        for (int i = 0; i < 100000; ++i) {
            counter++;
        }
        if (seconds_since(&start) > 20) {
            return 0;
        }
    }
    return 1;
}

static void real_timer(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_alarm;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &action, NULL);
    sigset_t alarm_only;
    sigemptyset(&alarm_only);
    sigaddset(&alarm_only, SIGALRM);
    sigprocmask(SIG_BLOCK, &alarm_only, NULL);

    check("no interval timer is armed at first", time_left(ITIMER_REAL) == 0 && time_left(ITIMER_VIRTUAL) == 0 && time_left(ITIMER_PROF) == 0);
    check("setitimer(ITIMER_REAL, 10 s)", set_timer(ITIMER_REAL, 10000000, 0) == 0);
    long left = time_left(ITIMER_REAL);
    check("getitimer: the time left is not above the time set", left > 0 && left <= 10000000);
    struct itimerval old;
    struct itimerval zero = { { 0, 0 }, { 0, 0 } };
    check("setitimer(0) disarms and returns the old value", raw_setitimer(ITIMER_REAL, &zero, &old) == 0 && microseconds(old.it_value) > 0
              && microseconds(old.it_value) <= 10000000);
    check("getitimer after disarming: 0", time_left(ITIMER_REAL) == 0);

    alarms = 0;
    check("setitimer(ITIMER_REAL, 50 ms)", set_timer(ITIMER_REAL, 50000, 0) == 0);
    wait_for_alarms(1);
    check("SIGALRM arrived", alarms == 1);
    check("its si_code is SI_KERNEL", alarm_code == SI_KERNEL);
    check("a single-shot timer is disarmed after it fired", time_left(ITIMER_REAL) == 0);

    alarms = 0;
    check("setitimer(ITIMER_REAL, 20 ms every 20 ms)", set_timer(ITIMER_REAL, 20000, 20000) == 0);
    wait_for_alarms(3);
    check("three SIGALRMs from the periodic timer", alarms == 3);
    struct itimerval periodic;
    raw_getitimer(ITIMER_REAL, &periodic);
    check("its period reads back as set", microseconds(periodic.it_interval) == 20000);
    set_timer(ITIMER_REAL, 0, 0);

    // SIGALRM stays blocked here: the timer fires once and is not rearmed
    // until its signal is taken. (A long period: once rearmed, it must not
    // fire again before getitimer looks.)
    alarms = 0;
    set_timer(ITIMER_REAL, 20000, 2000000);
    struct timespec pause = { 0, 150 * 1000 * 1000 };
    nanosleep(&pause, NULL);
    raw_getitimer(ITIMER_REAL, &periodic);
    check("blocked SIGALRM: the periodic timer reads 0 after it fired", microseconds(periodic.it_value) == 0);
    check("blocked SIGALRM: its period is still set", microseconds(periodic.it_interval) == 2000000);
    sigset_t pending;
    sigpending(&pending);
    check("blocked SIGALRM: pending", sigismember(&pending, SIGALRM));
    wait_for_alarms(1);
    check("unblocked: one SIGALRM was delivered", alarms == 1);
    check("taking the SIGALRM rearmed the timer", time_left(ITIMER_REAL) > 0);
    set_timer(ITIMER_REAL, 0, 0);

    signal(SIGALRM, SIG_IGN);
    set_timer(ITIMER_REAL, 20000, 20000);
    nanosleep(&pause, NULL);
    check("ignored SIGALRM: the periodic timer reads 0 after it fired", time_left(ITIMER_REAL) == 0);
    set_timer(ITIMER_REAL, 0, 0);
    sigaction(SIGALRM, &action, NULL);
}

static void alarm_rounding(void)
{
    printf("alarm(0) with no alarm: %ld\n", raw_alarm(0));
    printf("alarm(5): %ld\n", raw_alarm(5));
    printf("alarm(0) after alarm(5): %ld\n", raw_alarm(0));
    printf("alarm(0) again: %ld\n", raw_alarm(0));
    set_timer(ITIMER_REAL, 300000, 0);
    printf("alarm(0) with 0.3 s left: %ld\n", raw_alarm(0));
    set_timer(ITIMER_REAL, 2300000, 0);
    printf("alarm(0) with 2.3 s left: %ld\n", raw_alarm(0));
    set_timer(ITIMER_REAL, 2800000, 0);
    printf("alarm(0) with 2.8 s left: %ld\n", raw_alarm(0));
    raw_alarm(7);
    struct itimerval value;
    raw_getitimer(ITIMER_REAL, &value);
    check("alarm(7) is ITIMER_REAL with no period", microseconds(value.it_value) > 6000000 && microseconds(value.it_value) <= 7000000
              && microseconds(value.it_interval) == 0);
    raw_alarm(0);
}

static void cpu_timers(void)
{
    signal(SIGVTALRM, on_vtalarm);
    signal(SIGPROF, on_prof);
    check("setitimer(ITIMER_VIRTUAL, 10 ms)", set_timer(ITIMER_VIRTUAL, 10000, 0) == 0);
    check("SIGVTALRM came while the process used CPU time", spin_until(&vtalarms) && vtalarms == 1);
    check("ITIMER_VIRTUAL is disarmed after it fired", time_left(ITIMER_VIRTUAL) == 0);
    check("setitimer(ITIMER_PROF, 10 ms every 5 ms)", set_timer(ITIMER_PROF, 10000, 5000) == 0);
    check("SIGPROF came while the process used CPU time", spin_until(&profs));
    profs = 0;
    check("and came again", spin_until(&profs));
    struct itimerval value;
    raw_getitimer(ITIMER_PROF, &value);
    check("ITIMER_PROF reads its period back", microseconds(value.it_interval) == 5000);
    set_timer(ITIMER_PROF, 0, 0);
    check("ITIMER_PROF disarmed", time_left(ITIMER_PROF) == 0);
}

static void errors(void)
{
    struct itimerval value = { { 0, 0 }, { 1, 0 } };
    expect_errno("getitimer(7)", raw_getitimer(7, &value), EINVAL);
    expect_errno("getitimer(7, NULL)", raw_getitimer(7, NULL), EINVAL);
    expect_errno("getitimer(ITIMER_REAL, NULL)", raw_getitimer(ITIMER_REAL, NULL), EFAULT);
    expect_errno("getitimer(ITIMER_PROF, bad pointer)", raw_getitimer(ITIMER_PROF, (struct itimerval*)1), EFAULT);
    expect_errno("setitimer(7)", raw_setitimer(7, &value, NULL), EINVAL);
    expect_errno("setitimer(7, bad pointer)", raw_setitimer(7, (struct itimerval*)1, NULL), EFAULT);
    struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
    expect_errno("setitimer with tv_usec 1000000", raw_setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
    bad.it_value.tv_usec = -1;
    expect_errno("setitimer with tv_usec -1", raw_setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
    bad.it_value.tv_usec = 0;
    bad.it_value.tv_sec = -1;
    expect_errno("setitimer with tv_sec -1", raw_setitimer(ITIMER_VIRTUAL, &bad, NULL), EINVAL);
    bad.it_value.tv_sec = 0;
    bad.it_interval.tv_usec = 1000000;
    expect_errno("setitimer with an interval's tv_usec 1000000", raw_setitimer(ITIMER_PROF, &bad, NULL), EINVAL);
    bad.it_interval.tv_usec = 0;
    bad.it_value.tv_usec = 1000000;
    expect_errno("setitimer(9) with a bad timeval", raw_setitimer(9, &bad, NULL), EINVAL);
    value.it_value.tv_sec = 7;
    expect_errno("setitimer with a bad old_value pointer", raw_setitimer(ITIMER_REAL, &value, (struct itimerval*)1), EFAULT);
    long left = time_left(ITIMER_REAL);
    check("the timer was set all the same", left > 6000000 && left <= 7000000);
    raw_alarm(0);
}

static void fork_and_default_action(void)
{
    set_timer(ITIMER_REAL, 10000000, 0);
    set_timer(ITIMER_PROF, 10000000, 0);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        int clean = time_left(ITIMER_REAL) == 0 && time_left(ITIMER_PROF) == 0 && raw_alarm(0) == 0;
        _exit(clean ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    check("a fork child starts with no timers", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    check("the parent keeps its own", time_left(ITIMER_REAL) > 0 && time_left(ITIMER_PROF) > 0);
    set_timer(ITIMER_REAL, 0, 0);
    set_timer(ITIMER_PROF, 0, 0);

    child = fork();
    if (child == 0) {
        signal(SIGALRM, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        set_timer(ITIMER_REAL, 20000, 0);
        for (;;) {
            sigsuspend(&none);
        }
    }
    waitpid(child, &status, 0);
    check("SIGALRM's default action kills the process", WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM);
}

static int after_exec(void)
{
    long left = time_left(ITIMER_REAL);
    check("after execve: the alarm is still armed", left > 0 && left <= 30000000);
    long seconds = raw_alarm(0);
    check("after execve: alarm(0) returns its seconds", seconds > 0 && seconds <= 30);
    return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
        return after_exec();
    }
    real_timer();
    alarm_rounding();
    cpu_timers();
    errors();
    fork_and_default_action();

    // execve(2) keeps the timers: the program runs itself again.
    raw_alarm(30);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        raw_alarm(30);
        char* const arguments[] = { argv[0], "after-exec", NULL };
        char* const environment[] = { NULL };
        execve(argv[0], arguments, environment);
        _exit(99);
    }
    int status = 0;
    waitpid(child, &status, 0);
    check("the exec'd program found its alarm", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    raw_alarm(0);
    return failures == 0 ? 0 : 1;
}
