/* The raw-syscall helpers the signal conformance programs share: signal
 * sets as bit masks, the kernel's struct sigaction, a restorer that calls
 * rt_sigreturn, a raw syscall that returns -errno, and the mask, pending
 * and sigtimedwait helpers built on it. The functions are static inline so
 * that a program that does not use one does not warn (-Wall -Werror).
 * Each program is a single translation unit and includes this once, after
 * defining _GNU_SOURCE (for syscall(2)). x86-64 only, like the programs. */
#ifndef SIGNAL_CONFORMANCE_H
#define SIGNAL_CONFORMANCE_H

#include <errno.h>
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
/* Real-time signals by kernel number, clear of the ones musl reserves
 * (32-34). */
#define RT_A 40
#define RT_B 41

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* The struct rt_sigaction(2) reads and writes (not libc's). */
struct kernel_sigaction {
    uint64_t handler, flags, restorer, mask;
};

/* The restorer a handler installed with SA_RESTORER returns into:
 * rt_sigreturn. */
void conformance_restore_rt(void);
__asm__(".text\n"
        ".globl conformance_restore_rt\n"
        ".type conformance_restore_rt,@function\n"
        "conformance_restore_rt:\n"
        "\tmovl $15, %eax\n"
        "\tsyscall\n"
        "\thlt\n");

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

static inline void set_mask(uint64_t mask) { raw(SYS_rt_sigprocmask, SIG_SETMASK, (long)&mask, 0, 8); }

static inline uint64_t current_mask(void)
{
    uint64_t mask = 0;
    raw(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&mask, 8);
    return mask;
}

static inline uint64_t pending(void)
{
    uint64_t set = 0;
    raw(SYS_rt_sigpending, (long)&set, 8);
    return set;
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

#endif
