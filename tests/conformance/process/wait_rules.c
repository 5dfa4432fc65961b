/* Conformance program: the rules of wait4(2) and waitid(2) (Linux
 * kernel/exit.c: kernel_wait4, kernel_waitid, do_wait, eligible_child,
 * wait_consider_task, wait_task_zombie/stopped/continued), through raw
 * syscalls:
 *  - argument checks: the option bits each call accepts (wait4 takes neither
 *    WEXITED nor WNOWAIT), waitid needing one of WEXITED/WSTOPPED/WCONTINUED,
 *    the idtype and id checks, wait4(INT_MIN) = ESRCH after the option
 *    check; ECHILD with no eligible child, WNOHANG or not; waitid writes its
 *    siginfo (zeroed) even when it fails, so a bad siginfo pointer turns any
 *    error into EFAULT;
 *  - a zombie child waited for with only WSTOPPED/WCONTINUED: ECHILD at
 *    once (a zombie is not a candidate for them, not even a "later" one);
 *  - WNOHANG with a live child: 0, wait4 leaves the status alone, waitid
 *    zeroes si_signo/si_code/si_pid/si_uid/si_status and leaves the rest;
 *  - status encodings: exit code << 8, the signal, 0x137f stopped, 0xffff
 *    continued; the waitid siginfo of each;
 *  - threads: the group's status is the exit_group code; when the leader
 *    calls exit(2) first and the other thread exit(2) later, it is the LAST
 *    thread's code (the last thread to exit turns its exit into a group
 *    exit: synchronize_group_exit), in the status and, since commit
 *    9133607de37a (6.15, backported to stable), in the SIGCHLD's si_status
 *    too; a zombie leader with live threads is not reported (WNOHANG
 *    gives 0) and sends no SIGCHLD yet;
 *  - WNOWAIT leaves the child waitable;
 *  - selection by pid, by own group (0, P_PGID 0), by -pgid / P_PGID pgid
 *    (the group at wait time), __WCLONE/__WALL against the exit signal,
 *    __WNOTHREAD against children of another thread;
 *  - stop, continue and kill of a stopped child, each reported once;
 *  - a child subreaper adopts and waits for an orphaned grandchild;
 *  - a blocked wait4 is woken by the exit; a SA_RESTART handler run meanwhile
 *    does not disturb it;
 *  - rusage accepted; a bad status or rusage pointer gives EFAULT after the
 *    child was reaped (and, for rusage, after the status was written).
 * SIGCHLD stays blocked and is taken with sigtimedwait before a stop or
 * continue is waited for; children wait on pipes, never on time. Pids are
 * never printed, only whether they match. One line per rule. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process_conformance.h"

#define BLOCKED (BIT(SIGCHLD) | BIT(SIGUSR1) | BIT(SIGUSR2))

static void argument_rules(void)
{
    int status;
    siginfo_t info;

    report("wait4_invalid_option", wait_pid(-1, &status, 0x80000));
    report("wait4_wexited_invalid", wait_pid(-1, &status, WEXITED));
    report("wait4_wnowait_invalid", wait_pid(-1, &status, WNOWAIT));
    report("wait4_int_min", wait_pid(INT_MIN, &status, 0));
    report("wait4_int_min_invalid_option", wait_pid(INT_MIN, &status, 0x80000));
    report("wait4_no_children", wait_pid(-1, &status, 0));
    report("wait4_no_children_wnohang", wait_pid(-1, &status, WNOHANG));
    report("wait4_no_children_status_untouched", status == -1);
    report("wait4_0_no_children", wait_pid(0, &status, 0));
    report("wait4_self", wait_pid(getpid(), &status, 0));
    report("wait4_nonexistent_pid", wait_pid(NOPID, &status, 0));
    report("wait4_nonexistent_group", wait_pid(-NOPID, &status, 0));
    report("wait4_wall_no_children", wait_pid(-1, &status, __WALL));

    report("waitid_no_state_option", wait_id(P_ALL, 0, &info, WNOHANG));
    report("waitid_invalid_option", wait_id(P_ALL, 0, &info, WEXITED | 0x80000));
    report("waitid_invalid_idtype", wait_id(99, 0, &info, WEXITED));
    report("waitid_pid_0", wait_id(P_PID, 0, &info, WEXITED));
    report("waitid_pid_negative", wait_id(P_PID, -1, &info, WEXITED));
    report("waitid_pgid_negative", wait_id(P_PGID, -1, &info, WEXITED));
    report("waitid_invalid_siginfo_si_signo", info.si_signo);
    report("waitid_invalid_siginfo_si_pid", info.si_pid);
    report("waitid_p_all_no_children", wait_id(P_ALL, 0, &info, WEXITED));
    report("waitid_p_all_no_children_wnohang", wait_id(P_ALL, 0, &info, WEXITED | WNOHANG));
    report("waitid_echild_si_signo", info.si_signo);
    report("waitid_echild_si_code", info.si_code);
    report("waitid_echild_si_pid", info.si_pid);
    report("waitid_echild_si_status", info.si_status);
    report("waitid_echild_rest_untouched", rest_untouched(&info));
    report("waitid_p_all_ignores_id", wait_id(P_ALL, NOPID, &info, WEXITED));
    report("waitid_p_pid_nonexistent", wait_id(P_PID, NOPID, &info, WEXITED));
    report("waitid_p_pgid_0_no_children", wait_id(P_PGID, 0, &info, WEXITED));
    report("waitid_p_pgid_nonexistent", wait_id(P_PGID, NOPID, &info, WEXITED));
    report("waitid_echild_null_siginfo", raw(SYS_waitid, P_ALL, 0, 0, WEXITED));
    report("waitid_echild_bad_siginfo", raw(SYS_waitid, P_ALL, 0, BAD, WEXITED));
    report("waitid_invalid_idtype_bad_siginfo", raw(SYS_waitid, 99, 0, BAD, WEXITED));
    report("waitid_no_state_option_bad_siginfo", raw(SYS_waitid, P_ALL, 0, BAD, WNOHANG));
}

/* A child that exits at once with `code`, in its own process group if
 * `own_group`; returned once it is a zombie. */
