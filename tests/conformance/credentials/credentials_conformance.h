/* The raw-syscall helpers the credentials conformance programs share: a raw
 * syscall that returns -errno, the one-line reports, capget/capset with the
 * kernel's v3 structures (two 32-bit words per set, joined here into 64-bit
 * sets), the current ids, and a runner that does one test in a fresh child
 * and waits for it. The functions are static inline so that a program that
 * does not use one does not warn (-Wall -Werror). Each program is a single
 * translation unit and includes this once, after defining _GNU_SOURCE (for
 * syscall(2)). x86-64 only, like the programs: there the uid and gid
 * syscalls (setuid, setresuid, getgroups, ...) are the 32-bit-id ones. */
#ifndef CREDENTIALS_CONFORMANCE_H
#define CREDENTIALS_CONFORMANCE_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* A pointer that is never mapped: the EFAULT cases. */
#define BAD ((long)0xdead0000)
/* (uid_t)-1 / (gid_t)-1 as a syscall argument: "unchanged" or "invalid". */
#define UNCHANGED 0xffffffffL

#define CAP_VERSION_1 0x19980330u
#define CAP_VERSION_2 0x20071026u
#define CAP_VERSION_3 0x20080522u

/* Capability numbers (capabilities(7)). */
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
#define CAP_FSETID 4
#define CAP_KILL 5
#define CAP_SETGID 6
#define CAP_SETUID 7
#define CAP_SETPCAP 8
#define CAP_LINUX_IMMUTABLE 9
#define CAP_NET_BIND_SERVICE 10
#define CAP_SYS_ADMIN 21
#define CAP_SYS_BOOT 22
#define CAP_SYS_TIME 25
#define CAP_MKNOD 27
#define CAP_MAC_OVERRIDE 32
#define CAP_SYSLOG 34
#define CAP(n) (1ULL << (n))

/* The capabilities a change of fsuid from 0 to non-zero drops from the
 * effective set (capabilities(7), "Effect of user ID changes on
 * capabilities"). */
#define FS_CAPS                                                                                 \
    (CAP(CAP_CHOWN) | CAP(CAP_DAC_OVERRIDE) | CAP(CAP_DAC_READ_SEARCH) | CAP(CAP_FOWNER)      \
     | CAP(CAP_FSETID) | CAP(CAP_LINUX_IMMUTABLE) | CAP(CAP_MKNOD) | CAP(CAP_MAC_OVERRIDE))

#define PR_GET_KEEPCAPS_ 7
#define PR_SET_KEEPCAPS_ 8
#define PR_CAPBSET_READ_ 23
#define PR_CAPBSET_DROP_ 24

/* A syscall that returns the result or -errno. raw(number, ...) takes up to
 * five arguments; the ones left out are 0. */
static inline long sys6(long number, long a, long b, long c, long d, long e)
{
    long result = syscall(number, a, b, c, d, e);
    return result < 0 ? -errno : result;
}
#define RAW(n, a, b, c, d, e, ...) sys6(n, a, b, c, d, e)
#define raw(...) RAW(__VA_ARGS__, 0, 0, 0, 0, 0)

/* One line per rule: "name result". */
static inline void report(const char* rule, long value) { printf("%s %ld\n", rule, value); }
static inline void report_hex(const char* rule, uint64_t value)
{
    printf("%s 0x%llx\n", rule, (unsigned long long)value);
}

/* The kernel's capget/capset structures. */
struct cap_header {
    uint32_t version;
    int pid;
};
struct cap_data {
    uint32_t effective, permitted, inheritable;
};
/* The three sets as 64-bit masks. */
struct caps {
    uint64_t effective, permitted, inheritable;
};

/* capget v3 of `pid` (0: the caller): 0 or -errno. */
static inline long get_caps(int pid, struct caps* out)
{
    struct cap_header header = { CAP_VERSION_3, pid };
    struct cap_data data[2];
    memset(data, 0, sizeof(data));
    long result = raw(SYS_capget, (long)&header, (long)data);
    out->effective = data[0].effective | (uint64_t)data[1].effective << 32;
    out->permitted = data[0].permitted | (uint64_t)data[1].permitted << 32;
    out->inheritable = data[0].inheritable | (uint64_t)data[1].inheritable << 32;
    return result;
}

static inline struct caps my_caps(void)
{
    struct caps caps;
    get_caps(0, &caps);
    return caps;
}

/* capset v3 of the caller: 0 or -errno. */
static inline long set_caps(uint64_t effective, uint64_t permitted, uint64_t inheritable)
{
    struct cap_header header = { CAP_VERSION_3, 0 };
    struct cap_data data[2] = {
        { (uint32_t)effective, (uint32_t)permitted, (uint32_t)inheritable },
        { (uint32_t)(effective >> 32), (uint32_t)(permitted >> 32), (uint32_t)(inheritable >> 32) },
    };
    return raw(SYS_capset, (long)&header, (long)data);
}

/* The current real, effective and saved ids (getresuid or getresgid) and
 * the fs id (setfsuid/setfsgid with -1, which never changes it). */
struct ids {
    long real, effective, saved, fs;
};

static inline struct ids uids(void)
{
    unsigned r = 0, e = 0, s = 0;
    raw(SYS_getresuid, (long)&r, (long)&e, (long)&s);
    struct ids ids = { r, e, s, raw(SYS_setfsuid, UNCHANGED) };
    return ids;
}

static inline struct ids gids(void)
{
    unsigned r = 0, e = 0, s = 0;
    raw(SYS_getresgid, (long)&r, (long)&e, (long)&s);
    struct ids ids = { r, e, s, raw(SYS_setfsgid, UNCHANGED) };
    return ids;
}

/* "<prefix>_real", "_effective", "_saved" and "_fs" lines. */
static inline void report_ids(const char* prefix, struct ids ids)
{
    printf("%s_real %ld\n%s_effective %ld\n%s_saved %ld\n%s_fs %ld\n", prefix, ids.real, prefix,
           ids.effective, prefix, ids.saved, prefix, ids.fs);
}

/* Runs `body` in a fresh child (which reports on stdout) and waits for it
 * before going on, so the lines come in a fixed order; then reports how the
 * child ended ("<name>_child_status 0" when it returned normally). */
static inline void in_child(const char* name, void (*body)(void))
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        alarm(5);
        body();
        fflush(stdout);
        _exit(0);
    }
    int status = -1;
    waitpid(child, &status, 0);
    printf("%s_child_status %d\n", name, status);
}

#endif
