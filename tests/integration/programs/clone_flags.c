// clone(2) and clone3(2) flags, checked one rule at a time against Linux's
// kernel/fork.c: CLONE_VM shares memory (without it the child's writes stay
// in its copy); CLONE_FILES shares the descriptor table (a close or dup in
// the child is seen by the parent); CLONE_FS shares the umask;
// CLONE_PARENT_SETTID stores the child's tid in the parent's memory,
// CLONE_CHILD_SETTID in the child's, CLONE_CHILD_CLEARTID clears it when the
// child exits; the invalid combinations of copy_process are EINVAL; the exit
// signal is the low byte, and a child whose exit signal is not SIGCHLD is
// waited for only with __WCLONE or __WALL (wait(2)); clone3 rejects a bad
// size (EINVAL, E2BIG), flags carrying a signal, a bad exit_signal and every
// misuse of set_tid (EINVAL, EEXIST, EPERM without CAP_SYS_ADMIN or
// CAP_CHECKPOINT_RESTORE). Exit status: 0 when every check holds, 1
// otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

// Prints "what: EXPECTED-as-seen" and counts a mismatch.
static void expect_errno(const char* what, long result, int expected)
{
    int error = result < 0 ? (int)-result : 0;
    printf("%s: %s\n", what, errno_name(error));
    failures += error != expected;
}

// The raw clone or clone3 system call. A child made by mistake (the kernel
// accepted what it should refuse) or on purpose exits at once with
// child_status, in assembly, so it never runs on a stack it shares with the
// parent. Returns the child's pid or -errno.
static long raw_clone_call(long number, long a0, long a1, long a2, long a3, long a4, long child_status)
{
    long result;
    register long r10 __asm__("r10") = a3;
    register long r8 __asm__("r8") = a4;
    register long r9 __asm__("r9") = child_status;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "mov %%r9, %%rdi\n\t"
                     "mov $60, %%eax\n\t"
                     "syscall\n\t"
                     "hlt\n"
                     "1:"
                     : "=a"(result)
                     : "a"(number), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}

static long raw_clone(unsigned long flags, long child_status)
{
    return raw_clone_call(SYS_clone, (long)flags, 0, 0, 0, 0, child_status);
}

// struct clone_args of <linux/sched.h> (CLONE_ARGS_SIZE_VER2 = 88 bytes).
struct clone_args_v2 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
_Static_assert(sizeof(struct clone_args_v2) == 88, "clone_args VER2 is 88 bytes");

static long raw_clone3(void* args, size_t size)
{
    return raw_clone_call(SYS_clone3, (long)args, (long)size, 0, 0, 0, 0);
}

static char child_stack[64 * 1024] __attribute__((aligned(16)));
static void* stack_top(void) { return child_stack + sizeof(child_stack); }

static volatile int vm_value;
static int child_writes(void* argument)
{
    vm_value = (int)(long)argument;
    return 0;
}

static volatile pid_t seen_child_tid;
static volatile pid_t seen_own_tid;
static pid_t parent_tid_slot = -1;
static pid_t child_tid_slot = -1;
static int child_reads_tids(void* argument)
{
    (void)argument;
    seen_child_tid = child_tid_slot;
    seen_own_tid = (pid_t)syscall(SYS_gettid);
    return 0;
}

