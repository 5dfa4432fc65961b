/* Conformance program: signal handler rules (sigaction(2), signal(7),
 * sigreturn(2)), handlers installed with the raw rt_sigaction and an
 * SA_RESTORER that calls rt_sigreturn:
 *  - the mask inside a handler: the signal itself is blocked unless
 *    SA_NODEFER, sa_mask is blocked; the mask before is back after the
 *    return, even if the handler changed its mask with sigprocmask; an edit
 *    of uc_sigmask in the frame is applied by rt_sigreturn (without SIGKILL
 *    and SIGSTOP);
 *  - SA_RESETHAND: the action is SIG_DFL once the handler runs; Linux keeps
 *    sa_flags as they were and does NOT imply SA_NODEFER (POSIX allows
 *    both);
 *  - SA_SIGINFO: si_signo, si_code, si_pid, si_uid for kill and tgkill,
 *    si_value for rt_sigqueueinfo;
 *  - SA_RESTART (signal(7)): a read(2) from an empty pipe interrupted by a
 *    handled signal is restarted with SA_RESTART and fails with EINTR
 *    without; the handler sees the restart in its frame (x86-64: rip back on
 *    the syscall instruction and rax = the syscall number, or rip after it
 *    and rax = -EINTR); nanosleep(2) and ppoll(2) fail with EINTR even with
 *    SA_RESTART, nanosleep writing the remaining time;
 *  - blocked signals whose action is to ignore (SIG_IGN, or the default of
 *    SIGCHLD/SIGURG/SIGWINCH) stay pending while blocked and are discarded
 *    when unblocked;
 *  - delivery order when several signals become deliverable at once: the
 *    kernel takes the lowest number first (synchronous signals such as
 *    SIGSEGV before all others, even when sent by kill) and sets up a frame
 *    for it, then, still on the way back to user mode, a frame for the next
 *    one on top of it, so handlers run in the reverse order unless sa_mask
 *    blocks the others (then each one is delivered after the previous handler
 *    returns, in the kernel's order).
 * The signals that interrupt blocking calls come from a periodic ITIMER_REAL
 * (every millisecond) that the handler stops once it has seen the call
 * interrupted, so the outcome does not depend on when the process reaches
 * the call: a tick before the call is just handled and the next one comes
 * while it blocks. One line per rule.
 * Left out: that an unblocked signal whose action is SIG_IGN is discarded
 * at generation (not observable: it would be delivered and ignored anyway),
 * and the order of truly synchronous (fault) signals against asynchronous
 * ones. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "signal_conformance.h"

/* read(2) at known addresses: the handler compares its frame's rip with
 * them. rcx is zeroed first: the syscall instruction sets it to the return
 * address, so a frame with rip on the instruction and rcx at the return
 * address can only come from a restart, not from a tick just before. */
extern char read_syscall_insn[], read_syscall_end[];
static __attribute__((noinline, noclone)) long read_marked(int fd, void* buffer, long size)
{
    long result;
    __asm__ volatile("xorl %%ecx, %%ecx\n\t"
                     "movl $0, %%eax\n"
                     ".globl read_syscall_insn\n"
                     "read_syscall_insn:\n\t"
                     "syscall\n"
                     ".globl read_syscall_end\n"
                     "read_syscall_end:\n\t"
                     : "=a"(result)
                     : "D"((long)fd), "S"(buffer), "d"(size)
                     : "rcx", "r11", "memory");
    return result;
}

typedef void (*handler_t)(int, siginfo_t*, void*);

static void install(int sig, handler_t handler, uint64_t flags, uint64_t mask)
{
    struct kernel_sigaction act = { (uint64_t)handler, flags | SA_SIGINFO | SA_RESTORER,
                                    (uint64_t)conformance_restore_rt, mask };
    raw(SYS_rt_sigaction, sig, (long)&act, 0, 8);
}

