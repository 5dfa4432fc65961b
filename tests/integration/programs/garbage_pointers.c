// Garbage arguments to every system call docs/syscalls.md lists as supported
// or partial: NULL, (void*)1, a kernel address, an unmapped user address and,
// where the kernel writes, a read-only page. Linux answers EFAULT (or
// EINVAL, EPERM for the checks that come first) and the process keeps
// running; where a NULL pointer means "not wanted" (rt_sigaction's old
// action, waitid's siginfo) the answer is success, and that is printed too.
// A call that costs a child process (a wait that reaps one, a clone that
// would make one) gets one garbage value of each class only, since each
// costs a fork.
// Calls that would end or stop the process, or whose garbage is harmless by
// design, are listed as skipped with the reason. Each line is
// "call: ERRNO" or "call: ok"; the last is "still running". stdin must be
// at end of file (the differential runner gives /dev/null; Sirius's console
// has no input). Exit status: 0.
//
// One line per call in the table below. An argument GARBAGE takes each
// garbage value in turn, as the call's kinds allow; the other tokens are
// filled in at run time.
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define CLONE_PIDFD 0x00001000
#define CLONE_SETTLS 0x00080000
#define KERNEL_ADDRESS 0xffff800000000000UL

// The garbage values.
enum garbage {
    NULL_POINTER = 1 << 0,
    ONE = 1 << 1,
    KERNEL = 1 << 2,
    UNMAPPED = 1 << 3,
    READ_ONLY = 1 << 4,
};
// Pointers the kernel reads from: a read-only page is valid there (and
// holding zeroes it could mean something: an empty signal mask to suspend
// with forever), so it is left out. Pointers the kernel writes to get it.
#define IN (NULL_POINTER | ONE | KERNEL | UNMAPPED)
#define OUT (IN | READ_ONLY)
// A timeout or similar where NULL means "block": NULL is left out.
#define IN_NOT_NULL (ONE | KERNEL | UNMAPPED)
// For a call that costs a child process each time (a clone that would make
// one, a wait that reaps one): one garbage value of each class, a low user
// address, a kernel address, a user page the kernel may not write.
#define OUT_FEW (ONE | KERNEL | READ_ONLY)

// Argument tokens, replaced before the call.
#define GARBAGE (-0x7e000001L)
#define OWN_PID (-0x7e000002L)
#define OWN_TID (-0x7e000003L)
#define CHILD (-0x7e000004L)          // a new child that has exited, not yet reaped
#define KEPT_CHILD (-0x7e00000dL)     // one such child kept for every waitid(WNOWAIT)
#define IOV_GARBAGE (-0x7e000005L)    // &{ GARBAGE, 16 }
#define SIGSET_WINCH (-0x7e000006L)   // &{ SIGWINCH }
#define ZERO_TIMEOUT (-0x7e000007L)   // &{ 0, 0 }
#define SCRATCH (-0x7e000008L)        // a writable buffer of 4 KiB
#define CAP_HEADER (-0x7e000009L)     // &{ _LINUX_CAPABILITY_VERSION_3, 0 }
#define CAP_DATA_NOW (-0x7e00000aL)   // our capabilities as capget gave them
#define PIDFD (-0x7e00000bL)          // pidfd_open(getpid(), 0)
#define CLONE3_PIDFD (-0x7e00000cL)   // &{ .flags = CLONE_PIDFD, .pidfd = GARBAGE, .exit_signal = SIGCHLD }

enum prepare { NOTHING, RAISE_SIGWINCH };

struct call {
    const char* format;  // printed, with the garbage's name for %s
    long number;
    long args[6];
    unsigned kinds;      // garbage values to try; 0: the call once as it is
    enum prepare prepare;
    const char* skipped; // the reason it is not called
};