static int exit_status_of(pid_t child, int options)
{
    int status = 0;
    if (waitpid(child, &status, options) != child || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

static void memory_sharing(void)
{
    vm_value = 1;
    pid_t child = clone(child_writes, stack_top(), CLONE_VM | SIGCHLD, (void*)2L);
    check("CLONE_VM: child created", child > 0);
    check("CLONE_VM: child exited 0", exit_status_of(child, 0) == 0);
    check("CLONE_VM: parent sees the child's write", vm_value == 2);

    child = clone(child_writes, stack_top(), SIGCHLD, (void*)3L);
    exit_status_of(child, 0);
    check("without CLONE_VM: the child's write stays in its copy", vm_value == 2);
}

static void file_sharing(void)
{
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        printf("pipe failed\n");
        failures++;
        return;
    }
    fflush(stdout);
    long child = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
    if (child == 0) {
        int copy = dup(pipe_fds[1]);
        close(pipe_fds[0]);
        _exit(copy < 0 ? 255 : copy);
    }
    int copy = exit_status_of((pid_t)child, 0);
    errno = 0;
    check("CLONE_FILES: a close in the child closes the parent's fd",
        fcntl(pipe_fds[0], F_GETFD) == -1 && errno == EBADF);
    check("CLONE_FILES: a dup in the child is open in the parent", copy > 2 && copy != 255 && fcntl(copy, F_GETFD) >= 0);
    close(copy);

    fflush(stdout);
    child = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (child == 0) {
        close(pipe_fds[1]);
        _exit(0);
    }
    exit_status_of((pid_t)child, 0);
    check("without CLONE_FILES: a close in the child leaves the parent's fd open", fcntl(pipe_fds[1], F_GETFD) >= 0);
    close(pipe_fds[1]);
}

static void fs_sharing(void)
{
    mode_t old_mask = umask(022);
    fflush(stdout);
    long child = syscall(SYS_clone, CLONE_FS | SIGCHLD, 0, 0, 0, 0);
    if (child == 0) {
        umask(077);
        _exit(0);
    }
    exit_status_of((pid_t)child, 0);
    check("CLONE_FS: the child's umask is the parent's", umask(022) == 077);
    fflush(stdout);
    child = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (child == 0) {
        umask(077);
        _exit(0);
    }
    exit_status_of((pid_t)child, 0);
    check("without CLONE_FS: the child's umask stays its own", umask(old_mask) == 022);
}

static void tid_slots(void)
{
    pid_t child = clone(child_reads_tids, stack_top(),
        CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, NULL, &parent_tid_slot, NULL,
        &child_tid_slot);
    exit_status_of(child, 0);
    check("CLONE_PARENT_SETTID: parent_tid holds the child's pid", parent_tid_slot == child);
    check("CLONE_CHILD_SETTID: the child found its tid in child_tid", seen_child_tid == seen_own_tid && seen_own_tid == child);
    check("CLONE_CHILD_CLEARTID: child_tid is 0 after the child exited", child_tid_slot == 0);

    // Without CLONE_VM, CLONE_CHILD_SETTID writes the child's copy only.
    child_tid_slot = -1;
    fflush(stdout);
    long forked = syscall(SYS_clone, CLONE_CHILD_SETTID | SIGCHLD, 0, 0, &child_tid_slot, 0);
    if (forked == 0) {
        _exit(child_tid_slot == (pid_t)syscall(SYS_gettid) ? 0 : 1);
    }
    check("CLONE_CHILD_SETTID without CLONE_VM: set in the child's memory", exit_status_of((pid_t)forked, 0) == 0);
    check("CLONE_CHILD_SETTID without CLONE_VM: parent's copy unchanged", child_tid_slot == -1);
}

static void invalid_combinations(void)
{
    // copy_process, in its order; each would make a child if accepted.
    expect_errno("clone(CLONE_NEWNS|CLONE_FS)", raw_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD, 0), EINVAL);
    expect_errno("clone(CLONE_NEWUSER|CLONE_FS)", raw_clone(CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0), EINVAL);
    expect_errno("clone(CLONE_THREAD|CLONE_VM) without CLONE_SIGHAND", raw_clone(CLONE_THREAD | CLONE_VM, 0), EINVAL);
    expect_errno("clone(CLONE_SIGHAND) without CLONE_VM", raw_clone(CLONE_SIGHAND | SIGCHLD, 0), EINVAL);
    expect_errno("clone(CLONE_NEWPID|CLONE_THREAD|CLONE_SIGHAND|CLONE_VM)",
        raw_clone(CLONE_NEWPID | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0), EINVAL);
    expect_errno("clone(CLONE_NEWUSER|CLONE_THREAD|CLONE_SIGHAND|CLONE_VM)",
        raw_clone(CLONE_NEWUSER | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0), EINVAL);
    // The legacy clone has one pointer for both: they can never differ.
    expect_errno("clone(CLONE_PIDFD|CLONE_PARENT_SETTID)", raw_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0), EINVAL);
    expect_errno("clone(CLONE_PIDFD|CLONE_DETACHED)", raw_clone(CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0), EINVAL);
}

static void exit_signals(void)
{
    sigset_t usr1, pending;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);

    int status = 0;
    long child = raw_clone(0, 7);
    check("exit signal 0: child created", child > 0);
    errno = 0;
    pid_t waited = waitpid((pid_t)child, &status, 0);
    printf("exit signal 0: waitpid without __WCLONE: %s\n", errno_name(waited < 0 ? errno : 0));
    failures += !(waited < 0 && errno == ECHILD);
    check("exit signal 0: waitpid with __WCLONE reaps it with status 7", exit_status_of((pid_t)child, __WCLONE) == 7);
    child = raw_clone(0, 8);
    check("exit signal 0: waitpid with __WALL reaps it with status 8", exit_status_of((pid_t)child, __WALL) == 8);

    child = raw_clone(SIGUSR1, 9);
    check("exit signal SIGUSR1: waitpid with __WCLONE reaps it with status 9", exit_status_of((pid_t)child, __WCLONE) == 9);
    sigpending(&pending);
    check("exit signal SIGUSR1: the parent got SIGUSR1", sigismember(&pending, SIGUSR1));
    struct timespec zero = { 0, 0 };
    sigtimedwait(&usr1, NULL, &zero);

    // The converse: a SIGCHLD child is not a __WCLONE child.
    child = raw_clone(SIGCHLD, 10);
    siginfo_t info;
    waitid(P_PID, (pid_t)child, &info, WEXITED | WNOWAIT);
    errno = 0;
    waited = waitpid((pid_t)child, &status, __WCLONE);
    printf("exit signal SIGCHLD: waitpid with __WCLONE: %s\n", errno_name(waited < 0 ? errno : 0));
    failures += !(waited < 0 && errno == ECHILD);
    check("exit signal SIGCHLD: plain waitpid reaps it with status 10", exit_status_of((pid_t)child, 0) == 10);
}