static long zombie_child(int code, int own_group)
{
    siginfo_t info;
    long child = fork();
    if (child == 0) {
        if (own_group)
            setpgid(0, 0);
        _exit(code);
    }
    if (own_group)
        setpgid(child, child);
    wait_id(P_PID, child, &info, WEXITED | WNOWAIT);
    return child;
}

static void exit_status_rules(void)
{
    int go[2], status;
    siginfo_t info;

    long child = waiting_child(go, 3);
    report("wait4_wnohang_live_child", wait_pid(-1, &status, WNOHANG));
    report("wait4_wnohang_live_child_status_untouched", status == -1);
    report("wait4_wnohang_live_child_bad_status", raw(SYS_wait4, -1, BAD, WNOHANG, 0));
    report("waitid_wnohang_live_child", wait_id(P_ALL, 0, &info, WEXITED | WNOHANG));
    report("waitid_wnohang_live_child_si_signo", info.si_signo);
    report("waitid_wnohang_live_child_si_errno", info.si_errno);
    report("waitid_wnohang_live_child_si_code", info.si_code);
    report("waitid_wnohang_live_child_si_pid", info.si_pid);
    report("waitid_wnohang_live_child_si_uid", info.si_uid);
    report("waitid_wnohang_live_child_si_status", info.si_status);
    report("waitid_wnohang_live_child_rest_untouched", rest_untouched(&info));
    report("waitid_wstopped_live_child", wait_id(P_PID, child, &info, WSTOPPED | WNOHANG));
    report("waitid_wcontinued_live_child", wait_id(P_PID, child, &info, WCONTINUED | WNOHANG));
    report("wait4_wclone_normal_child", wait_pid(child, &status, __WCLONE | WNOHANG));
    report("wait4_wall_live_child", wait_pid(child, &status, __WALL | WNOHANG));

    release(go);
    wait_for(SIGCHLD, &info);
    report("waitid_exited", wait_id(P_PID, child, &info, WEXITED | WNOWAIT));
    report("waitid_exited_si_signo", info.si_signo);
    report("waitid_exited_si_errno", info.si_errno);
    report("waitid_exited_si_code", info.si_code);
    report("waitid_exited_si_status", info.si_status);
    report("waitid_exited_si_pid_is_child", info.si_pid == child);
    report("waitid_exited_si_uid_is_ours", info.si_uid == getuid());
    report("waitid_exited_rest_untouched", rest_untouched(&info));
    report("waitid_wstopped_only_ignores_zombie", wait_id(P_PID, child, &info, WSTOPPED | WNOHANG));
    report("waitid_wstopped_only_ignores_zombie_si_pid", info.si_pid);
    report("waitid_wstopped_only_zombie_does_not_block", wait_id(P_PID, child, &info, WSTOPPED | WCONTINUED));
    report("wait4_wuntraced_wcontinued_zombie_reaps", wait_pid(child, &status, WUNTRACED | WCONTINUED | WNOHANG) == child);
    child = zombie_child(3, 0);
    report("wait4_exited_is_child", wait_pid(child, &status, 0) == child);
    report("wait4_exited_status", status);
    report("wait4_exited_wifexited", WIFEXITED(status));
    report("wait4_exited_wexitstatus", WEXITSTATUS(status));
    report("wait4_exited_wifsignaled", WIFSIGNALED(status));
    report("wait4_exited_reaped", wait_pid(child, &status, WNOHANG));
    drain_sigchld();

    child = waiting_child(go, 0);
    raw(SYS_kill, child, SIGTERM);
    wait_for(SIGCHLD, &info);
    report("waitid_killed", wait_id(P_PID, child, &info, WEXITED | WNOWAIT));
    report("waitid_killed_si_code", info.si_code);
    report("waitid_killed_si_status", info.si_status);
    report("waitid_killed_si_pid_is_child", info.si_pid == child);
    report("wait4_killed_is_child", wait_pid(child, &status, 0) == child);
    report("wait4_killed_status", status);
    report("wait4_killed_wifsignaled", WIFSIGNALED(status));
    report("wait4_killed_wtermsig", WTERMSIG(status));
    report("wait4_killed_wifexited", WIFEXITED(status));
    close(go[1]);
}

