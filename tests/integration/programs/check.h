// What the differential test programs share: a yes/no check that counts
// failures, and errno values printed by name (the text the host's Linux
// and Sirius must agree on; strerror's wording is the C library's).
#ifndef SIRIUS_TEST_CHECK_H
#define SIRIUS_TEST_CHECK_H

#include <errno.h>
#include <stdio.h>

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

#endif
