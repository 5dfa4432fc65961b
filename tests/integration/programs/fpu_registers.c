// The SSE and x87 state of user space survives what the kernel does
// between two of its instructions: a syscall, a switch to another process
// that uses the registers, a signal handler that uses them, and fork, whose
// child starts with the parent's registers. (Sirius leaves a syscall's FPU
// registers live in the CPU instead of saving them: arch/x86_64/fpu.h.)
// Every check loads xmm0-xmm15 with a pattern, runs a raw syscall
// instruction and stores them back.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

typedef unsigned char Registers[16][16];

static void pattern(Registers registers, unsigned seed)
{
    for (int i = 0; i < 16; ++i) {
        for (int j = 0; j < 16; ++j) {
            registers[i][j] = (unsigned char)(seed * 31u + (unsigned)i * 16u + (unsigned)j);
        }
    }
}

// xmm0-15 := in; syscall(number, a1, a2); out := xmm0-15. Returns rax.
static long around_syscall(const Registers in, Registers out, long number, long a1, long a2)
{
    long result;
    __asm__ volatile(
        "movdqu 0(%[in]), %%xmm0\n"
        "movdqu 16(%[in]), %%xmm1\n"
        "movdqu 32(%[in]), %%xmm2\n"
        "movdqu 48(%[in]), %%xmm3\n"
        "movdqu 64(%[in]), %%xmm4\n"
        "movdqu 80(%[in]), %%xmm5\n"
        "movdqu 96(%[in]), %%xmm6\n"
        "movdqu 112(%[in]), %%xmm7\n"
        "movdqu 128(%[in]), %%xmm8\n"
        "movdqu 144(%[in]), %%xmm9\n"
        "movdqu 160(%[in]), %%xmm10\n"
        "movdqu 176(%[in]), %%xmm11\n"
        "movdqu 192(%[in]), %%xmm12\n"
        "movdqu 208(%[in]), %%xmm13\n"
        "movdqu 224(%[in]), %%xmm14\n"
        "movdqu 240(%[in]), %%xmm15\n"
        "syscall\n"
        "movdqu %%xmm0, 0(%[out])\n"
        "movdqu %%xmm1, 16(%[out])\n"
        "movdqu %%xmm2, 32(%[out])\n"
        "movdqu %%xmm3, 48(%[out])\n"
        "movdqu %%xmm4, 64(%[out])\n"
        "movdqu %%xmm5, 80(%[out])\n"
        "movdqu %%xmm6, 96(%[out])\n"
        "movdqu %%xmm7, 112(%[out])\n"
        "movdqu %%xmm8, 128(%[out])\n"
        "movdqu %%xmm9, 144(%[out])\n"
        "movdqu %%xmm10, 160(%[out])\n"
        "movdqu %%xmm11, 176(%[out])\n"
        "movdqu %%xmm12, 192(%[out])\n"
        "movdqu %%xmm13, 208(%[out])\n"
        "movdqu %%xmm14, 224(%[out])\n"
        "movdqu %%xmm15, 240(%[out])\n"
        : "=a"(result)
        : "a"(number), "D"(a1), "S"(a2), [in] "r"(in), [out] "r"(out)
        : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    return result;
}

// `rounds` syscalls with the registers loaded; 1 if they always came back.
static int survives(unsigned seed, int rounds, long number, long a1, long a2)
{
    Registers in;
    Registers out;
    pattern(in, seed);
    for (int round = 0; round < rounds; ++round) {
        memset(out, 0, sizeof out);
        around_syscall(in, out, number, a1, a2);
        if (memcmp(in, out, sizeof in) != 0) {
            return 0;
        }
    }
    return 1;
}

static volatile int g_handled;

static void clobbering_handler(int signal)
{
    (void)signal;
    Registers other;
    Registers out;
    pattern(other, 99);
    around_syscall(other, out, SYS_getppid, 0, 0);
    g_handled += memcmp(other, out, sizeof other) == 0;
}

static unsigned mxcsr_around_yield(unsigned value)
{
    unsigned before = value;
    unsigned after = 0;
    unsigned standard = 0x1f80;
    long result;
    __asm__ volatile("ldmxcsr %[before]\n"
                     "syscall\n"
                     "stmxcsr %[after]\n"
                     "ldmxcsr %[standard]\n"
                     : "=a"(result), [after] "=m"(after)
                     : "a"((long)SYS_sched_yield), [before] "m"(before), [standard] "m"(standard)
                     : "rcx", "r11", "memory");
    return after;
}

int main(void)
{
    check("xmm0-15 survive a null syscall", survives(1, 1000, SYS_getppid, 0, 0));

    // A partner process that loads its own pattern around each yield.
    pid_t partner = fork();
    if (partner == 0) {
        _exit(survives(2, 2000, SYS_sched_yield, 0, 0) ? 0 : 1);
    }
    int ours = survives(3, 2000, SYS_sched_yield, 0, 0);
    int status = 0;
    waitpid(partner, &status, 0);
    check("xmm0-15 survive sched_yield to a process using them", ours);
    check("and the other process's survive too", WIFEXITED(status) && WEXITSTATUS(status) == 0);

    // The signal is delivered on the way out of kill: the handler uses the
    // registers, and sigreturn gives back the interrupted ones.
    struct sigaction action = { 0 };
    action.sa_handler = clobbering_handler;
    sigaction(SIGUSR1, &action, NULL);
    check("xmm0-15 survive a handler that uses them", survives(4, 100, SYS_kill, getpid(), SIGUSR1));
    check("the handler ran each time with its own registers", g_handled == 100);

    // fork from inside the loaded registers: the child's come from the
    // parent's registers as they were at the syscall.
    Registers in;
    Registers out;
    pattern(in, 5);
    long child = around_syscall(in, out, SYS_fork, 0, 0);
    if (child == 0) {
        _exit(memcmp(in, out, sizeof in) == 0 ? 0 : 1);
    }
    waitpid((pid_t)child, &status, 0);
    check("a forked child starts with the parent's xmm0-15", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    check("and the parent keeps them", memcmp(in, out, sizeof in) == 0);

    // MXCSR (round toward zero, flush to zero) across a switch.
    partner = fork();
    if (partner == 0) {
        for (int i = 0; i < 200; ++i) {
            sched_yield();
        }
        _exit(0);
    }
    int same = 1;
    for (int i = 0; i < 200; ++i) {
        same &= mxcsr_around_yield(0xff80) == 0xff80;
    }
    waitpid(partner, NULL, 0);
    check("MXCSR survives sched_yield to another process", same);
    return failures != 0;
}