/* --- Threads: exit_group against exit --- */

struct thread_plan {
    int exit_group_code; /* the thread calls exit_group(code) at once, or: */
    int wait_for_leader; /* waits for the leader's exit, says so on `out` */
    int then_exit_group; /* after `go`: exit_group(code) instead of exit */
    int then_code;
    int out, in;
    volatile int leader_tid_word;
};

static void plan_thread(void* arg)
{
    struct thread_plan* plan = arg;
    char byte = 'x';
    if (plan->exit_group_code >= 0)
        raw(SYS_exit_group, plan->exit_group_code);
    wait_cleared(&plan->leader_tid_word);
    raw(SYS_write, plan->out, (long)&byte, 1);
    raw(SYS_read, plan->in, (long)&byte, 1);
    raw(plan->then_exit_group ? SYS_exit_group : SYS_exit, plan->then_code);
}

/* A child process of two threads. The thread follows `plan`; the leader
 * either blocks forever (exit_group_code >= 0) or calls exit(7) at once. */
static long two_thread_child(struct thread_plan* plan, int out[2], int in[2])
{
    pipe(out);
    pipe(in);
    plan->out = out[1];
    plan->in = in[0];
    long child = fork();
    if (child == 0) {
        static struct thread_stack stack;
        static volatile int thread_tid_word;
        char byte;
        alarm(5);
        plan->leader_tid_word = 1;
        raw(SYS_set_tid_address, (long)&plan->leader_tid_word);
        start_thread(&stack, &thread_tid_word, plan_thread, plan);
        if (plan->exit_group_code >= 0)
            raw(SYS_read, in[0], (long)&byte, 1);
        raw(SYS_exit, 7);
    }
    close(out[1]);
    close(in[0]);
    return child;
}

