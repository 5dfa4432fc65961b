// Named FIFOs (fifo(7), open(2), Linux fs/pipe.c fifo_open): every opener
// of a FIFO inode shares one pipe. O_RDONLY waits for a writer (O_NONBLOCK:
// opens at once), O_WRONLY waits for a reader (O_NONBLOCK: ENXIO), O_RDWR
// never waits; a signal ends a wait (EINTR, or a restart with SA_RESTART);
// the data lives only while some end is open.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define DIR "/tmp/sirius_fifos"
#define FIFO DIR "/fifo"

static int alarms;
static void on_alarm(int signal)
{
    (void)signal;
    ++alarms;
}

static const char* result(long value) { return value < 0 ? errno_name(errno) : "ok"; }

static void show_read(const char* what, int fd, size_t size)
{
    char buffer[64] = { 0 };
    ssize_t got = read(fd, buffer, size);
    if (got < 0) {
        printf("%s: %s\n", what, errno_name(errno));
    } else {
        printf("%s: %zd \"%.*s\"\n", what, got, (int)got, buffer);
    }
}

// A child that sleeps `milliseconds`, opens the FIFO with `flags`, writes
// `text` if any, sleeps again and exits (closing its end).
static pid_t partner(int milliseconds, int flags, const char* text)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        usleep((useconds_t)milliseconds * 1000);
        int fd = open(FIFO, flags);
        if (fd < 0) {
            printf("partner open: %s\n", errno_name(errno));
            fflush(stdout);
            _exit(1);
        }
        if (text != NULL && write(fd, text, strlen(text)) < 0) {
            printf("partner write: %s\n", errno_name(errno));
        }
        fflush(stdout);
        usleep(100 * 1000);
        _exit(0);
    }
    return child;
}

static void reap(pid_t child)
{
    int status = 0;
    waitpid(child, &status, 0);
    printf("partner exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void set_alarm_handler(int flags)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_alarm;
    action.sa_flags = flags;
    sigaction(SIGALRM, &action, NULL);
}

static void arm(int milliseconds)
{
    struct itimerval timer;
    memset(&timer, 0, sizeof(timer));
    timer.it_value.tv_sec = milliseconds / 1000;
    timer.it_value.tv_usec = (milliseconds % 1000) * 1000;
    setitimer(ITIMER_REAL, &timer, NULL);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    mkdir("/tmp", 01777);
    mkdir(DIR, 0755);
    unlink(FIFO);
    printf("mkfifo: %s\n", result(mkfifo(FIFO, 0644)));
    struct stat st;
    stat(FIFO, &st);
    check("stat says S_IFIFO", S_ISFIFO(st.st_mode));
    printf("mkfifo again: %s\n", result(mkfifo(FIFO, 0644)));

    // O_NONBLOCK opens.
    printf("O_WRONLY|O_NONBLOCK without a reader: %s\n", result(open(FIFO, O_WRONLY | O_NONBLOCK)));
    int reader = open(FIFO, O_RDONLY | O_NONBLOCK);
    printf("O_RDONLY|O_NONBLOCK without a writer: %s\n", result(reader));
    show_read("read with no writer ever", reader, 8);
    int writer = open(FIFO, O_WRONLY | O_NONBLOCK);
    printf("O_WRONLY|O_NONBLOCK with a reader: %s\n", result(writer));
    show_read("read of an empty FIFO with a writer", reader, 8);
    printf("write: %s\n", result(write(writer, "abc", 3)));
    int second_reader = open(FIFO, O_RDONLY | O_NONBLOCK);
    show_read("one reader takes a byte", reader, 1);
    show_read("another reader the rest", second_reader, 8);
    printf("write again: %s\n", result(write(writer, "xyz", 3)));
    close(writer);
    show_read("after the writer closed, the data stays", reader, 8);
    show_read("then end of file", reader, 8);
    close(second_reader);
    close(reader);

    // The data lives only while an end is open.
    int both = open(FIFO, O_RDWR);
    printf("O_RDWR without anyone else: %s\n", result(both));
    printf("write to itself: %s\n", result(write(both, "kept", 4)));
    show_read("read from itself", both, 2);
    close(both);
    both = open(FIFO, O_RDWR | O_NONBLOCK);
    show_read("after every end closed the data is gone", both, 8);
    // ... and kept while one end stays open.
    printf("write: %s\n", result(write(both, "stays", 5)));
    reader = open(FIFO, O_RDONLY | O_NONBLOCK);
    close(both);
    show_read("an end kept the data", reader, 8);
    close(reader);

    // A write with no reader left: EPIPE (SIGPIPE ignored).
    both = open(FIFO, O_RDWR);
    writer = open(FIFO, O_WRONLY);
    close(both);
    printf("write with no reader: %s\n", result(write(writer, "x", 1)));
    close(writer);

    // Blocking opens wait for the other end.
    pid_t child = partner(100, O_WRONLY, "hello");
    reader = open(FIFO, O_RDONLY);
    printf("O_RDONLY waited for a writer: %s\n", result(reader));
    show_read("read what it wrote", reader, 5);
    reap(child);
    show_read("end of file once it exited", reader, 8);
    close(reader);

    child = partner(100, O_RDONLY, NULL);
    writer = open(FIFO, O_WRONLY);
    printf("O_WRONLY waited for a reader: %s\n", result(writer));
    printf("write: %s\n", result(write(writer, "x", 1)));
    reap(child);
    close(writer);

    // A signal ends the wait: EINTR without SA_RESTART.
    set_alarm_handler(0);
    arm(100);
    printf("O_RDONLY interrupted: %s\n", result(open(FIFO, O_RDONLY)));
    arm(100);
    printf("O_WRONLY interrupted: %s\n", result(open(FIFO, O_WRONLY)));
    printf("alarms: %d\n", alarms);
    // With SA_RESTART the open goes on waiting and succeeds once a writer
    // comes.
    set_alarm_handler(SA_RESTART);
    child = partner(300, O_WRONLY, "late");
    arm(100);
    reader = open(FIFO, O_RDONLY);
    printf("O_RDONLY restarted after the handler: %s\n", result(reader));
    show_read("read", reader, 8);
    printf("alarms: %d\n", alarms);
    reap(child);
    close(reader);

    // O_ACCMODE 3 is neither reading nor writing to fifo_open.
    printf("access mode 3: %s\n", result(open(FIFO, 3 | O_NONBLOCK)));
    // mknod(2) with S_IFIFO makes one too.
    unlink(DIR "/node");
    printf("mknod S_IFIFO: %s\n", result(mknod(DIR "/node", S_IFIFO | 0600, 0)));
    both = open(DIR "/node", O_RDWR);
    printf("open it: %s\n", result(both));
    printf("F_GETPIPE_SZ: %d\n", fcntl(both, F_GETPIPE_SZ));
    close(both);
    unlink(DIR "/node");
    unlink(FIFO);
    rmdir(DIR);
    return failures == 0 ? 0 : 1;
}