static void set_action(int sig, uint64_t handler)
{
    struct kernel_sigaction act = { handler, 0, 0, 0 };
    raw(SYS_rt_sigaction, sig, (long)&act, 0, 8);
}

static void set_timer(long microseconds)
{
    struct itimerval timer = { { 0, microseconds }, { 0, microseconds } };
    raw(SYS_setitimer, ITIMER_REAL, (long)&timer, 0);
}

/* What the handlers saw. */
static volatile long runs, seen_signal, seen_mask, seen_code, seen_pid, seen_uid, seen_value;
static volatile long order[8], order_count, first_mask;

static void record(int sig, siginfo_t* info, void* context)
{
    (void)context;
    runs++;
    seen_signal = sig;
    seen_mask = (long)current_mask();
    seen_code = info->si_code;
    seen_pid = info->si_pid;
    seen_uid = info->si_uid;
    seen_value = info->si_value.sival_int;
}

static void record_order(int sig, siginfo_t* info, void* context)
{
    (void)info;
    (void)context;
    if (order_count == 0)
        first_mask = (long)current_mask();
    if (order_count < 8)
        order[order_count++] = sig;
}

/* Blocks SIGTERM for the rest of the handler, and asks rt_sigreturn for
 * SIGINT, SIGKILL and SIGSTOP blocked afterwards. */
static void edit_mask(int sig, siginfo_t* info, void* context)
{
    ucontext_t* uc = context;
    uint64_t term = BIT(SIGTERM);
    (void)sig;
    (void)info;
    runs++;
    raw(SYS_rt_sigprocmask, SIG_BLOCK, (long)&term, 0, 8);
    *(uint64_t*)&uc->uc_sigmask |= BIT(SIGINT) | BIT(SIGKILL) | BIT(SIGSTOP);
}

static volatile int restart_pipe = -1;
static volatile long saw_restart_frame, saw_eintr_frame;

static void watch_read(int sig, siginfo_t* info, void* context)
{
    ucontext_t* uc = context;
    long rip = uc->uc_mcontext.gregs[REG_RIP];
    long rax = uc->uc_mcontext.gregs[REG_RAX];
    long rcx = uc->uc_mcontext.gregs[REG_RCX];
    (void)sig;
    (void)info;
    if (rip == (long)read_syscall_insn && rax == SYS_read && rcx == (long)read_syscall_end) {
        saw_restart_frame = 1;
        if (restart_pipe >= 0) {
            write(restart_pipe, "x", 1);
            restart_pipe = -1;
        }
        set_timer(0);
    }
    if (rip == (long)read_syscall_end && rax == -EINTR) {
        saw_eintr_frame = 1;
        set_timer(0);
    }
}

static void count(int sig, siginfo_t* info, void* context)
{
    (void)sig;
    (void)info;
    (void)context;
    runs++;
}

static const uint64_t base = BIT(SIGCHLD);

static void mask_rules(void)
{
    uint64_t action[4];

    install(SIGUSR1, record, 0, BIT(SIGUSR2));
    raw(SYS_kill, getpid(), SIGUSR1);
    report("handler_runs", runs);
    report("handler_signal", seen_signal);
    report("handler_mask", seen_mask);
    report("handler_own_signal_blocked", (seen_mask & BIT(SIGUSR1)) != 0);
    report("handler_sa_mask_blocked", (seen_mask & BIT(SIGUSR2)) != 0);
    report("handler_mask_restored", current_mask() == base);

    install(SIGUSR1, record, SA_NODEFER, 0);
    raw(SYS_kill, getpid(), SIGUSR1);
    report("nodefer_own_signal_blocked", (seen_mask & BIT(SIGUSR1)) != 0);

    runs = 0;
    install(SIGUSR1, record, SA_RESETHAND, 0);
    raw(SYS_kill, getpid(), SIGUSR1);
    report("resethand_runs", runs);
    report("resethand_own_signal_blocked", (seen_mask & BIT(SIGUSR1)) != 0);
    raw(SYS_rt_sigaction, SIGUSR1, 0, (long)action, 8);
    report("resethand_action_default", action[0] == (uint64_t)SIG_DFL);
    report("resethand_flags_kept", (long)(action[1] & ~(uint64_t)SA_RESTORER));
    report("resethand_flags_kept_resethand", (action[1] & SA_RESETHAND) != 0);
    report("resethand_flags_kept_siginfo", (action[1] & SA_SIGINFO) != 0);

    runs = 0;
    install(SIGUSR1, edit_mask, 0, 0);
    raw(SYS_kill, getpid(), SIGUSR1);
    report("edit_mask_runs", runs);
    report("sigreturn_undoes_handler_sigprocmask", (current_mask() & BIT(SIGTERM)) == 0);
    report("sigreturn_applies_uc_sigmask", (current_mask() & BIT(SIGINT)) != 0);
    report("sigreturn_uc_sigmask_without_kill_stop", (current_mask() & (BIT(SIGKILL) | BIT(SIGSTOP))) == 0);
    report("sigreturn_mask", (long)current_mask());
    set_mask(base);
}