static void thread_rules(void)
{
    int out[2], in[2], status;
    char byte;
    siginfo_t info;

    struct thread_plan group = { .exit_group_code = 5 };
    long child = two_thread_child(&group, out, in);
    report("thread_exit_group_is_child", wait_pid(child, &status, 0) == child);
    report("thread_exit_group_status", status);
    wait_for(SIGCHLD, &info);
    report("thread_exit_group_sigchld_si_status", info.si_status);
    close(out[0]);
    close(in[1]);

    /* The leader calls exit(7); the other thread sees the leader's tid word
     * cleared, says so, and later calls exit(9). */
    struct thread_plan leader_first = { .exit_group_code = -1, .then_code = 9 };
    child = two_thread_child(&leader_first, out, in);
    read(out[0], &byte, 1);
    report("zombie_leader_live_thread_wnohang", wait_pid(child, &status, WNOHANG));
    report("zombie_leader_live_thread_waitid_si_pid", (wait_id(P_PID, child, &info, WEXITED | WNOHANG), info.si_pid));
    report("zombie_leader_live_thread_kill_probe", raw(SYS_kill, child, 0));
    report("zombie_leader_live_thread_no_sigchld", take(SIGCHLD, &info));
    write(in[1], "g", 1);
    report("leader_exit_then_thread_exit_is_child", wait_pid(child, &status, 0) == child);
    report("leader_exit_then_thread_exit_status", status);
    wait_for(SIGCHLD, &info);
    report("leader_exit_then_thread_exit_sigchld_si_status", info.si_status);
    report("leader_exit_then_thread_exit_sigchld_si_pid_is_child", info.si_pid == child);
    close(out[0]);
    close(in[1]);

    /* The leader calls exit(7); the last thread calls exit_group(11). */
    struct thread_plan group_last = { .exit_group_code = -1, .then_exit_group = 1, .then_code = 11 };
    child = two_thread_child(&group_last, out, in);
    read(out[0], &byte, 1);
    write(in[1], "g", 1);
    wait_pid(child, &status, 0);
    report("leader_exit_then_thread_exit_group_status", status);
    wait_for(SIGCHLD, &info);
    close(out[0]);
    close(in[1]);

    /* The leader calls exit(7); the process, its other thread blocked in
     * read, is killed with SIGTERM. */
    struct thread_plan killed = { .exit_group_code = -1, .then_code = 9 };
    child = two_thread_child(&killed, out, in);
    read(out[0], &byte, 1);
    report("leader_exit_then_kill", raw(SYS_kill, child, SIGTERM));
    wait_pid(child, &status, 0);
    report("leader_exit_then_kill_status", status);
    wait_for(SIGCHLD, &info);
    close(out[0]);
    close(in[1]);
}

static void wnowait_rules(void)
{
    int status;
    siginfo_t info;
    long child = fork();
    if (child == 0)
        _exit(4);
    report("wnowait_first", wait_id(P_PID, child, &info, WEXITED | WNOWAIT));
    report("wnowait_first_si_pid_is_child", info.si_pid == child);
    report("wnowait_second", wait_id(P_PID, child, &info, WEXITED | WNOWAIT));
    report("wnowait_second_si_pid_is_child", info.si_pid == child);
    report("wnowait_second_si_status", info.si_status);
    report("wnowait_p_all_si_pid_is_child", (wait_id(P_ALL, 0, &info, WEXITED | WNOWAIT | WNOHANG), info.si_pid == child));
    report("wnowait_then_wait4_is_child", wait_pid(child, &status, 0) == child);
    report("wnowait_then_wait4_status", status);
    report("wnowait_then_waitid_reaped", wait_id(P_PID, child, &info, WEXITED | WNOHANG));
    report("wnowait_then_waitid_p_all_reaped", wait_id(P_ALL, 0, &info, WEXITED));
    drain_sigchld();

    /* waitid without WNOWAIT reaps. */
    child = fork();
    if (child == 0)
        _exit(5);
    report("waitid_reaps", wait_id(P_PID, child, &info, WEXITED));
    report("waitid_reaps_si_status", info.si_status);
    report("waitid_reaps_wait4_after", wait_pid(child, &status, WNOHANG));
    drain_sigchld();
}