static const struct call calls[] = {
    { "read(0, %s, 16)", SYS_read, { 0, GARBAGE, 16 }, OUT },
    { "write(1, %s, 16)", SYS_write, { 1, GARBAGE, 16 }, IN },
    { "close", SYS_close, { 0 }, 0, NOTHING, "no pointer argument" },
    { "rt_sigaction(SIGWINCH, %s, NULL, 8)", SYS_rt_sigaction, { SIGWINCH, GARBAGE, 0, 8 }, IN },
    { "rt_sigaction(SIGWINCH, NULL, %s, 8)", SYS_rt_sigaction, { SIGWINCH, 0, GARBAGE, 8 }, OUT },
    { "rt_sigprocmask(SIG_BLOCK, %s, NULL, 8)", SYS_rt_sigprocmask, { SIG_BLOCK, GARBAGE, 0, 8 }, IN },
    { "rt_sigprocmask(SIG_BLOCK, NULL, %s, 8)", SYS_rt_sigprocmask, { SIG_BLOCK, 0, GARBAGE, 8 }, OUT },
    { "rt_sigreturn", SYS_rt_sigreturn, { 0 }, 0, NOTHING, "restores registers from a frame on the stack: garbage ends the process" },
    { "ioctl(1, FIONBIO, %s)", SYS_ioctl, { 1, FIONBIO, GARBAGE }, IN },
    { "readv(0, %s, 1)", SYS_readv, { 0, GARBAGE, 1 }, IN },
    { "readv(0, {%s, 16}, 1)", SYS_readv, { 0, IOV_GARBAGE, 1 }, OUT },
    { "writev(1, %s, 1)", SYS_writev, { 1, GARBAGE, 1 }, IN },
    { "writev(1, {%s, 16}, 1)", SYS_writev, { 1, IOV_GARBAGE, 1 }, IN },
    { "pipe(%s)", SYS_pipe, { GARBAGE }, OUT },
    { "sched_yield", SYS_sched_yield, { 0 }, 0, NOTHING, "no argument" },
    { "dup", SYS_dup, { 0 }, 0, NOTHING, "no pointer argument" },
    { "dup2", SYS_dup2, { 0 }, 0, NOTHING, "no pointer argument" },
    { "pause", SYS_pause, { 0 }, 0, NOTHING, "no argument: sleeps until a signal" },
    { "getitimer(ITIMER_REAL, %s)", SYS_getitimer, { 0, GARBAGE }, OUT },
    { "alarm", SYS_alarm, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setitimer(ITIMER_REAL, %s, NULL)", SYS_setitimer, { 0, GARBAGE, 0 }, IN },
    { "setitimer(ITIMER_REAL, NULL, %s)", SYS_setitimer, { 0, 0, GARBAGE }, OUT },
    { "getpid", SYS_getpid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "clone(CLONE_PIDFD|SIGCHLD, NULL, %s, NULL, 0)", SYS_clone, { CLONE_PIDFD | SIGCHLD, 0, GARBAGE, 0, 0 }, OUT_FEW },
    { "clone(CLONE_SETTLS|SIGCHLD, NULL, NULL, NULL, %s)", SYS_clone, { CLONE_SETTLS | SIGCHLD, 0, 0, 0, GARBAGE }, KERNEL },
    { "fork", SYS_fork, { 0 }, 0, NOTHING, "no argument: a good call makes a process" },
    { "vfork", SYS_vfork, { 0 }, 0, NOTHING, "no argument: a good call makes a process" },
    { "exit", SYS_exit, { 0 }, 0, NOTHING, "ends the thread" },
    { "wait4(child, %s, 0, NULL)", SYS_wait4, { CHILD, GARBAGE, 0, 0 }, OUT_FEW },
    { "wait4(child, NULL, 0, %s)", SYS_wait4, { CHILD, 0, 0, GARBAGE }, OUT_FEW },
    { "kill(getpid(), 1000)", SYS_kill, { OWN_PID, 1000 } },
    { "kill(INT_MIN, 0)", SYS_kill, { INT_MIN, 0 } },
    { "fcntl", SYS_fcntl, { 0 }, 0, NOTHING, "no pointer argument in the commands Sirius has" },
    { "umask", SYS_umask, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getrlimit(RLIMIT_NOFILE, %s)", SYS_getrlimit, { RLIMIT_NOFILE, GARBAGE }, OUT },
    { "getrusage(RUSAGE_SELF, %s)", SYS_getrusage, { RUSAGE_SELF, GARBAGE }, OUT },
    { "times(%s)", SYS_times, { GARBAGE }, OUT },
    { "getuid", SYS_getuid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getgid", SYS_getgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setuid", SYS_setuid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "setgid", SYS_setgid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "geteuid", SYS_geteuid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getegid", SYS_getegid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setpgid", SYS_setpgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getppid", SYS_getppid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getpgrp", SYS_getpgrp, { 0 }, 0, NOTHING, "no argument" },
    { "setsid", SYS_setsid, { 0 }, 0, NOTHING, "no argument" },
    { "setreuid", SYS_setreuid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "setregid", SYS_setregid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "getgroups(64, %s)", SYS_getgroups, { 64, GARBAGE }, OUT },
    { "setgroups(1, %s)", SYS_setgroups, { 1, GARBAGE }, IN },
    { "setresuid", SYS_setresuid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "getresuid(%s, &euid, &suid)", SYS_getresuid, { GARBAGE, SCRATCH, SCRATCH }, OUT },
    { "getresuid(&ruid, &euid, %s)", SYS_getresuid, { SCRATCH, SCRATCH, GARBAGE }, OUT },
    { "setresgid", SYS_setresgid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "getresgid(%s, &egid, &sgid)", SYS_getresgid, { GARBAGE, SCRATCH, SCRATCH }, OUT },
    { "getpgid", SYS_getpgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setfsuid", SYS_setfsuid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setfsgid", SYS_setfsgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getsid", SYS_getsid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "capget(%s, NULL)", SYS_capget, { GARBAGE, 0 }, OUT },
    { "capget(&header, %s)", SYS_capget, { CAP_HEADER, GARBAGE }, OUT },
    { "capset(%s, &current)", SYS_capset, { GARBAGE, CAP_DATA_NOW }, OUT },
    { "capset(&header, %s)", SYS_capset, { CAP_HEADER, GARBAGE }, IN },
    { "rt_sigpending(%s, 8)", SYS_rt_sigpending, { GARBAGE, 8 }, OUT },
    { "rt_sigtimedwait(%s, NULL, &zero, 8)", SYS_rt_sigtimedwait, { GARBAGE, 0, ZERO_TIMEOUT, 8 }, IN },
    { "rt_sigtimedwait(&{SIGWINCH}, NULL, %s, 8)", SYS_rt_sigtimedwait, { SIGSET_WINCH, 0, GARBAGE, 8 }, IN_NOT_NULL },
    { "rt_sigtimedwait(&{SIGWINCH}, %s, &zero, 8), SIGWINCH pending", SYS_rt_sigtimedwait, { SIGSET_WINCH, GARBAGE, ZERO_TIMEOUT, 8 }, OUT,
        RAISE_SIGWINCH },
    { "rt_sigqueueinfo(getpid(), SIGWINCH, %s)", SYS_rt_sigqueueinfo, { OWN_PID, SIGWINCH, GARBAGE }, IN },
    { "rt_sigsuspend(%s, 8)", SYS_rt_sigsuspend, { GARBAGE, 8 }, IN },
    { "sigaltstack(%s, NULL)", SYS_sigaltstack, { GARBAGE, 0 }, IN },
    { "sigaltstack(NULL, %s)", SYS_sigaltstack, { 0, GARBAGE }, OUT },
    { "prctl(PR_SET_NAME, %s)", SYS_prctl, { PR_SET_NAME, GARBAGE }, IN },
    { "prctl(PR_GET_NAME, %s)", SYS_prctl, { PR_GET_NAME, GARBAGE }, OUT },
    { "prctl(PR_GET_PDEATHSIG, %s)", SYS_prctl, { PR_GET_PDEATHSIG, GARBAGE }, OUT },
    { "prctl(PR_GET_CHILD_SUBREAPER, %s)", SYS_prctl, { PR_GET_CHILD_SUBREAPER, GARBAGE }, OUT },
    { "arch_prctl(ARCH_GET_FS, %s)", SYS_arch_prctl, { ARCH_GET_FS, GARBAGE }, OUT },
    { "arch_prctl(ARCH_GET_GS, %s)", SYS_arch_prctl, { ARCH_GET_GS, GARBAGE }, OUT },
    { "arch_prctl(ARCH_SET_FS, %s)", SYS_arch_prctl, { ARCH_SET_FS, GARBAGE }, KERNEL },
    { "arch_prctl(ARCH_SET_GS, %s)", SYS_arch_prctl, { ARCH_SET_GS, GARBAGE }, KERNEL },
    { "setrlimit(RLIMIT_NOFILE, %s)", SYS_setrlimit, { RLIMIT_NOFILE, GARBAGE }, IN },
    { "gettid", SYS_gettid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "tkill(gettid(), 1000)", SYS_tkill, { OWN_TID, 1000 } },
    { "set_tid_address", SYS_set_tid_address, { 0 }, 0, NOTHING, "stores the pointer unchecked by design" },
    { "exit_group", SYS_exit_group, { 0 }, 0, NOTHING, "ends the process" },
    { "tgkill(getpid(), gettid(), 1000)", SYS_tgkill, { OWN_PID, OWN_TID, 1000 } },
    { "waitid(P_PID, child, %s, WEXITED|WNOWAIT, NULL)", SYS_waitid, { P_PID, KEPT_CHILD, GARBAGE, WEXITED | WNOWAIT, 0 }, OUT },
    { "waitid(P_PID, child, &info, WEXITED|WNOWAIT, %s)", SYS_waitid, { P_PID, KEPT_CHILD, SCRATCH, WEXITED | WNOWAIT, GARBAGE }, OUT },
    { "unshare(0x1)", SYS_unshare, { 0x1 } },
    { "rt_tgsigqueueinfo(getpid(), gettid(), SIGWINCH, %s)", SYS_rt_tgsigqueueinfo, { OWN_PID, OWN_TID, SIGWINCH, GARBAGE }, IN },
    { "dup3", SYS_dup3, { 0 }, 0, NOTHING, "no pointer argument" },
    { "pipe2(%s, O_CLOEXEC)", SYS_pipe2, { GARBAGE, 02000000 }, OUT },
    { "prlimit64(0, RLIMIT_NOFILE, %s, NULL)", SYS_prlimit64, { 0, RLIMIT_NOFILE, GARBAGE, 0 }, IN },
    { "prlimit64(0, RLIMIT_NOFILE, NULL, %s)", SYS_prlimit64, { 0, RLIMIT_NOFILE, 0, GARBAGE }, OUT },
    { "getrandom(%s, 16, 0)", SYS_getrandom, { GARBAGE, 16, 0 }, OUT },
    { "pidfd_send_signal(pidfd, SIGWINCH, %s, 0)", SYS_pidfd_send_signal, { PIDFD, SIGWINCH, GARBAGE, 0 }, IN },
    { "pidfd_open(getpid(), 0x1234)", SYS_pidfd_open, { OWN_PID, 0x1234 } },
    { "clone3(%s, 88)", SYS_clone3, { GARBAGE, 88 }, IN },
    { "clone3(&{CLONE_PIDFD, .pidfd = %s}, 88)", SYS_clone3, { CLONE3_PIDFD, 88 }, OUT_FEW },
};

static const char read_only_page[2 * 4096] __attribute__((aligned(4096)));

static long garbage_value(enum garbage which)
{
    switch (which) {
    case NULL_POINTER: return 0;
    case ONE: return 1;
    case KERNEL: return (long)KERNEL_ADDRESS;
    // Far above the program, its heap and the mmap area, below the stack.
    case UNMAPPED: return 0x100000000000L;
    case READ_ONLY: return (long)read_only_page;
    }
    return 0;
}

static const char* garbage_name(enum garbage which)
{
    switch (which) {
    case NULL_POINTER: return "NULL";
    case ONE: return "(void*)1";
    case KERNEL: return "0xffff800000000000";
    case UNMAPPED: return "unmapped";
    case READ_ONLY: return "read-only page";
    }
    return "?";
}

// State the tokens point to.
static struct iovec garbage_iov;
static sigset_t winch_set;
static struct timespec zero_timeout;
static char scratch[4096];
static struct {
    uint32_t version;
    int pid;
} cap_header;
static struct {
    uint32_t effective, permitted, inheritable;
} cap_data_now[2];
static int pidfd = -1;
static pid_t kept_child;
static struct {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
} clone3_args;

// A child that has exited and waits to be reaped.
static pid_t zombie_child(void)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    siginfo_t info;
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    return child;
}

static long resolve(long token, long garbage)
{
    switch (token) {
    case GARBAGE: return garbage;
    case OWN_PID: return getpid();
    case OWN_TID: return syscall(SYS_gettid);
    case CHILD: return zombie_child();
    case KEPT_CHILD:
        if (kept_child == 0) {
            kept_child = zombie_child();
        }
        return kept_child;
    case IOV_GARBAGE:
        garbage_iov.iov_base = (void*)garbage;
        garbage_iov.iov_len = 16;
        return (long)&garbage_iov;
    case SIGSET_WINCH: return (long)&winch_set;
    case ZERO_TIMEOUT: return (long)&zero_timeout;
    case SCRATCH: return (long)scratch;
    case CAP_HEADER:
        cap_header.version = 0x20080522;
        cap_header.pid = 0;
        return (long)&cap_header;
    case CAP_DATA_NOW: return (long)cap_data_now;
    case PIDFD: return pidfd;
    case CLONE3_PIDFD:
        memset(&clone3_args, 0, sizeof(clone3_args));
        clone3_args.flags = CLONE_PIDFD;
        clone3_args.pidfd = (uint64_t)garbage;
        clone3_args.exit_signal = SIGCHLD;
        return (long)&clone3_args;
    default: return token;
    }
}

// A system call; for clone and clone3 a child made anyway exits at once,
// in assembly, before it could run on a stack it shares. Returns -errno.
static long raw_syscall(long number, const long* a)
{
    long result;
    register long r10 __asm__("r10") = a[3];
    register long r8 __asm__("r8") = a[4];
    register long r9 __asm__("r9") = a[5];
    if (number == SYS_clone || number == SYS_clone3) {
        __asm__ volatile("syscall\n\t"
                         "test %%rax, %%rax\n\t"
                         "jnz 1f\n\t"
                         "xor %%edi, %%edi\n\t"
                         "mov $60, %%eax\n\t"
                         "syscall\n\t"
                         "hlt\n"
                         "1:"
                         : "=a"(result)
                         : "a"(number), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    } else {
        __asm__ volatile("syscall"
                         : "=a"(result)
                         : "a"(number), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    }
    return result;
}

// Whatever a call left behind: a queued SIGWINCH, a child not reaped (by
// name: the kept child must stay).
static void tidy_up(const long* args, long result, long number)
{
    struct timespec zero = { 0, 0 };
    while (sigtimedwait(&winch_set, NULL, &zero) > 0) {
    }
    if ((number == SYS_clone || number == SYS_clone3) && result > 0) {
        waitpid((pid_t)result, NULL, __WALL);
    }
    if (number == SYS_wait4 && args[0] > 0) {
        waitpid((pid_t)args[0], NULL, WNOHANG);
    }
}

static void run(const struct call* call, enum garbage which)
{
    long args[6];
    long garbage = garbage_value(which);
    for (int i = 0; i < 6; i++) {
        args[i] = resolve(call->args[i], garbage);
    }
    if (call->prepare == RAISE_SIGWINCH) {
        raise(SIGWINCH);
    }
    long result = raw_syscall(call->number, args);
    printf(call->format, garbage_name(which));
    printf(": %s\n", errno_name(result < 0 && result > -4096 ? (int)-result : 0));
    tidy_up(args, result, call->number);
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    // SIGWINCH is ignored by default, and blocked here so that one queued
    // by a call stays pending until tidy_up takes it.
    sigemptyset(&winch_set);
    sigaddset(&winch_set, SIGWINCH);
    sigprocmask(SIG_BLOCK, &winch_set, NULL);
    // One supplementary group, so that getgroups has something to write.
    gid_t groups[1] = { 0 };
    setgroups(1, groups);
    cap_header.version = 0x20080522;
    syscall(SYS_capget, &cap_header, cap_data_now);
    pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);

    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        const struct call* call = &calls[i];
        if (call->skipped != NULL) {
            printf("%s: skipped, %s\n", call->format, call->skipped);
            continue;
        }
        if (call->kinds == 0) {
            run(call, NULL_POINTER);
            continue;
        }
        for (unsigned which = NULL_POINTER; which <= READ_ONLY; which <<= 1) {
            if (call->kinds & which) {
                run(call, (enum garbage)which);
            }
        }
    }
    if (kept_child > 0) {
        waitpid(kept_child, NULL, 0);
    }
    printf("still running\n");
    return 0;
}
