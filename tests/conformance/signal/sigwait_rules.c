/* Conformance program: rt_sigtimedwait(2) and rt_sigsuspend(2) rules
 * (sigtimedwait(2), sigsuspend(2), signal(7)) through raw syscalls:
 *  - argument checks: sigsetsize, timeout range (checked even when a signal
 *    is pending), bad set / timeout / info pointers (a bad info pointer
 *    still consumes the signal);
 *  - nothing pending: a zero timeout gives EAGAIN at once, a short one after
 *    it expires; SIGKILL and SIGSTOP in the set are ignored;
 *  - which signal comes first: standard signals are queued once, real-time
 *    signals once per send in send order with their values; the lowest
 *    number first, except that the "synchronous" signals (SIGSEGV, SIGBUS,
 *    SIGILL, SIGTRAP, SIGFPE, SIGSYS) come before all others even when sent
 *    by kill(2), and signals directed at the thread come before those
 *    directed at the process;
 *  - a signal sent by another process while waiting;
 *  - rt_sigsuspend: EINTR after a handler ran; the handler runs with the
 *    temporary mask (plus its sa_mask and the signal itself, without SIGKILL
 *    and SIGSTOP); the original mask is back after the return; a signal
 *    pending and blocked is delivered once the temporary mask unblocks it,
 *    one the temporary mask still blocks stays pending.
 * Real-time signals are named by kernel numbers (40, 41), clear of the
 * ones musl reserves (32-34). One line per rule.
 * Left out: that sigtimedwait takes a signal in its set that was not
 * blocked before the call if it arrives during the wait (Linux blocks the
 * set for the duration); it needs the signal to arrive after the call
 * started, which only timing can arrange. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signal_conformance.h"

static struct timespec zero = { 0, 0 };

static long timedwait(uint64_t set, siginfo_t* info, const struct timespec* timeout)
{
    if (info)
        memset(info, 0, sizeof(*info));
    return raw(SYS_rt_sigtimedwait, (long)&set, (long)info, (long)timeout, 8);
}

static long queue(int sig, int value)
{
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = SI_QUEUE;
    info.si_pid = getpid();
    info.si_uid = getuid();
    info.si_value.sival_int = value;
    return raw(SYS_rt_sigqueueinfo, getpid(), sig, (long)&info);
}

static volatile long handler_runs, handler_mask;

static void on_signal(int sig, siginfo_t* info, void* context)
{
    (void)sig;
    (void)info;
    (void)context;
    handler_runs++;
    handler_mask = (long)current_mask();
}

static void argument_rules(void)
{
    uint64_t set = BIT(SIGUSR1);
    siginfo_t info;
    struct timespec ts;

    report("sigtimedwait_sigsetsize_4", raw(SYS_rt_sigtimedwait, (long)&set, (long)&info, (long)&zero, 4));
    report("sigtimedwait_sigsetsize_16", raw(SYS_rt_sigtimedwait, (long)&set, (long)&info, (long)&zero, 16));
    report("sigtimedwait_zero_timeout_nothing_pending", timedwait(set, &info, &zero));
    ts = (struct timespec){ 0, 1000000 };
    report("sigtimedwait_timeout_expires", timedwait(set, &info, &ts));
    ts = (struct timespec){ 0, 1000000000 };
    report("sigtimedwait_nsec_1e9", timedwait(set, &info, &ts));
    ts = (struct timespec){ 0, -1 };
    report("sigtimedwait_nsec_negative", timedwait(set, &info, &ts));
    ts = (struct timespec){ -1, 0 };
    report("sigtimedwait_sec_negative", timedwait(set, &info, &ts));
    report("sigtimedwait_bad_set", raw(SYS_rt_sigtimedwait, BAD, (long)&info, (long)&zero, 8));
    report("sigtimedwait_bad_timeout", raw(SYS_rt_sigtimedwait, (long)&set, (long)&info, BAD, 8));
    report("sigtimedwait_kill_stop_only", timedwait(BIT(SIGKILL) | BIT(SIGSTOP), &info, &zero));

    raw(SYS_kill, getpid(), SIGUSR1);
    ts = (struct timespec){ 0, 1000000000 };
    report("sigtimedwait_bad_timeout_with_pending", timedwait(set, &info, &ts));
    report("sigtimedwait_bad_timeout_keeps_pending", (pending() & BIT(SIGUSR1)) != 0);
    report("sigtimedwait_bad_timeout_pointer_with_pending", raw(SYS_rt_sigtimedwait, (long)&set, (long)&info, BAD, 8));
    report("sigtimedwait_bad_timeout_pointer_keeps_pending", (pending() & BIT(SIGUSR1)) != 0);
    report("sigtimedwait_bad_info", raw(SYS_rt_sigtimedwait, (long)&set, BAD, (long)&zero, 8));
    report("sigtimedwait_bad_info_consumes", (pending() & BIT(SIGUSR1)) == 0);
    raw(SYS_kill, getpid(), SIGUSR1);
    report("sigtimedwait_null_info", timedwait(set, 0, &zero));
    raw(SYS_kill, getpid(), SIGUSR1);
    report("sigtimedwait_kill_stop_in_set_ignored", timedwait(set | BIT(SIGKILL) | BIT(SIGSTOP), &info, &zero));
    raw(SYS_kill, getpid(), SIGUSR1);
    report("sigtimedwait_full_set", timedwait(~0ULL, &info, &zero));
    raw(SYS_kill, getpid(), SIGUSR1);
    report("sigtimedwait_null_timeout_pending", timedwait(set, &info, 0));
}

static void order_rules(void)
{
    siginfo_t info;
    uint64_t all = BIT(SIGINT) | BIT(SIGUSR1) | BIT(SIGSEGV) | BIT(SIGUSR2) | BIT(RT_A) | BIT(RT_B);

    raw(SYS_kill, getpid(), SIGUSR1);
    raw(SYS_kill, getpid(), SIGUSR1);
    report("standard_signal_queued_once_first", timedwait(all, &info, &zero));
    report("standard_signal_queued_once_second", timedwait(all, &info, &zero));

    queue(RT_B, 1);
    queue(RT_B, 2);
    queue(RT_B, 3);
    queue(RT_A, 9);
    raw(SYS_kill, getpid(), SIGUSR2);
    for (int i = 1; i <= 6; i++) {
        char rule[64];
        long sig = timedwait(all, &info, &zero);
        snprintf(rule, sizeof(rule), "order_mixed_%d_signal", i);
        report(rule, sig);
        snprintf(rule, sizeof(rule), "order_mixed_%d_value", i);
        report(rule, sig >= 32 ? info.si_value.sival_int : -1);
    }

    raw(SYS_kill, getpid(), SIGUSR1);
    raw(SYS_kill, getpid(), SIGINT);
    raw(SYS_kill, getpid(), SIGSEGV);
    report("order_synchronous_first_1", timedwait(all, &info, &zero));
    report("order_synchronous_first_1_si_code", info.si_code);
    report("order_synchronous_first_2", timedwait(all, &info, &zero));
    report("order_synchronous_first_3", timedwait(all, &info, &zero));

    raw(SYS_kill, getpid(), SIGINT);
    raw(SYS_tgkill, getpid(), gettid(), SIGUSR2);
    report("order_thread_before_process_1", timedwait(all, &info, &zero));
    report("order_thread_before_process_2", timedwait(all, &info, &zero));
    report("order_empty", timedwait(all, &info, &zero));
}

static void other_sender(void)
{
    siginfo_t info;
    int status;
    pid_t child = fork();
    if (child == 0) {
        raw(SYS_kill, getppid(), SIGUSR2);
        _exit(0);
    }
    report("sigtimedwait_from_other_process", timedwait(BIT(SIGUSR2), &info, 0));
    report("sigtimedwait_from_other_process_si_pid", info.si_pid == child);
    waitpid(child, &status, 0);
    timedwait(BIT(SIGCHLD), &info, &zero);
}

static void sigsuspend_rules(void)
{
    uint64_t temporary = BIT(SIGINT);
    report("sigsuspend_sigsetsize_4", raw(SYS_rt_sigsuspend, (long)&temporary, 4));
    report("sigsuspend_bad_mask", raw(SYS_rt_sigsuspend, BAD, 8));

    struct kernel_sigaction act = {
        (uint64_t)on_signal, SA_SIGINFO | SA_RESTORER, (uint64_t)conformance_restore_rt, BIT(SIGUSR2)
    };
    raw(SYS_rt_sigaction, SIGUSR1, (long)&act, 0, 8);
    uint64_t before = BIT(SIGUSR1) | BIT(SIGTERM) | BIT(SIGCHLD);
    set_mask(before);
    raw(SYS_kill, getpid(), SIGTERM);
    raw(SYS_kill, getpid(), SIGUSR1);
    temporary = BIT(SIGINT) | BIT(SIGTERM) | BIT(SIGKILL) | BIT(SIGSTOP);
    report("sigsuspend_returns", raw(SYS_rt_sigsuspend, (long)&temporary, 8));
    report("sigsuspend_handler_runs", handler_runs);
    report("sigsuspend_handler_mask", handler_mask);
    report("sigsuspend_handler_mask_expected",
           handler_mask == (long)(BIT(SIGINT) | BIT(SIGTERM) | BIT(SIGUSR1) | BIT(SIGUSR2)));
    report("sigsuspend_mask_restored", current_mask() == before);
    report("sigsuspend_signal_consumed", (pending() & BIT(SIGUSR1)) == 0);
    report("sigsuspend_still_blocked_stays_pending", (pending() & BIT(SIGTERM)) != 0);
    siginfo_t info;
    report("sigsuspend_still_blocked_taken", timedwait(BIT(SIGTERM), &info, &zero));
    act.handler = (uint64_t)SIG_DFL;
    act.flags = 0;
    act.mask = 0;
    raw(SYS_rt_sigaction, SIGUSR1, (long)&act, 0, 8);
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(10);
    set_mask(BIT(SIGINT) | BIT(SIGUSR1) | BIT(SIGSEGV) | BIT(SIGUSR2) | BIT(SIGCHLD) | BIT(RT_A) | BIT(RT_B));
    argument_rules();
    order_rules();
    other_sender();
    sigsuspend_rules();
    return 0;
}