static void selection_rules(void)
{
    int go[2], status;
    siginfo_t info;

    /* A specific pid, another child being a zombie. */
    long first = zombie_child(1, 0);
    long second = waiting_child(go, 2);
    report("wait4_pid_live_other_zombie", wait_pid(second, &status, WNOHANG));
    report("waitid_pid_live_other_zombie_si_pid", (wait_id(P_PID, second, &info, WEXITED | WNOHANG), info.si_pid));
    release(go);
    report("wait4_pid_is_that_child", wait_pid(second, &status, 0) == second);
    report("wait4_pid_status", status);
    report("wait4_any_then_other_zombie", wait_pid(-1, &status, WNOHANG) == first);
    report("wait4_any_then_other_zombie_status", status);

    /* wait4(0): the caller's group at wait time; -pgid: that group. */
    long same = zombie_child(5, 0);
    long other = zombie_child(6, 1);
    report("wait4_0_own_group_is_child", wait_pid(0, &status, WNOHANG) == same);
    report("wait4_0_own_group_status", status);
    report("wait4_0_only_other_group_child", wait_pid(0, &status, WNOHANG));
    report("waitid_p_pgid_0_only_other_group_child", wait_id(P_PGID, 0, &info, WEXITED | WNOHANG));
    report("wait4_own_pgid_only_other_group_child", wait_pid(-getpgid(0), &status, WNOHANG));
    report("wait4_minus_pgid_is_child", wait_pid(-other, &status, WNOHANG) == other);
    report("wait4_minus_pgid_status", status);

    /* waitid(P_PGID, 0) and waitid(P_PGID, pgid). */
    same = zombie_child(8, 0);
    other = zombie_child(9, 1);
    report("waitid_p_pgid_0", wait_id(P_PGID, 0, &info, WEXITED | WNOHANG));
    report("waitid_p_pgid_0_si_pid_is_child", info.si_pid == same);
    report("waitid_p_pgid_0_si_status", info.si_status);
    report("waitid_p_pgid_0_again", wait_id(P_PGID, 0, &info, WEXITED | WNOHANG));
    report("waitid_p_pgid", wait_id(P_PGID, other, &info, WEXITED | WNOHANG));
    report("waitid_p_pgid_si_pid_is_child", info.si_pid == other);
    report("waitid_p_pgid_si_status", info.si_status);

    /* wait4(-own pgid) is wait4(0); a live group member makes WNOHANG 0. */
    same = zombie_child(10, 0);
    report("wait4_minus_own_pgid_is_child", wait_pid(-getpgid(0), &status, WNOHANG) == same);
    report("wait4_minus_own_pgid_status", status);
    drain_sigchld();
}

