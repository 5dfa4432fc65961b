// poll, ppoll, select and pselect6 as poll(2) and select(2) describe them:
// readiness of pipe ends (data, hang-up, error, a full pipe), files without
// a poll operation, pidfds; POLLNVAL and EBADF; timeouts and the time left;
// a sleep woken by another process; signals (EINTR whatever SA_RESTART
// says) and the p* variants' signal mask; their EINVAL and EFAULT cases.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static void report(const char* what, long result)
{
    printf("%s: %ld %s\n", what, result, result < 0 ? errno_name(errno) : "");
}

static void report_revents(const char* what, short revents)
{
    printf("%s:%s%s%s%s%s%s%s\n", what, revents & POLLIN ? " IN" : "", revents & POLLRDNORM ? " RDNORM" : "",
        revents & POLLOUT ? " OUT" : "", revents & POLLWRNORM ? " WRNORM" : "", revents & POLLERR ? " ERR" : "",
        revents & POLLHUP ? " HUP" : "", revents & POLLNVAL ? " NVAL" : "");
}

static long long now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

static volatile sig_atomic_t caught;

static void on_signal(int signal)
{
    caught = signal;
}

static void catch_signal(int signal, int flags)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    action.sa_flags = flags;
    sigaction(signal, &action, NULL);
}

static short poll_one(int fd, short events)
{
    struct pollfd entry = { fd, events, 0 };
    long result = poll(&entry, 1, 0);
    if (result < 0) {
        report("poll failed", result);
    }
    return entry.revents;
}

static void pipe_readiness(void)
{
    int ends[2];
    pipe(ends);
    report_revents("empty pipe, read end", poll_one(ends[0], POLLIN | POLLRDNORM));
    report_revents("empty pipe, write end", poll_one(ends[1], POLLOUT | POLLWRNORM));
    write(ends[1], "x", 1);
    report_revents("data, read end", poll_one(ends[0], POLLIN | POLLRDNORM));
    report_revents("data, read end asked POLLRDNORM", poll_one(ends[0], POLLRDNORM));
    close(ends[1]);
    report_revents("data, no writer", poll_one(ends[0], POLLIN));
    char byte;
    read(ends[0], &byte, 1);
    report_revents("no data, no writer, nothing asked", poll_one(ends[0], 0));
    close(ends[0]);

    pipe(ends);
    close(ends[0]);
    report_revents("no reader, write end", poll_one(ends[1], POLLOUT));
    report_revents("no reader, nothing asked", poll_one(ends[1], 0));
    close(ends[1]);

    // A full pipe: 16 whole pages.
    pipe2(ends, O_NONBLOCK);
    static char page[4096];
    int pages = 0;
    while (write(ends[1], page, sizeof(page)) == sizeof(page)) {
        ++pages;
    }
    printf("pages taken: %d\n", pages);
    report_revents("full pipe, write end", poll_one(ends[1], POLLOUT));
    read(ends[0], page, sizeof(page));
    report_revents("one page read, write end", poll_one(ends[1], POLLOUT));
    close(ends[0]);
    close(ends[1]);
}

static void other_files(void)
{
    const char* name = "poll_select.tmp";
    int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0600);
    unlink(name);
    report_revents("regular file", poll_one(fd, POLLIN | POLLOUT | POLLPRI));
    close(fd);
    report_revents("closed fd", poll_one(fd, POLLIN));
    struct pollfd skipped = { -1, POLLIN, 0x7f };
    report("negative fd", poll(&skipped, 1, 0));
    report_revents("negative fd revents", skipped.revents);
}

static void fifo_hangup(void)
{
    // fifo_open: a reader opened with O_NONBLOCK before any writer sees no
    // hang-up until a writer has come and gone.
    const char* name = "poll_select.fifo";
    unlink(name);
    mkfifo(name, 0600);
    int reader = open(name, O_RDONLY | O_NONBLOCK);
    report_revents("fifo reader before any writer", poll_one(reader, POLLIN));
    int writer = open(name, O_WRONLY);
    report_revents("fifo reader with a writer", poll_one(reader, POLLIN));
    write(writer, "x", 1);
    report_revents("fifo reader with data", poll_one(reader, POLLIN));
    close(writer);
    report_revents("fifo reader after the writer left", poll_one(reader, POLLIN));
    close(reader);
    unlink(name);
}

