/* The raw-syscall helpers the process conformance programs share. Unlike
 * the signal programs' helpers these issue the syscall instruction
 * themselves (no libc wrapper, no errno), so that threads started with a
 * bare clone(CLONE_VM | CLONE_THREAD | ...) and sharing the leader's TLS can
 * call them safely. The functions are static inline so that a program that
 * does not use one does not warn (-Wall -Werror). Each program is a single
 * translation unit and includes this once, after defining _GNU_SOURCE.
 * x86-64 only, like the programs. */
#ifndef PROCESS_CONFORMANCE_H
#define PROCESS_CONFORMANCE_H

#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* A pointer that is never mapped: the EFAULT cases. */
#define BAD ((long)0xdead0000)
/* The bit of signal `s` in a 64-bit kernel signal set. */
#define BIT(s) (1ULL << ((s) - 1))
/* Above PID_MAX_LIMIT: never a process or a group. */
#define NOPID 0x3fffffff

/* futex(2) operations (musl-gcc has no kernel headers). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* The struct rt_sigaction(2) reads and writes (not libc's). */
struct kernel_sigaction {
    uint64_t handler, flags, restorer, mask;
};

/* The restorer a handler installed with SA_RESTORER returns into. */
void process_conformance_restore_rt(void);
__asm__(".text\n"
        ".globl process_conformance_restore_rt\n"
        ".type process_conformance_restore_rt,@function\n"
        "process_conformance_restore_rt:\n"
        "\tmovl $15, %eax\n"
        "\tsyscall\n"
        "\thlt\n");

/* A syscall that returns the result or -errno. raw(number, ...) takes up to
 * five arguments; the ones left out are 0. */
static inline long sys6(long number, long a, long b, long c, long d, long e)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    long result;
    __asm__ volatile("syscall"
        : "=a"(result)
        : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
        : "rcx", "r11", "memory");
    return result;
}
#define RAW(n, a, b, c, d, e, ...) sys6(n, a, b, c, d, e)
#define raw(...) RAW(__VA_ARGS__, 0, 0, 0, 0, 0)

/* One line per rule: "name result". */
static inline void report(const char* rule, long value) { printf("%s %ld\n", rule, value); }

static inline void set_mask(uint64_t mask) { raw(SYS_rt_sigprocmask, SIG_SETMASK, (long)&mask, 0, 8); }

/* The blocked signals pending for the caller (thread or process). */
static inline uint64_t pending(void)
{
    uint64_t set = 0;
    raw(SYS_rt_sigpending, (long)&set, 8);
    return set;
}

static inline void set_action(int sig, uint64_t handler, uint64_t flags)
{
    struct kernel_sigaction act = { handler, flags, 0, 0 };
    if (handler != (uint64_t)SIG_DFL && handler != (uint64_t)SIG_IGN) {
        act.flags |= SA_RESTORER;
        act.restorer = (uint64_t)process_conformance_restore_rt;
    }
    raw(SYS_rt_sigaction, sig, (long)&act, 0, 8);
}

/* Takes a pending `sig` without waiting: the signal or -EAGAIN. */
static inline long take(int sig, siginfo_t* info)
{
    uint64_t set = BIT(sig);
    struct timespec zero = { 0, 0 };
    memset(info, 0, sizeof(*info));
    return raw(SYS_rt_sigtimedwait, (long)&set, (long)info, (long)&zero, 8);
}

/* Waits for `sig` (blocked) with no timeout. */
static inline long wait_for(int sig, siginfo_t* info)
{
    uint64_t set = BIT(sig);
    memset(info, 0, sizeof(*info));
    return raw(SYS_rt_sigtimedwait, (long)&set, (long)info, 0, 8);
}

/* Discards every pending SIGCHLD (a standard signal: at most one). */
static inline void drain_sigchld(void)
{
    siginfo_t info;
    while (take(SIGCHLD, &info) > 0) { }
}

/* wait4 with the status pre-set to -1 (so "not written" shows). */
static inline long wait_pid(long pid, int* status, int options)
{
    *status = -1;
    return raw(SYS_wait4, pid, (long)status, options, 0);
}

/* waitid with the siginfo pre-filled with 0x55 bytes. */
static inline long wait_id(int idtype, long id, siginfo_t* info, int options)
{
    memset(info, 0x55, sizeof(*info));
    return raw(SYS_waitid, idtype, id, (long)info, options, 0);
}