static void clone_rules(void)
{
    int status;
    siginfo_t info;

    /* Exit signal SIGUSR1: a "clone" child. */
    long child = clone_process(SIGUSR1);
    if (child == 0)
        raw(SYS_exit_group, 11);
    wait_for(SIGUSR1, &info);
    report("clone_child_wait4_any", wait_pid(-1, &status, 0));
    report("clone_child_wait4_pid", wait_pid(child, &status, 0));
    report("clone_child_wait4_0", wait_pid(0, &status, 0));
    report("clone_child_waitid_p_all", wait_id(P_ALL, 0, &info, WEXITED | WNOHANG));
    report("clone_child_waitid_wclone", wait_id(P_ALL, 0, &info, WEXITED | WNOWAIT | __WCLONE));
    report("clone_child_waitid_wclone_si_pid_is_child", info.si_pid == child);
    report("clone_child_waitid_wclone_si_signo", info.si_signo);
    report("clone_child_waitid_wall", wait_id(P_PID, child, &info, WEXITED | WNOWAIT | __WALL));
    report("clone_child_wait4_wclone_is_child", wait_pid(-1, &status, __WCLONE) == child);
    report("clone_child_wait4_wclone_status", status);

    child = clone_process(SIGUSR1);
    if (child == 0)
        raw(SYS_exit_group, 12);
    wait_for(SIGUSR1, &info);
    report("clone_child_wait4_wall_is_child", wait_pid(-1, &status, __WALL) == child);
    report("clone_child_wait4_wall_status", status);

    /* A normal child: invisible to __WCLONE, visible to __WALL and to
     * __WCLONE | __WALL. */
    child = zombie_child(13, 0);
    report("normal_child_wait4_wclone", wait_pid(-1, &status, __WCLONE | WNOHANG));
    report("normal_child_waitid_wclone", wait_id(P_PID, child, &info, WEXITED | WNOHANG | __WCLONE));
    report("normal_child_wait4_wclone_wall_is_child", wait_pid(-1, &status, __WCLONE | __WALL) == child);
    drain_sigchld();

    /* Both kinds zombie: each wait sees only its own kind. */
    long cloned = clone_process(SIGUSR1);
    if (cloned == 0)
        raw(SYS_exit_group, 14);
    wait_for(SIGUSR1, &info);
    long normal = zombie_child(15, 0);
    report("mixed_wait4_any_is_normal", wait_pid(-1, &status, WNOHANG) == normal);
    report("mixed_wait4_any_again", wait_pid(-1, &status, WNOHANG));
    report("mixed_wait4_wclone_is_clone", wait_pid(-1, &status, __WCLONE | WNOHANG) == cloned);
    report("mixed_wait4_wclone_status", status);
    drain_sigchld();
}

/* --- __WNOTHREAD: children belong to the thread that forked them --- */

static volatile int forked_child;
static volatile int thread_may_exit;

static void forking_thread(void* arg)
{
    (void)arg;
    long child = clone_process(SIGCHLD);
    if (child == 0)
        raw(SYS_exit_group, 6);
    forked_child = (int)child;
    futex_wake(&forked_child);
    while (!thread_may_exit)
        futex_wait(&thread_may_exit, 0);
}

static void wnothread_rules(void)
{
    static struct thread_stack stack;
    static volatile int thread_word;
    int status;
    siginfo_t info;

    long tid = start_thread(&stack, &thread_word, forking_thread, 0);
    while (forked_child == 0)
        futex_wait(&forked_child, 0);
    long child = forked_child;
    /* Any thread of the parent may wait for the child, unless __WNOTHREAD. */
    report("other_thread_child_waitid", wait_id(P_PID, child, &info, WEXITED | WNOWAIT));
    report("other_thread_child_waitid_si_pid_is_child", info.si_pid == child);
    report("other_thread_child_wnothread_pid", wait_pid(child, &status, __WNOTHREAD | WNOHANG));
    report("other_thread_child_wnothread_any", wait_pid(-1, &status, __WNOTHREAD | WNOHANG));
    report("other_thread_child_waitid_wnothread", wait_id(P_ALL, 0, &info, WEXITED | WNOHANG | __WNOTHREAD));
    report("other_thread_child_wait4_is_child", wait_pid(child, &status, 0) == child);
    report("other_thread_child_wait4_status", status);
    thread_may_exit = 1;
    futex_wake(&thread_may_exit);
    wait_thread_gone(&thread_word, tid);
    drain_sigchld();
}