static void arguments(void)
{
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    struct rlimit lower = { 8, limit.rlim_max };
    setrlimit(RLIMIT_NOFILE, &lower);
    struct pollfd entries[9];
    memset(entries, 0, sizeof(entries));
    for (int i = 0; i < 9; ++i) {
        entries[i].fd = -1;
    }
    report("poll, nfds 9 above RLIMIT_NOFILE 8", poll(entries, 9, 0));
    report("poll, nfds 8", poll(entries, 8, 0));
    setrlimit(RLIMIT_NOFILE, &limit);
    report("poll, bad array", poll((struct pollfd*)8, 1, 0));

    struct timespec bad_time = { 0, 1000000000 };
    report("ppoll, tv_nsec 10^9", syscall(SYS_ppoll, entries, 0, &bad_time, NULL, 8));
    struct timespec zero = { 0, 0 };
    sigset_t mask;
    sigemptyset(&mask);
    report("ppoll, sigsetsize 4", syscall(SYS_ppoll, entries, 0, &zero, &mask, 4));
    report("ppoll, bad timespec", syscall(SYS_ppoll, entries, 0, (void*)8, NULL, 8));

    fd_set set;
    FD_ZERO(&set);
    FD_SET(9, &set);
    struct timeval tv = { 0, 0 };
    report("select, negative count", syscall(SYS_select, -1, NULL, NULL, NULL, &tv));
    report("select, fd 9 not open", syscall(SYS_select, 10, &set, NULL, NULL, &tv));
    report("select, fd 9 above the count", syscall(SYS_select, 9, &set, NULL, NULL, &tv));
    tv.tv_usec = -1;
    report("select, tv_usec -1", syscall(SYS_select, 0, NULL, NULL, NULL, &tv));
    tv.tv_sec = -1;
    tv.tv_usec = 1100000; // -1 s + 1.1 s = 0.1 s
    report("select, tv {-1, 1100000}", syscall(SYS_select, 0, NULL, NULL, NULL, &tv));
    printf("select, time left: %ld %ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
    report("select, bad set", syscall(SYS_select, 3, (void*)8, NULL, NULL, NULL));
    struct { void* mask; size_t size; } pack = { &mask, 4 };
    report("pselect6, sigsetsize 4", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &pack));
    report("pselect6, bad argument pack", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, (void*)8));
}

static void select_sets(void)
{
    int ends[2];
    pipe(ends);
    fd_set in, out, except;
    FD_ZERO(&in);
    FD_ZERO(&out);
    FD_ZERO(&except);
    FD_SET(ends[0], &in);
    FD_SET(ends[1], &out);
    FD_SET(ends[0], &except);
    struct timeval tv = { 0, 0 };
    int count = ends[1] + 1;
    report("select, empty pipe", select(count, &in, &out, &except, &tv));
    check("select, read end cleared", !FD_ISSET(ends[0], &in));
    check("select, write end kept", FD_ISSET(ends[1], &out));
    write(ends[1], "x", 1);
    FD_SET(ends[0], &in);
    FD_SET(ends[1], &out);
    FD_SET(ends[0], &except);
    report("select, pipe with data", select(count, &in, &out, &except, &tv));
    check("select, read end set", FD_ISSET(ends[0], &in));
    check("select, no exception", !FD_ISSET(ends[0], &except));
    close(ends[1]);
    char byte;
    read(ends[0], &byte, 1);
    FD_ZERO(&in);
    FD_SET(ends[0], &in);
    report("select, hung-up read end", select(ends[0] + 1, &in, NULL, NULL, &tv));
    close(ends[0]);
}