// <linux/capability.h>, which musl does not ship.
enum { CAP_SYS_ADMIN = 21, CAP_CHECKPOINT_RESTORE = 40, LINUX_CAPABILITY_VERSION_3 = 0x20080522 };
struct cap_header {
    uint32_t version;
    int pid;
};
struct cap_data {
    uint32_t effective, permitted, inheritable;
};

static int drop_capability(int capability)
{
    struct cap_header header = { LINUX_CAPABILITY_VERSION_3, 0 };
    struct cap_data data[2];
    if (syscall(SYS_capget, &header, data) != 0) {
        return -1;
    }
    data[capability / 32].effective &= ~(1u << (capability % 32));
    data[capability / 32].permitted &= ~(1u << (capability % 32));
    return (int)syscall(SYS_capset, &header, data);
}

static void clone3_rules(void)
{
    struct clone_args_v2 args;
    memset(&args, 0, sizeof(args));
    args.exit_signal = SIGCHLD;
    expect_errno("clone3(size 0)", raw_clone3(&args, 0), EINVAL);
    expect_errno("clone3(size 63, below CLONE_ARGS_SIZE_VER0)", raw_clone3(&args, 63), EINVAL);
    static unsigned char big[8192];
    memcpy(big, &args, sizeof(args));
    expect_errno("clone3(size 4097, above a page)", raw_clone3(big, 4097), E2BIG);
    big[200] = 1;
    expect_errno("clone3(size 4096, a nonzero byte past the struct)", raw_clone3(big, 4096), E2BIG);

    args.flags = SIGCHLD;
    expect_errno("clone3(flags with a signal in CSIGNAL)", raw_clone3(&args, sizeof(args)), EINVAL);
    args.flags = 0;
    args.exit_signal = 65;
    expect_errno("clone3(exit_signal 65)", raw_clone3(&args, sizeof(args)), EINVAL);
    args.exit_signal = SIGCHLD;
    args.flags = CLONE_SIGHAND | CLONE_VM | CLONE_THREAD;
    expect_errno("clone3(CLONE_THREAD with an exit_signal)", raw_clone3(&args, sizeof(args)), EINVAL);
    args.flags = 0;

    pid_t tids[40];
    for (int i = 0; i < 40; i++) {
        tids[i] = getpid();
    }
    args.set_tid = (uintptr_t)tids;
    args.set_tid_size = 33;
    expect_errno("clone3(set_tid_size 33, above MAX_PID_NS_LEVEL)", raw_clone3(&args, sizeof(args)), EINVAL);
    args.set_tid = 0;
    args.set_tid_size = 1;
    expect_errno("clone3(set_tid NULL, set_tid_size 1)", raw_clone3(&args, sizeof(args)), EINVAL);
    args.set_tid = (uintptr_t)tids;
    args.set_tid_size = 0;
    expect_errno("clone3(set_tid given, set_tid_size 0)", raw_clone3(&args, sizeof(args)), EINVAL);
    pid_t negative = -5;
    args.set_tid = (uintptr_t)&negative;
    args.set_tid_size = 1;
    expect_errno("clone3(set_tid {-5})", raw_clone3(&args, sizeof(args)), EINVAL);
    args.set_tid = (uintptr_t)tids;
    expect_errno("clone3(set_tid {our own pid}, in use)", raw_clone3(&args, sizeof(args)), EEXIST);

    // Without CAP_SYS_ADMIN and CAP_CHECKPOINT_RESTORE, set_tid is EPERM
    // before the kernel looks whether the pid is free (alloc_pid).
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        if (drop_capability(CAP_SYS_ADMIN) != 0 || drop_capability(CAP_CHECKPOINT_RESTORE) != 0) {
            _exit(255);
        }
        long result = raw_clone3(&args, sizeof(args));
        _exit(result < 0 ? (int)-result : 254);
    }
    int error = exit_status_of(child, 0);
    printf("clone3(set_tid) without CAP_SYS_ADMIN and CAP_CHECKPOINT_RESTORE: %s\n",
        error == 255 ? "capset failed" : errno_name(error));
    failures += error != EPERM;
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    memory_sharing();
    file_sharing();
    fs_sharing();
    tid_slots();
    invalid_combinations();
    exit_signals();
    clone3_rules();
    return failures == 0 ? 0 : 1;
}
