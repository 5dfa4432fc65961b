// What the differential test programs share: a yes/no check that counts
// failures, and errno values printed by name (the text the host's Linux
// and Sirius must agree on; strerror's wording is the C library's).
#ifndef SIRIUS_TEST_CHECK_H
#define SIRIUS_TEST_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int failures;

static inline void check(const char* what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "no");
    failures += !ok;
}

static inline const char* errno_name(int error)
{
    switch (error) {
    case 0: return "ok";
    case E2BIG: return "E2BIG";
    case EACCES: return "EACCES";
    case EAGAIN: return "EAGAIN";
    case EBADF: return "EBADF";
    case EBUSY: return "EBUSY";
    case ECHILD: return "ECHILD";
    case EEXIST: return "EEXIST";
    case EFAULT: return "EFAULT";
    case EFBIG: return "EFBIG";
    case EIDRM: return "EIDRM";
    case ENOMSG: return "ENOMSG";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case EISDIR: return "EISDIR";
    case ELOOP: return "ELOOP";
    case EMFILE: return "EMFILE";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENXIO: return "ENXIO";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ESPIPE: return "ESPIPE";
    case EXDEV: return "EXDEV";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENODEV: return "ENODEV";
    case ENOENT: return "ENOENT";
    case ENOEXEC: return "ENOEXEC";
    case ENOMEM: return "ENOMEM";
    case ENOSPC: return "ENOSPC";
    case ENOSYS: return "ENOSYS";
    case ENOTDIR: return "ENOTDIR";
    case ENOTTY: return "ENOTTY";
    case EOVERFLOW: return "EOVERFLOW";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ESRCH: return "ESRCH";
    case EUSERS: return "EUSERS";
    default: return "another errno";
    }
}

// The whole of a file in `buffer` (`size` bytes with the NUL), read until
// end of file as seq_file readers do: its length, or -1 with errno.
static inline long read_whole_file(const char* path, char* buffer, long size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    long total = 0;
    for (;;) {
        long got = read(fd, buffer + total, (size_t)(size - 1 - total));
        if (got <= 0) {
            break;
        }
        total += got;
    }
    close(fd);
    buffer[total] = '\0';
    return total;
}

#endif
