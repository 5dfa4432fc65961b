// Pipes as pipe(7) describes them: pipe2's flags, end of file, EAGAIN, EPIPE
// and SIGPIPE, the 64 KiB capacity, PIPE_BUF atomicity between writers,
// packet mode, F_GETPIPE_SZ/F_SETPIPE_SZ, FIONREAD, and a blocking read
// interrupted by a signal with and without SA_RESTART.
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static void report(const char* what, long result)
{
    printf("%s: %ld %s\n", what, result, result < 0 ? errno_name(errno) : "");
}

static volatile sig_atomic_t last_signal;
static volatile sig_atomic_t last_code;
static volatile sig_atomic_t sender_is_self;

static void on_signal(int signal, siginfo_t* info, void* context)
{
    (void)context;
    last_signal = signal;
    last_code = info->si_code;
    sender_is_self = info->si_pid == getpid();
}

static void catch_signal(int signal, int flags)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_signal;
    action.sa_flags = SA_SIGINFO | flags;
    sigaction(signal, &action, NULL);
}

static void sleep_ms(long ms)
{
    struct timespec time = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&time, NULL);
}

static char buffer[1 << 17];

static void flags_and_descriptors(void)
{
    int ends[2];
    report("pipe2(O_RDWR)", syscall(SYS_pipe2, ends, O_RDWR));
    report("pipe2(bad pointer)", syscall(SYS_pipe2, (void*)8, 0));
    report("pipe2(O_NONBLOCK|O_CLOEXEC|O_DIRECT)", pipe2(ends, O_NONBLOCK | O_CLOEXEC | O_DIRECT));
    printf("fds: %d %d\n", ends[0], ends[1]);
    report("F_GETFL read end", fcntl(ends[0], F_GETFL));
    report("F_GETFL write end", fcntl(ends[1], F_GETFL));
    report("F_GETFD read end", fcntl(ends[0], F_GETFD));
    report("write to the read end", write(ends[0], "x", 1));
    report("read from the write end", read(ends[1], buffer, 1));
    close(ends[0]);
    close(ends[1]);
}

static void reading(void)
{
    int ends[2];
    check("pipe", pipe2(ends, O_NONBLOCK) == 0);
    report("read of an empty pipe", read(ends[0], buffer, 10));
    report("read of 0 bytes", read(ends[0], buffer, 0));
    report("write hello", write(ends[1], "hello", 5));
    report("read 3", read(ends[0], buffer, 3));
    report("read the rest", read(ends[0], buffer, 100));
    report("write last", write(ends[1], "last", 4));
    close(ends[1]);
    report("read after the writer closed", read(ends[0], buffer, 100));
    report("then end of file", read(ends[0], buffer, 100));
    close(ends[0]);
}

static void writing(void)
{
    int ends[2];
    check("pipe", pipe2(ends, O_NONBLOCK) == 0);
    long total = 0;
    for (;;) {
        long got = write(ends[1], "x", 1);
        if (got < 0) {
            report("1-byte writes end with", got);
            break;
        }
        total += got;
    }
    printf("capacity by 1-byte writes: %ld\n", total);
    int waiting = -1;
    report("FIONREAD", ioctl(ends[0], FIONREAD, &waiting));
    printf("bytes waiting: %d\n", waiting);
    report("F_GETPIPE_SZ", fcntl(ends[0], F_GETPIPE_SZ));
    report("read a page", read(ends[0], buffer, 4096));
    report("write PIPE_BUF + 1", write(ends[1], buffer, PIPE_BUF + 1));
    report("write 1", write(ends[1], buffer, 1));
    close(ends[0]);
    close(ends[1]);

    // n <= PIPE_BUF with too little room: all or nothing.
    check("pipe", pipe2(ends, O_NONBLOCK) == 0);
    report("fill 15 pages and a byte", write(ends[1], buffer, 15 * 4096 + 1));
    report("write PIPE_BUF", write(ends[1], buffer, PIPE_BUF));
    report("write PIPE_BUF - 1", write(ends[1], buffer, PIPE_BUF - 1));
    report("F_SETPIPE_SZ below the data", fcntl(ends[1], F_SETPIPE_SZ, 4096));
    report("F_SETPIPE_SZ 2^31 + 1", fcntl(ends[1], F_SETPIPE_SZ, (1U << 31) + 1));
    report("F_SETPIPE_SZ 100000", fcntl(ends[1], F_SETPIPE_SZ, 100000));
    report("write after growing", write(ends[1], buffer, 10000));
    close(ends[0]);
    close(ends[1]);

    check("pipe", pipe(ends) == 0);
    report("F_SETPIPE_SZ 0", fcntl(ends[0], F_SETPIPE_SZ, 0));
    report("F_SETPIPE_SZ 5000", fcntl(ends[0], F_SETPIPE_SZ, 5000));
    close(ends[0]);
    close(ends[1]);
}

