// The descriptor table as Linux has it: close, close_range, dup, dup2, dup3
// and fcntl's descriptor commands, RLIMIT_NOFILE, and umask(2). Each line is
// a fact the host's Linux and Sirius must print alike.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

// <linux/close_range.h>'s flags (musl-gcc has no kernel headers).
#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static void report(const char* what, long result)
{
    printf("%s: %ld %s\n", what, result, result < 0 ? errno_name(errno) : "");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    // Whatever the runner left open above stderr goes: fd numbers are then
    // the same everywhere.
    for (int fd = 3; fd < 1024; ++fd) {
        close(fd);
    }
    struct rlimit limit = { 64, 64 };
    check("setrlimit NOFILE 64", setrlimit(RLIMIT_NOFILE, &limit) == 0);

    report("close(-1)", close(-1));
    report("close(999)", close(999));
    int fd = dup(1);
    report("dup(1) is the lowest free fd", fd);
    report("close it", close(fd));
    report("close it again", close(fd));
    report("dup(-1)", dup(-1));
    report("dup(63) closed", dup(63));

    // dup2 / dup3.
    report("dup2(1, 1)", dup2(1, 1));
    report("dup2(40, 40) closed", dup2(40, 40));
    report("dup2(40, 41) closed", dup2(40, 41));
    report("dup2(1, 10)", dup2(1, 10));
    report("F_GETFD of 10", fcntl(10, F_GETFD));
    report("dup3(1, 11, O_CLOEXEC)", syscall(SYS_dup3, 1, 11, O_CLOEXEC));
    report("F_GETFD of 11", fcntl(11, F_GETFD));
    report("dup2(1, 11) clears close-on-exec", dup2(1, 11));
    report("F_GETFD of 11 after", fcntl(11, F_GETFD));
    report("dup3(1, 1, 0)", syscall(SYS_dup3, 1, 1, 0));
    report("dup3(1, 12, 1)", syscall(SYS_dup3, 1, 12, 1));
    report("dup3(1, 12, O_NONBLOCK)", syscall(SYS_dup3, 1, 12, O_NONBLOCK));
    report("dup2(1, 64) at RLIMIT_NOFILE", dup2(1, 64));
    report("dup2(1, 63) below it", dup2(1, 63));
    report("dup2(1, -1)", dup2(1, -1));
    report("dup3(99, 12, 0) closed old", syscall(SYS_dup3, 99, 12, 0));

    // dup2 onto an open descriptor closes what was there: the pipe's only
    // write end goes, and its reader sees end of file.
    int ends[2];
    check("pipe", pipe(ends) == 0);
    report("dup2(1, write end)", dup2(1, ends[1]));
    char byte;
    report("read sees end of file", read(ends[0], &byte, 1));
    close(ends[0]);
    close(ends[1]);

    // fcntl's descriptor commands.
    report("F_DUPFD from 20", fcntl(1, F_DUPFD, 20));
    report("F_GETFD of it", fcntl(20, F_GETFD));
    report("F_DUPFD_CLOEXEC from 20", fcntl(1, F_DUPFD_CLOEXEC, 20));
    report("F_GETFD of it", fcntl(21, F_GETFD));
    report("F_DUPFD from 64 (the limit)", fcntl(1, F_DUPFD, 64));
    report("F_DUPFD from -1", fcntl(1, F_DUPFD, -1));
    report("F_DUPFD from 2^32 (an int: 0)", fcntl(1, F_DUPFD, 1L << 32));
    report("F_SETFD 0xff", fcntl(20, F_SETFD, 0xff));
    report("F_GETFD keeps FD_CLOEXEC only", fcntl(20, F_GETFD));
    report("F_SETFD 0", fcntl(20, F_SETFD, 0));
    report("F_GETFD", fcntl(20, F_GETFD));
    report("F_GETFD of a closed fd", fcntl(50, F_GETFD));
    report("F_GETFL of a closed fd", fcntl(50, F_GETFL));
    report("an unknown command", fcntl(1, 0x7fff));
    report("an unknown command on a closed fd", fcntl(50, 0x7fff));

    check("pipe", pipe(ends) == 0);
    report("F_GETFL of the read end", fcntl(ends[0], F_GETFL));
    report("F_GETFL of the write end", fcntl(ends[1], F_GETFL));
    report("F_SETFL O_NONBLOCK|O_RDWR", fcntl(ends[0], F_SETFL, O_NONBLOCK | O_RDWR));
    report("F_GETFL: the access mode stays", fcntl(ends[0], F_GETFL));
    report("F_SETFL O_APPEND", fcntl(ends[1], F_SETFL, O_APPEND));
    report("F_GETFL", fcntl(ends[1], F_GETFL));
    report("F_SETFL 0", fcntl(ends[1], F_SETFL, 0));
    report("F_GETFL", fcntl(ends[1], F_GETFL));
    report("F_SETFL O_DIRECT on a pipe", fcntl(ends[1], F_SETFL, O_DIRECT));
    report("F_GETFL", fcntl(ends[1], F_GETFL));
    report("read of the nonblocking end", read(ends[0], &byte, 1));
    close(ends[0]);
    close(ends[1]);

    // RLIMIT_NOFILE: dup finds no free descriptor below it.
    int last = -1;
    for (;;) {
        int copy = dup(1);
        if (copy < 0) {
            report("dup until the limit ends with", copy);
            break;
        }
        last = copy;
    }
    report("the last dup", last);
    report("pipe at the limit", pipe(ends));
    for (int i = 3; i < 64; ++i) {
        close(i);
    }
    report("dup after closing", dup(1));

    // close_range(2): the open descriptors of the range close (or turn
    // close-on-exec), the others are no error; EINVAL for first > last and
    // for unknown flags; CLOSE_RANGE_UNSHARE with a shared table.
    dup2(1, 10);
    dup2(1, 12);
    dup2(1, 20);
    report("close_range(11, 10)", syscall(SYS_close_range, 11, 10, 0));
    report("close_range with flag 1", syscall(SYS_close_range, 10, 12, 1));
    report("close_range(10, 12, CLOSE_RANGE_CLOEXEC)", syscall(SYS_close_range, 10, 12, CLOSE_RANGE_CLOEXEC));
    report("F_GETFD of 10", fcntl(10, F_GETFD));
    report("F_GETFD of 20", fcntl(20, F_GETFD));
    report("close_range(10, 12)", syscall(SYS_close_range, 10, 12, 0));
    report("F_GETFD of 10 after", fcntl(10, F_GETFD));
    report("F_GETFD of 12 after", fcntl(12, F_GETFD));
    report("F_GETFD of 20 after", fcntl(20, F_GETFD));
    report("close_range(3, ~0U, CLOSE_RANGE_UNSHARE)", syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_UNSHARE));
    report("F_GETFD of 20 at the end", fcntl(20, F_GETFD));
    report("dup then", dup(1));
    close(3);

    // umask(2): the old mask, and only the permission bits are kept.
    report("umask(022)", umask(022));
    report("umask(077)", umask(077));
    report("umask(01777)", umask(01777));
    report("umask(0)", umask(0));
    return failures == 0 ? 0 : 1;
}
