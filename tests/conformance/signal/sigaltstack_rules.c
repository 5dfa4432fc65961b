/* Conformance program: sigaltstack(2) rules through the raw syscall, and its
 * inheritance by fork, vfork and a CLONE_VM thread. One line per rule. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signal_conformance.h"

static char alt[16384];
static char thread_stack[65536];
static volatile long in_handler_set = 1, in_handler_flags = -1;

static long altstack(const stack_t* ss, stack_t* old) { return raw(SYS_sigaltstack, (long)ss, (long)old); }

static void on_usr1(int sig)
{
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0 }, old;
    (void)sig;
    in_handler_set = altstack(&ss, 0);
    altstack(0, &old);
    in_handler_flags = old.ss_flags;
}

static int clone_vm_child(void* result)
{
    stack_t old;
    altstack(0, &old);
    *(long*)result = old.ss_flags;
    return 0;
}

int main(void)
{
    stack_t ss, old;
    memset(&old, 0xff, sizeof(old));
    report("initial", altstack(0, &old));
    report("initial_flags", old.ss_flags);
    report("initial_size", (long)old.ss_size);

    ss = (stack_t){ .ss_sp = alt, .ss_size = 2047, .ss_flags = 0 };
    report("size_below_minsigstksz", altstack(&ss, 0));
    ss.ss_size = 2048;
    report("size_minsigstksz", altstack(&ss, 0));
    ss.ss_flags = 4;
    report("bad_mode", altstack(&ss, 0));
    ss = (stack_t){ .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = SS_ONSTACK };
    report("mode_onstack_enables", altstack(&ss, 0));
    altstack(0, &old);
    report("query_flags", old.ss_flags);
    report("query_size", (long)old.ss_size);
    report("query_sp", old.ss_sp == alt);

    report("bad_new_pointer", altstack((const stack_t*)BAD, 0));
    ss = (stack_t){ .ss_sp = 0, .ss_size = 0, .ss_flags = SS_DISABLE };
    report("bad_old_pointer", altstack(&ss, (stack_t*)BAD));
    altstack(0, &old);
    report("bad_old_pointer_change_made", old.ss_flags);
    report("disabled_size", (long)old.ss_size);
    report("disabled_sp_null", old.ss_sp == 0);
    ss = (stack_t){ .ss_sp = alt, .ss_size = 100, .ss_flags = SS_DISABLE };
    report("disable_ignores_size", altstack(&ss, 0));

    ss = (stack_t){ .ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = SS_AUTODISARM };
    report("autodisarm", altstack(&ss, 0));
    altstack(0, &old);
    report("autodisarm_flags", (unsigned long)(unsigned)old.ss_flags);

    ss.ss_flags = 0;
    altstack(&ss, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    report("change_while_on_stack", in_handler_set);
    report("flags_while_on_stack", in_handler_flags);

    pid_t child = fork();
    if (child == 0) {
        altstack(0, &old);
        _exit(old.ss_flags == 0 && old.ss_size == sizeof(alt) ? 0 : 1);
    }
    int status;
    waitpid(child, &status, 0);
    report("fork_inherits", WEXITSTATUS(status) == 0);

    volatile long vfork_flags = -1;
    if (vfork() == 0) {
        altstack(0, &old);
        vfork_flags = old.ss_flags;
        _exit(0);
    }
    report("vfork_inherits_flags", vfork_flags);

    long thread_flags = -1;
    child = clone(clone_vm_child, thread_stack + sizeof(thread_stack), CLONE_VM | SIGCHLD, &thread_flags);
    waitpid(child, &status, 0);
    report("clone_vm_clears_flags", thread_flags);
    return 0;
}
