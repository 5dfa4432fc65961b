/* Conformance program: the rules of rt_sigaction, rt_sigprocmask and
 * rt_sigpending that Sirius's unit tests (tests/unit/signal/
 * signal_syscalls_test.cpp) check, run against a real kernel through raw
 * syscalls. It prints one line per rule: "name result"; the output on Linux
 * is the expected output for Sirius. Static, no libc signal wrappers (they
 * hide the raw ABI). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signal_conformance.h"

int main(void)
{
    struct kernel_sigaction act = { 0 }, old = { 0 };
    uint64_t set, oldset;

    report("sigaction_sigsetsize_4", raw(SYS_rt_sigaction, SIGUSR1, 0, (long)&old, 4));
    report("sigaction_signal_0", raw(SYS_rt_sigaction, 0, 0, (long)&old, 8));
    report("sigaction_signal_65", raw(SYS_rt_sigaction, 65, 0, (long)&old, 8));
    report("sigaction_signal_64_read", raw(SYS_rt_sigaction, 64, 0, (long)&old, 8));
    act.handler = (uint64_t)SIG_IGN;
    report("sigaction_ignore_sigkill", raw(SYS_rt_sigaction, SIGKILL, (long)&act, 0, 8));
    report("sigaction_read_sigkill", raw(SYS_rt_sigaction, SIGKILL, 0, (long)&old, 8));
    report("sigaction_bad_new", raw(SYS_rt_sigaction, SIGUSR1, BAD, 0, 8));
    report("sigaction_bad_new_bad_signal", raw(SYS_rt_sigaction, 0, BAD, 0, 8));
    report("sigaction_bad_old", raw(SYS_rt_sigaction, SIGUSR2, (long)&act, BAD, 8));
    raw(SYS_rt_sigaction, SIGUSR2, 0, (long)&old, 8);
    report("sigaction_bad_old_new_set", old.handler == (uint64_t)SIG_IGN);
    act.handler = (uint64_t)SIG_DFL;
    act.flags = SA_RESTART | 0x400 | (1ULL << 40);
    act.mask = ~0ULL;
    raw(SYS_rt_sigaction, SIGUSR1, (long)&act, 0, 8);
    raw(SYS_rt_sigaction, SIGUSR1, 0, (long)&old, 8);
    report("sigaction_unknown_flags_cleared", old.flags == SA_RESTART);
    report("sigaction_mask_without_kill_stop", (old.mask & (BIT(SIGKILL) | BIT(SIGSTOP))) == 0 && (old.mask & BIT(SIGTERM)) != 0);

    set = ~0ULL;
    report("sigprocmask_setmask_all", raw(SYS_rt_sigprocmask, SIG_SETMASK, (long)&set, 0, 8));
    raw(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&oldset, 8);
    report("sigprocmask_kill_stop_unblocked", (oldset & (BIT(SIGKILL) | BIT(SIGSTOP))) == 0);
    set = BIT(SIGUSR1);
    report("sigprocmask_bad_how", raw(SYS_rt_sigprocmask, 3, (long)&set, 0, 8));
    report("sigprocmask_bad_how_no_set", raw(SYS_rt_sigprocmask, 99, 0, (long)&oldset, 8));
    report("sigprocmask_bad_set_bad_how", raw(SYS_rt_sigprocmask, 99, BAD, 0, 8));
    report("sigprocmask_bad_old", raw(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&set, BAD, 8));
    raw(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&oldset, 8);
    report("sigprocmask_bad_old_change_made", (oldset & BIT(SIGUSR1)) == 0);
    report("sigprocmask_sigsetsize_4", raw(SYS_rt_sigprocmask, SIG_BLOCK, (long)&set, 0, 4));

    set = BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGCHLD);
    raw(SYS_rt_sigprocmask, SIG_SETMASK, (long)&set, 0, 8);
    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1); /* thread-directed */
    kill(getpid(), SIGUSR2);                         /* process-directed */
    kill(getpid(), SIGCHLD);
    oldset = 0;
    report("sigpending", raw(SYS_rt_sigpending, (long)&oldset, 8, 0, 0));
    report("sigpending_thread_and_process", oldset == (BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGCHLD)));
    report("sigpending_size_9", raw(SYS_rt_sigpending, (long)&oldset, 9, 0, 0));
    oldset = ~0ULL;
    report("sigpending_size_4", raw(SYS_rt_sigpending, (long)&oldset, 4, 0, 0));
    report("sigpending_size_4_bytes", oldset == (0xFFFFFFFF00000000ULL | BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGCHLD)));
    report("sigpending_bad_pointer", raw(SYS_rt_sigpending, BAD, 8, 0, 0));
    act.handler = (uint64_t)SIG_IGN;
    act.flags = 0;
    act.mask = 0;
    raw(SYS_rt_sigaction, SIGUSR1, (long)&act, 0, 8);
    act.handler = (uint64_t)SIG_DFL;
    raw(SYS_rt_sigaction, SIGCHLD, (long)&act, 0, 8);
    raw(SYS_rt_sigaction, SIGUSR2, (long)&act, 0, 8);
    raw(SYS_rt_sigpending, (long)&oldset, 8, 0, 0);
    report("sigaction_ignore_discards_pending", (oldset & BIT(SIGUSR1)) == 0);
    report("sigaction_default_ignored_discards_pending", (oldset & BIT(SIGCHLD)) == 0);
    report("sigaction_default_terminate_keeps_pending", (oldset & BIT(SIGUSR2)) != 0);
    /* Leave SIGUSR2 blocked and pending: exiting discards it. */
    return 0;
}