static void siginfo_rules(void)
{
    siginfo_t queued;
    install(SIGUSR1, record, 0, 0);
    raw(SYS_kill, getpid(), SIGUSR1);
    report("siginfo_kill_signo", seen_signal);
    report("siginfo_kill_code", seen_code);
    report("siginfo_kill_pid_is_sender", seen_pid == getpid());
    report("siginfo_kill_uid_is_sender", seen_uid == getuid());
    raw(SYS_tgkill, getpid(), gettid(), SIGUSR1);
    report("siginfo_tgkill_code", seen_code);
    report("siginfo_tgkill_pid_is_sender", seen_pid == getpid());
    report("siginfo_tgkill_uid_is_sender", seen_uid == getuid());
    memset(&queued, 0, sizeof(queued));
    queued.si_signo = SIGUSR1;
    queued.si_code = SI_QUEUE;
    queued.si_pid = getpid();
    queued.si_uid = getuid();
    queued.si_value.sival_int = 1234;
    raw(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, (long)&queued);
    report("siginfo_sigqueue_code", seen_code);
    report("siginfo_sigqueue_value", seen_value);
    set_action(SIGUSR1, (uint64_t)SIG_DFL);
}

static void restart_rules(void)
{
    int fds[2];
    char byte = 0;

    pipe(fds);
    install(SIGALRM, watch_read, SA_RESTART, 0);
    restart_pipe = fds[1];
    set_timer(1000);
    long result = read_marked(fds[0], &byte, 1);
    set_timer(0);
    report("sa_restart_read", result);
    report("sa_restart_read_data", byte);
    report("sa_restart_frame_seen", saw_restart_frame);

    install(SIGALRM, watch_read, 0, 0);
    restart_pipe = -1;
    set_timer(1000);
    result = read_marked(fds[0], &byte, 1);
    set_timer(0);
    report("no_sa_restart_read", result);
    report("no_sa_restart_eintr_frame_seen", saw_eintr_frame);
    close(fds[0]);
    close(fds[1]);

    for (int restart = 0; restart < 2; restart++) {
        struct timespec request = { 5, 0 }, remaining = { -1, -1 };
        install(SIGALRM, count, restart ? SA_RESTART : 0, 0);
        set_timer(1000);
        result = raw(SYS_nanosleep, (long)&request, (long)&remaining);
        set_timer(0);
        report(restart ? "sa_restart_nanosleep" : "nanosleep_interrupted", result);
        report(restart ? "sa_restart_nanosleep_remaining_written" : "nanosleep_remaining_written",
               remaining.tv_sec >= 0 && remaining.tv_nsec >= 0
                   && (remaining.tv_sec > 0 || remaining.tv_nsec > 0) && remaining.tv_sec < 5);
    }
    set_action(SIGALRM, (uint64_t)SIG_DFL);

    /* ppoll unblocks SIGUSR1, already pending, atomically with the wait. */
    uint64_t unblocked = base;
    struct timespec timeout = { 5, 0 };
    runs = 0;
    install(SIGUSR1, count, SA_RESTART, 0);
    set_mask(base | BIT(SIGUSR1));
    raw(SYS_kill, getpid(), SIGUSR1);
    report("sa_restart_ppoll", raw(SYS_ppoll, 0, 0, (long)&timeout, (long)&unblocked, 8));
    report("sa_restart_ppoll_handler_ran", runs);
    report("ppoll_mask_restored", current_mask() == (base | BIT(SIGUSR1)));
    set_mask(base);
    set_action(SIGUSR1, (uint64_t)SIG_DFL);
}