static void timeouts(void)
{
    int ends[2];
    pipe(ends);
    struct pollfd entry = { ends[0], POLLIN, 0 };
    long long start = now_ms();
    report("poll, 100 ms on an empty pipe", poll(&entry, 1, 100));
    check("poll slept at least 100 ms", now_ms() - start >= 100);

    // The raw calls: a C library may pass a copy of the time (musl does),
    // and the time left goes to what the kernel was given.
    struct timespec time = { 0, 100000000 };
    start = now_ms();
    report("ppoll, 100 ms", syscall(SYS_ppoll, &entry, 1, &time, NULL, 8));
    check("ppoll slept at least 100 ms", now_ms() - start >= 100);
    printf("ppoll, time left: %ld %ld\n", (long)time.tv_sec, time.tv_nsec);

    struct timeval tv = { 0, 100000 };
    fd_set in;
    FD_ZERO(&in);
    FD_SET(ends[0], &in);
    start = now_ms();
    report("select, 100 ms", syscall(SYS_select, ends[0] + 1, &in, NULL, NULL, &tv));
    check("select slept at least 100 ms", now_ms() - start >= 100);
    printf("select, time left: %ld %ld\n", (long)tv.tv_sec, (long)tv.tv_usec);

    // Woken by a child's write; the time left is less than was given.
    pid_t child = fork();
    if (child == 0) {
        usleep(100000);
        write(ends[1], "x", 1);
        _exit(0);
    }
    time.tv_sec = 30;
    time.tv_nsec = 0;
    start = now_ms();
    report("ppoll woken by a child's write", syscall(SYS_ppoll, &entry, 1, &time, NULL, 8));
    report_revents("ppoll woken, revents", entry.revents);
    check("ppoll time left below 30 s", time.tv_sec < 30);
    check("ppoll time left above 20 s", time.tv_sec >= 20);
    waitpid(child, NULL, 0);
    close(ends[0]);
    close(ends[1]);
}

static void signals(void)
{
    int ends[2];
    pipe(ends);
    struct pollfd entry = { ends[0], POLLIN, 0 };

    // poll(2): never restarted after a handler, SA_RESTART or not.
    for (int restart = 0; restart < 2; ++restart) {
        catch_signal(SIGALRM, restart ? SA_RESTART : 0);
        struct itimerval timer = { { 0, 0 }, { 0, 50000 } };
        setitimer(ITIMER_REAL, &timer, NULL);
        caught = 0;
        report(restart ? "poll, SIGALRM with SA_RESTART" : "poll, SIGALRM", poll(&entry, 1, -1));
        check("handler ran", caught == SIGALRM);
        fd_set in;
        FD_ZERO(&in);
        FD_SET(ends[0], &in);
        setitimer(ITIMER_REAL, &timer, NULL);
        caught = 0;
        report(restart ? "select, SIGALRM with SA_RESTART" : "select, SIGALRM", select(ends[0] + 1, &in, NULL, NULL, NULL));
        check("select's set left as it was", FD_ISSET(ends[0], &in));
    }

    // ppoll's mask unblocks a pending signal for the call only.
    catch_signal(SIGUSR1, 0);
    sigset_t blocked, empty, now;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blocked, NULL);
    raise(SIGUSR1);
    sigemptyset(&empty);
    caught = 0;
    report("ppoll, mask unblocking a pending signal", ppoll(&entry, 1, NULL, &empty));
    check("its handler ran", caught == SIGUSR1);
    sigprocmask(SIG_BLOCK, NULL, &now);
    check("SIGUSR1 blocked again after the call", sigismember(&now, SIGUSR1));

    // A mask blocking what is pending: the call times out, nothing runs.
    raise(SIGUSR1);
    caught = 0;
    struct timespec zero = { 0, 0 };
    report("ppoll, mask keeping the signal blocked", ppoll(&entry, 1, &zero, &blocked));
    check("no handler ran", caught == 0);
    struct timespec brief = { 0, 0 };
    caught = 0;
    report("pselect, mask unblocking it", pselect(0, NULL, NULL, NULL, &brief, &empty));
    sigprocmask(SIG_UNBLOCK, &blocked, NULL);
    check("handler ran by the unblock at the latest", caught == SIGUSR1);
    close(ends[0]);
    close(ends[1]);
}

static void pidfds(void)
{
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    int pidfd = (int)syscall(SYS_pidfd_open, child, 0);
    report_revents("pidfd of a live child", poll_one(pidfd, POLLIN));
    kill(child, SIGKILL);
    struct pollfd entry = { pidfd, POLLIN, 0 };
    report("poll, pidfd until the child dies", poll(&entry, 1, 5000));
    report_revents("pidfd of a zombie", entry.revents);
    waitpid(child, NULL, 0);
    report_revents("pidfd of a reaped child", poll_one(pidfd, POLLIN));
    close(pidfd);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe_readiness();
    other_files();
    fifo_hangup();
    arguments();
    select_sets();
    timeouts();
    signals();
    pidfds();
    printf("failures: %d\n", failures);
    return failures != 0;
}