/* Whether the bytes of `info` after si_status (offset 28 on) still hold the
 * 0x55 fill: waitid writes only si_signo, si_errno, si_code, si_pid, si_uid
 * and si_status. */
static inline int rest_untouched(const siginfo_t* info)
{
    const unsigned char* bytes = (const unsigned char*)info;
    for (size_t i = 28; i < sizeof(*info); i++)
        if (bytes[i] != 0x55)
            return 0;
    return 1;
}

/* fork as clone(2) with only an exit signal in the flags; 0 in the child.
 * The child must use raw syscalls only (libc does not know about it). */
static inline long clone_process(int exit_signal) { return raw(SYS_clone, exit_signal, 0, 0, 0, 0); }

static inline void futex_wait(volatile int* word, int value)
{
    raw(SYS_futex, (long)word, FUTEX_WAIT, value, 0);
}

static inline void futex_wake(volatile int* word) { raw(SYS_futex, (long)word, FUTEX_WAKE, INT_MAX); }

/* Waits until *word is 0 (a CLONE_CHILD_CLEARTID or set_tid_address word
 * that the kernel clears and wakes on the thread's exit). */
static inline void wait_cleared(volatile int* word)
{
    int value;
    while ((value = *word) != 0)
        futex_wait(word, value);
}

/* Starts fn(arg) in a new thread: clone(flags, stack_top, 0, ctid, 0). The
 * thread calls exit(0) (the thread, not the group) when fn returns. It must
 * use raw syscalls only (it shares the leader's TLS). */
long process_conformance_thread(long flags, void* stack_top, volatile int* ctid, void (*fn)(void*), void* arg);
__asm__(".text\n"
        ".globl process_conformance_thread\n"
        ".type process_conformance_thread,@function\n"
        "process_conformance_thread:\n"
        "\tandq $-16, %rsi\n"
        "\tsubq $16, %rsi\n"
        "\tmovq %r8, 0(%rsi)\n" /* arg */
        "\tmovq %rcx, 8(%rsi)\n" /* fn */
        "\tmovq %rdx, %r10\n" /* child_tid */
        "\txorl %edx, %edx\n" /* parent_tid */
        "\txorl %r8d, %r8d\n" /* tls */
        "\tmovl $56, %eax\n" /* SYS_clone */
        "\tsyscall\n"
        "\ttestq %rax, %rax\n"
        "\tjnz 1f\n"
        "\txorl %ebp, %ebp\n"
        "\tpopq %rdi\n"
        "\tpopq %rax\n"
        "\tcallq *%rax\n"
        "\tmovl $60, %eax\n" /* SYS_exit */
        "\txorl %edi, %edi\n"
        "\tsyscall\n"
        "\thlt\n"
        "1:\tret\n");

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

struct thread_stack {
    _Alignas(16) char bytes[16384];
};

/* Starts fn(arg) as a thread; *ctid is set to 1 and cleared (with a futex
 * wake) when the thread exits. Returns the tid or -errno. */
static inline long start_thread(struct thread_stack* stack, volatile int* ctid, void (*fn)(void*), void* arg)
{
    *ctid = 1;
    return process_conformance_thread(THREAD_FLAGS | CLONE_CHILD_CLEARTID, stack->bytes + sizeof(stack->bytes),
        ctid, fn, arg);
}

/* Waits until thread `tid` of this process is gone entirely (its exit,
 * reparenting of its children included, is complete): tgkill finds it no
 * more. The clear-tid wake comes earlier in the exit, so it is waited first. */
static inline void wait_thread_gone(volatile int* ctid, long tid)
{
    wait_cleared(ctid);
    while (raw(SYS_tgkill, raw(SYS_getpid), tid, 0) == 0)
        raw(SYS_sched_yield);
}

/* A child that blocks on go[0] until go[1] is written to or closed, then
 * exits with `code`. The parent keeps go[1]. */
static inline long waiting_child(int go[2], int code)
{
    pipe(go);
    pid_t child = fork();
    if (child == 0) {
        char byte;
        alarm(5);
        close(go[1]);
        read(go[0], &byte, 1);
        _exit(code);
    }
    close(go[0]);
    return child;
}

static inline void release(int go[2])
{
    write(go[1], "g", 1);
    close(go[1]);
}

#endif
