// Signal handlers in user space: a handler with siginfo runs for raise(),
// a blocked signal waits for sigprocmask, and a bad access becomes SIGSEGV
// with si_addr, handled on an alternate stack; the program then carries on.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count;
static volatile int usr1_code;
static sigjmp_buf recover;
static void* volatile fault_address;
static volatile int fault_on_altstack;
static char altstack[1 << 16];

static void on_usr1(int sig, siginfo_t* info, void* context)
{
    (void)sig;
    (void)context;
    usr1_count++;
    usr1_code = info->si_code;
}

static void on_segv(int sig, siginfo_t* info, void* context)
{
    (void)sig;
    (void)context;
    char here;
    fault_address = info->si_addr;
    fault_on_altstack = &here >= altstack && &here < altstack + sizeof(altstack);
    siglongjmp(recover, 1);
}

int main(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_usr1;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &action, NULL);
    raise(SIGUSR1);
    printf("SIGUSR1 handled %d time(s), si_code %s\n", (int)usr1_count, usr1_code == SI_TKILL ? "SI_TKILL" : "other");

    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR1);
    printf("while blocked: %d handled\n", (int)usr1_count);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblocking: %d handled\n", (int)usr1_count);

    stack_t stack = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    action.sa_sigaction = on_segv;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &action, NULL);
    volatile int* bad = (volatile int*)(uintptr_t)0x1000;
    if (sigsetjmp(recover, 1) == 0) {
        *bad = 1;
        printf("no fault\n");
    }
    printf("SIGSEGV at the bad address: %s, on the alternate stack: %s\n", fault_address == (void*)bad ? "yes" : "no",
        fault_on_altstack ? "yes" : "no");
    return 0;
}