static void broken_pipe(void)
{
    int ends[2];
    check("pipe", pipe(ends) == 0);
    close(ends[0]);
    signal(SIGPIPE, SIG_IGN);
    report("write with no reader, SIGPIPE ignored", write(ends[1], "x", 1));
    report("write of 0 bytes with no reader", write(ends[1], "x", 0));
    catch_signal(SIGPIPE, 0);
    last_signal = 0;
    report("write with no reader, SIGPIPE caught", write(ends[1], "x", 1));
    printf("signal %d, SI_USER %d, from itself %d\n", last_signal, last_code == SI_USER, sender_is_self);
    close(ends[1]);

    // The default action: the writer dies of SIGPIPE.
    check("pipe", pipe(ends) == 0);
    close(ends[0]);
    pid_t child = fork();
    if (child == 0) {
        signal(SIGPIPE, SIG_DFL);
        write(ends[1], "x", 1);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("child killed by SIGPIPE: %d\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
    close(ends[1]);
    signal(SIGPIPE, SIG_DFL);
}

static void packets(void)
{
    int ends[2];
    check("pipe2 O_DIRECT", pipe2(ends, O_DIRECT) == 0);
    write(ends[1], "abc", 3);
    write(ends[1], "defgh", 5);
    write(ends[1], "ij", 2);
    report("read a packet", read(ends[0], buffer, 100));
    report("read 2 of the next", read(ends[0], buffer, 2));
    printf("got %.2s\n", buffer);
    report("then the third", read(ends[0], buffer, 100));
    printf("got %.2s\n", buffer);
    close(ends[0]);
    close(ends[1]);
}

// Two writers of PIPE_BUF-sized records: each record arrives whole.
static void atomic_writers(void)
{
    int ends[2];
    check("pipe", pipe(ends) == 0);
    const int records = 64;
    for (int writer = 0; writer < 2; ++writer) {
        if (fork() == 0) {
            close(ends[0]);
            char record[PIPE_BUF];
            memset(record, 'a' + writer, sizeof(record));
            for (int i = 0; i < records; ++i) {
                if (write(ends[1], record, sizeof(record)) != PIPE_BUF) {
                    _exit(1);
                }
            }
            _exit(0);
        }
    }
    close(ends[1]);
    int whole = 0;
    int torn = 0;
    char record[PIPE_BUF];
    for (;;) {
        size_t have = 0;
        while (have < sizeof(record)) {
            long got = read(ends[0], record + have, sizeof(record) - have);
            if (got <= 0) {
                break;
            }
            have += (size_t)got;
        }
        if (have == 0) {
            break;
        }
        int same = have == sizeof(record);
        for (size_t i = 1; i < have; ++i) {
            same &= record[i] == record[0];
        }
        same ? ++whole : ++torn;
    }
    close(ends[0]);
    int status = 0;
    int clean = 0;
    while (wait(&status) > 0) {
        clean += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    printf("records whole %d, torn %d, writers clean %d\n", whole, torn, clean);
}

// A large write to a blocking pipe: the reader gets every byte.
static void large_transfer(void)
{
    int ends[2];
    check("pipe", pipe(ends) == 0);
    if (fork() == 0) {
        close(ends[0]);
        memset(buffer, 'z', sizeof(buffer));
        long wrote = write(ends[1], buffer, sizeof(buffer));
        _exit(wrote == (long)sizeof(buffer) ? 0 : 1);
    }
    close(ends[1]);
    long total = 0;
    long got;
    static char sink[3000];
    while ((got = read(ends[0], sink, sizeof(sink))) > 0) {
        total += got;
    }
    int status = 0;
    wait(&status);
    printf("transferred %ld, writer status %d\n", total, WEXITSTATUS(status));
    close(ends[0]);
}

// A blocking read interrupted by a signal: EINTR without SA_RESTART; with
// it the read goes on and gets the bytes written later.
static void interrupted_read(int restart)
{
    int ends[2];
    check("pipe", pipe(ends) == 0);
    catch_signal(SIGUSR1, restart ? SA_RESTART : 0);
    last_signal = 0;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        sleep_ms(200);
        kill(parent, SIGUSR1);
        sleep_ms(200);
        write(ends[1], "late", 4);
        _exit(0);
    }
    long got = read(ends[0], buffer, 100);
    printf("%s: read %ld %s, handler ran %d\n", restart ? "SA_RESTART" : "no SA_RESTART", got, got < 0 ? errno_name(errno) : "", last_signal == SIGUSR1);
    waitpid(child, NULL, 0);
    close(ends[0]);
    close(ends[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int fd = 3; fd < 1024; ++fd) {
        close(fd);
    }
    flags_and_descriptors();
    reading();
    writing();
    broken_pipe();
    packets();
    atomic_writers();
    large_transfer();
    interrupted_read(0);
    interrupted_read(1);
    return failures == 0 ? 0 : 1;
}