static void ignored_rules(void)
{
    set_action(SIGUSR2, (uint64_t)SIG_IGN);
    set_mask(base | BIT(SIGUSR2) | BIT(SIGURG) | BIT(SIGWINCH));
    raw(SYS_kill, getpid(), SIGUSR2);
    raw(SYS_kill, getpid(), SIGCHLD);
    raw(SYS_kill, getpid(), SIGURG);
    raw(SYS_kill, getpid(), SIGWINCH);
    uint64_t set = pending();
    report("blocked_sig_ign_stays_pending", (set & BIT(SIGUSR2)) != 0);
    report("blocked_default_ignore_sigchld_pending", (set & BIT(SIGCHLD)) != 0);
    report("blocked_default_ignore_sigurg_pending", (set & BIT(SIGURG)) != 0);
    report("blocked_default_ignore_sigwinch_pending", (set & BIT(SIGWINCH)) != 0);
    set_mask(0);
    report("unblocked_ignored_discarded", (long)pending());
    set_mask(base);
    set_action(SIGUSR2, (uint64_t)SIG_DFL);
}

static void unblock_all(const char* rule, const int* signals, int n, uint64_t sa_mask)
{
    uint64_t blocked = base;
    char name[80];
    for (int i = 0; i < n; i++) {
        install(signals[i], record_order, 0, sa_mask);
        blocked |= BIT(signals[i]);
    }
    set_mask(blocked);
    for (int i = 0; i < n; i++)
        raw(SYS_kill, getpid(), signals[i]);
    order_count = 0;
    set_mask(base);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "%s_%d", rule, i + 1);
        report(name, i < order_count ? order[i] : -1);
    }
    snprintf(name, sizeof(name), "%s_count", rule);
    report(name, order_count);
    snprintf(name, sizeof(name), "%s_first_handler_mask", rule);
    report(name, first_mask);
    for (int i = 0; i < n; i++)
        set_action(signals[i], (uint64_t)SIG_DFL);
}

static void order_rules(void)
{
    static const int three[] = { SIGUSR1, SIGUSR2, RT_A };
    static const int with_segv[] = { SIGUSR1, SIGSEGV };
    unblock_all("order_nested", three, 3, 0);
    unblock_all("order_sa_mask_all", three, 3, ~0ULL);
    unblock_all("order_segv_nested", with_segv, 2, 0);
    unblock_all("order_segv_sa_mask_all", with_segv, 2, ~0ULL);
}

/* The safety net against a hang: alarm(2) would share ITIMER_REAL with the
 * tests, so a CLOCK_MONOTONIC POSIX timer sends SIGTERM after 10 seconds. */
static void watchdog(void)
{
    struct sigevent event;
    struct itimerspec expiry = { { 0, 0 }, { 10, 0 } };
    int timer = -1;
    memset(&event, 0, sizeof(event));
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGTERM;
    raw(SYS_timer_create, CLOCK_MONOTONIC, (long)&event, (long)&timer);
    raw(SYS_timer_settime, timer, 0, (long)&expiry, 0);
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    watchdog();
    set_mask(base);
    mask_rules();
    siginfo_rules();
    restart_rules();
    ignored_rules();
    order_rules();
    return 0;
}