static void stop_rules(void)
{
    int go[2], status;
    siginfo_t info;

    long child = waiting_child(go, 0);
    raw(SYS_kill, child, SIGSTOP);
    wait_for(SIGCHLD, &info);
    report("stopped_sigchld_si_code", info.si_code);
    report("stopped_wait4_without_wuntraced", wait_pid(child, &status, WNOHANG));
    report("stopped_waitid_wexited_only", wait_id(P_PID, child, &info, WEXITED | WNOHANG));
    report("stopped_waitid_wexited_only_si_pid", info.si_pid);
    report("stopped_wait4_is_child", wait_pid(child, &status, WUNTRACED) == child);
    report("stopped_wait4_status", status);
    report("stopped_wifstopped", WIFSTOPPED(status));
    report("stopped_wstopsig", WSTOPSIG(status));
    report("stopped_reported_once", wait_pid(child, &status, WUNTRACED | WNOHANG));
    report("stopped_reported_once_waitid_si_pid", (wait_id(P_PID, child, &info, WSTOPPED | WNOHANG), info.si_pid));

    raw(SYS_kill, child, SIGCONT);
    wait_for(SIGCHLD, &info);
    report("continued_sigchld_si_code", info.si_code);
    report("continued_wait4_without_wcontinued", wait_pid(child, &status, WUNTRACED | WNOHANG));
    report("continued_wait4_is_child", wait_pid(child, &status, WCONTINUED) == child);
    report("continued_wait4_status", status);
    report("continued_wifcontinued", WIFCONTINUED(status));
    report("continued_reported_once", wait_pid(child, &status, WCONTINUED | WNOHANG));

    /* waitid reports of the same. */
    raw(SYS_kill, child, SIGSTOP);
    wait_for(SIGCHLD, &info);
    report("stopped_waitid", wait_id(P_PID, child, &info, WSTOPPED));
    report("stopped_waitid_si_code", info.si_code);
    report("stopped_waitid_si_status", info.si_status);
    report("stopped_waitid_si_pid_is_child", info.si_pid == child);
    raw(SYS_kill, child, SIGCONT);
    wait_for(SIGCHLD, &info);
    report("continued_waitid", wait_id(P_PID, child, &info, WCONTINUED));
    report("continued_waitid_si_code", info.si_code);
    report("continued_waitid_si_status", info.si_status);

    /* Stopped, reported, then killed: the kill is reported. */
    raw(SYS_kill, child, SIGSTOP);
    wait_for(SIGCHLD, &info);
    report("stopped_again_wait4_is_child", wait_pid(child, &status, WUNTRACED) == child);
    raw(SYS_kill, child, SIGKILL);
    wait_for(SIGCHLD, &info);
    report("killed_while_stopped_sigchld_si_code", info.si_code);
    report("killed_while_stopped_sigchld_si_status", info.si_status);
    report("killed_while_stopped_wait4_is_child", wait_pid(child, &status, 0) == child);
    report("killed_while_stopped_status", status);
    report("killed_while_stopped_reaped", wait_pid(child, &status, WNOHANG));
    close(go[1]);
}

static void subreaper_rules(void)
{
    int pids[2], go[2], status;
    int subreaper = -1;
    report("set_child_subreaper", raw(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1));
    raw(SYS_prctl, PR_GET_CHILD_SUBREAPER, (long)&subreaper);
    report("get_child_subreaper", subreaper);

    pipe(pids);
    pipe(go);
    long middle = fork();
    if (middle == 0) {
        alarm(5);
        pid_t grandchild = fork();
        if (grandchild == 0) {
            char byte;
            alarm(5);
            close(go[1]);
            read(go[0], &byte, 1);
            _exit(42);
        }
        write(pids[1], &grandchild, sizeof(grandchild));
        _exit(0);
    }
    close(go[0]);
    pid_t grandchild = 0;
    read(pids[0], &grandchild, sizeof(grandchild));
    report("orphan_middle_wait4_is_child", wait_pid(middle, &status, 0) == middle);
    report("orphan_adopted_wnohang", wait_pid(grandchild, &status, WNOHANG));
    release(go);
    report("orphan_adopted_wait4_is_grandchild", wait_pid(-1, &status, 0) == grandchild);
    report("orphan_adopted_status", status);
    report("orphan_adopted_reaped", wait_pid(-1, &status, WNOHANG));
    drain_sigchld();
    raw(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0);
    close(pids[0]);
    close(pids[1]);
}

static volatile int handled;

static void count_handler(int sig)
{
    (void)sig;
    handled++;
}

static void wakeup_rules(void)
{
    int go[2], status;

    long child = waiting_child(go, 13);
    release(go);
    report("blocked_wait4_woken_is_child", wait_pid(child, &status, 0) == child);
    report("blocked_wait4_woken_status", status);
    drain_sigchld();

    /* The child signals the parent (handler with SA_RESTART) before it
     * exits: whether the handler runs before or during the wait, wait4
     * returns the child. */
    set_action(SIGUSR2, (uint64_t)count_handler, SA_RESTART);
    set_mask(BLOCKED & ~BIT(SIGUSR2));
    pipe(go);
    child = fork();
    if (child == 0) {
        char byte;
        alarm(5);
        close(go[1]);
        read(go[0], &byte, 1);
        raw(SYS_kill, getppid(), SIGUSR2);
        _exit(14);
    }
    close(go[0]);
    release(go);
    report("restarted_wait4_is_child", wait_pid(child, &status, 0) == child);
    report("restarted_wait4_status", status);
    report("restarted_wait4_handler_ran", handled);
    set_mask(BLOCKED);
    set_action(SIGUSR2, (uint64_t)SIG_DFL, 0);
    drain_sigchld();
}

static void pointer_rules(void)
{
    int status;
    siginfo_t info;
    struct rusage usage;

    long child = zombie_child(20, 0);
    report("wait4_rusage_is_child", raw(SYS_wait4, child, (long)&status, 0, (long)&usage) == child);
    child = zombie_child(20, 0);
    report("waitid_rusage", raw(SYS_waitid, P_PID, child, (long)&info, WEXITED, (long)&usage));
    child = zombie_child(20, 0);
    report("wait4_null_status_is_child", raw(SYS_wait4, child, 0, 0, 0) == child);
    child = zombie_child(20, 0);
    report("waitid_null_siginfo", raw(SYS_waitid, P_PID, child, 0, WEXITED));
    report("waitid_null_siginfo_reaped", wait_pid(child, &status, WNOHANG));

    child = zombie_child(21, 0);
    report("wait4_bad_status", raw(SYS_wait4, child, BAD, 0, 0));
    report("wait4_bad_status_reaped", wait_pid(child, &status, WNOHANG));
    child = zombie_child(22, 0);
    status = -1;
    report("wait4_bad_rusage", raw(SYS_wait4, child, (long)&status, 0, BAD));
    report("wait4_bad_rusage_status_written", status);
    report("wait4_bad_rusage_reaped", wait_pid(child, &status, WNOHANG));
    child = zombie_child(23, 0);
    report("waitid_bad_siginfo", raw(SYS_waitid, P_PID, child, BAD, WEXITED));
    report("waitid_bad_siginfo_reaped", wait_pid(child, &status, WNOHANG));
    child = zombie_child(24, 0);
    memset(&info, 0x55, sizeof(info));
    report("waitid_bad_rusage", raw(SYS_waitid, P_PID, child, (long)&info, WEXITED, BAD));
    report("waitid_bad_rusage_siginfo_untouched", info.si_signo == 0x55555555);
    report("waitid_bad_rusage_reaped", wait_pid(child, &status, WNOHANG));
    child = zombie_child(25, 0);
    report("waitid_wnowait_bad_siginfo", raw(SYS_waitid, P_PID, child, BAD, WEXITED | WNOWAIT));
    report("waitid_wnowait_bad_siginfo_not_reaped", wait_pid(child, &status, WNOHANG) == child);
    drain_sigchld();
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(10);
    set_action(SIGCHLD, (uint64_t)SIG_DFL, 0);
    set_mask(BLOCKED);
    argument_rules();
    exit_status_rules();
    thread_rules();
    wnowait_rules();
    selection_rules();
    clone_rules();
    wnothread_rules();
    stop_rules();
    subreaper_rules();
    wakeup_rules();
    pointer_rules();
    int status;
    report("no_children_left", wait_pid(-1, &status, __WALL | WNOHANG));
    return 0;
}
