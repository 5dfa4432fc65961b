/* Conformance program: the rules of exit(2) and exit_group(2) as the parent
 * and the children of the exiting process see them (Linux kernel/exit.c:
 * do_exit, do_group_exit, exit_notify, forget_original_parent,
 * find_new_reaper, reparent_leader; kernel/signal.c do_notify_parent),
 * through raw syscalls:
 *  - the exit code is truncated to 8 bits (exit_group(263) -> 7,
 *    exit_group(-1) -> 255), for exit(2) of a lone thread too;
 *  - SIGCHLD on exit: si_code CLD_EXITED/CLD_KILLED, si_status the
 *    truncated code or the signal, si_pid/si_uid the child's;
 *  - a child with exit signal 0 (raw clone, flags 0) sends no signal at all
 *    and is waited for only with __WCLONE or __WALL;
 *  - exit(2) of a thread that is not the last sends nothing to the parent;
 *  - orphans: children are reparented to the nearest child subreaper (or
 *    init); getppid() follows; PR_SET_PDEATHSIG is delivered (SI_USER, si_pid
 *    the dead parent) once the new parent is set; the setting is not
 *    inherited by fork; a zombie orphan is announced to its new parent with
 *    its own SIGCHLD, which comes before the one of the exiting parent (so
 *    that is the one a standard SIGCHLD keeps); a reparented "clone" child
 *    gets SIGCHLD as its exit signal;
 *  - the "parent" of a child is the thread that forked it: when that thread
 *    exits, the child passes to another thread of the process and gets its
 *    parent-death signal although the process lives on.
 * SIGCHLD, SIGUSR1 and SIGUSR2 stay blocked and are taken with sigtimedwait;
 * children wait on pipes, never on time. Pids are never printed, only
 * whether they match. One line per rule. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process_conformance.h"

#define BLOCKED (BIT(SIGCHLD) | BIT(SIGUSR1) | BIT(SIGUSR2))

/* A child that calls `call`(code) at once; returns its wait status and
 * leaves its SIGCHLD in *info. */
static int exit_status(long call, long code, siginfo_t* info, long* child_out)
{
    int status;
    long child = fork();
    if (child == 0)
        raw(call, code);
    wait_for(SIGCHLD, info);
    wait_pid(child, &status, 0);
    *child_out = child;
    return status;
}

static void truncation_rules(void)
{
    siginfo_t info;
    long child;

    int status = exit_status(SYS_exit_group, 256 + 7, &info, &child);
    report("exit_group_263_status", status);
    report("exit_group_263_wexitstatus", WEXITSTATUS(status));
    report("exit_group_263_sigchld_si_signo", info.si_signo);
    report("exit_group_263_sigchld_si_errno", info.si_errno);
    report("exit_group_263_sigchld_si_code", info.si_code);
    report("exit_group_263_sigchld_si_status", info.si_status);
    report("exit_group_263_sigchld_si_pid_is_child", info.si_pid == child);
    report("exit_group_263_sigchld_si_uid_is_ours", info.si_uid == getuid());
    status = exit_status(SYS_exit_group, -1, &info, &child);
    report("exit_group_minus_1_status", status);
    report("exit_group_minus_1_sigchld_si_status", info.si_status);
    report("exit_group_256_status", exit_status(SYS_exit_group, 256, &info, &child));
    report("exit_group_256_sigchld_si_status", info.si_status);
    report("exit_group_0x12345_status", exit_status(SYS_exit_group, 0x12345, &info, &child));
    report("exit_group_int_min_status", exit_status(SYS_exit_group, INT_MIN, &info, &child));
    report("exit_263_status", exit_status(SYS_exit, 256 + 7, &info, &child));
    report("exit_263_sigchld_si_status", info.si_status);
    report("exit_minus_1_status", exit_status(SYS_exit, -1, &info, &child));
    report("exit_high_bits_only_status", exit_status(SYS_exit, 0x100000000L + 3, &info, &child));

    /* Killed: CLD_KILLED with the signal. */
    child = fork();
    if (child == 0) {
        raw(SYS_kill, raw(SYS_getpid), SIGKILL);
        raw(SYS_exit_group, 0);
    }
    wait_for(SIGCHLD, &info);
    report("killed_sigchld_si_code", info.si_code);
    report("killed_sigchld_si_status", info.si_status);
    report("killed_sigchld_si_pid_is_child", info.si_pid == child);
    wait_pid(child, &status, 0);
    report("killed_status", status);
}

static void exit_signal_rules(void)
{
    int status;
    siginfo_t info;

    long child = clone_process(0);
    if (child == 0)
        raw(SYS_exit_group, 8);
    report("exit_signal_0_wait4_pid", wait_pid(child, &status, 0));
    report("exit_signal_0_wait4_any", wait_pid(-1, &status, 0));
    report("exit_signal_0_waitid", wait_id(P_PID, child, &info, WEXITED));
    report("exit_signal_0_wait4_wclone_is_child", wait_pid(child, &status, __WCLONE) == child);
    report("exit_signal_0_wait4_wclone_status", status);
    report("exit_signal_0_no_signal_pending", (long)pending());

    child = clone_process(0);
    if (child == 0)
        raw(SYS_exit_group, 9);
    report("exit_signal_0_waitid_wall", wait_id(P_PID, child, &info, WEXITED | __WALL));
    report("exit_signal_0_waitid_wall_si_pid_is_child", info.si_pid == child);
    report("exit_signal_0_waitid_wall_si_signo", info.si_signo);
    report("exit_signal_0_waitid_wall_si_status", info.si_status);
    report("exit_signal_0_wall_no_signal_pending", (long)pending());
}

/* --- exit(2) of a thread that is not the last --- */

struct thread_exit {
    int code;
};

static void exiting_thread(void* arg)
{
    raw(SYS_exit, ((struct thread_exit*)arg)->code);
}

static void thread_exit_rules(void)
{
    int status;
    siginfo_t info;
    long child = fork();
    if (child == 0) {
        static struct thread_stack stack;
        static volatile int word;
        static struct thread_exit plan = { 9 };
        alarm(5);
        long tid = start_thread(&stack, &word, exiting_thread, &plan);
        wait_thread_gone(&word, tid);
        raw(SYS_exit_group, 4);
    }
    /* Had the thread's exit sent a SIGCHLD, it would be the one pending
     * (the process's own comes after the last thread is gone). */
    wait_for(SIGCHLD, &info);
    report("thread_exit_first_sigchld_si_status", info.si_status);
    report("thread_exit_first_sigchld_si_pid_is_child", info.si_pid == child);
    wait_pid(child, &status, 0);
    report("thread_exit_process_status", status);
    report("thread_exit_no_more_sigchld", take(SIGCHLD, &info));
}

/* --- Orphans and parent-death signals --- */

struct orphan_report {
    int deathsig_set; /* PR_GET_PDEATHSIG after PR_SET_PDEATHSIG */
    int signo, code; /* the parent-death signal taken */
    int si_pid_is_parent; /* si_pid is the dead parent */
    int ppid_is_dead_parent;
    int ppid_is_test; /* getppid() is the test process */
    int fork_child_deathsig; /* PR_GET_PDEATHSIG in a fork of the orphan */
};

/* A middle process forks a grandchild that sets its parent-death signal to
 * SIGUSR1, then exits; the grandchild reports through `out` and exits with
 * 42 once `go` is written to or closed. Returns the middle's pid; the
 * grandchild's pid is in *grandchild. */
static long orphan(int out[2], int go[2], pid_t* grandchild)
{
    pid_t test = getpid();
    pipe(out);
    pipe(go);
    long middle = fork();
    if (middle == 0) {
        int ready[2];
        char byte;
        alarm(5);
        pipe(ready);
        pid_t parent = getpid();
        pid_t orphaned = fork();
        if (orphaned == 0) {
            struct orphan_report got = { -1, -1, -1, -1, -1, -1, -1 };
            siginfo_t info;
            alarm(5);
            close(go[1]);
            raw(SYS_prctl, PR_SET_PDEATHSIG, SIGUSR1);
            raw(SYS_prctl, PR_GET_PDEATHSIG, (long)&got.deathsig_set);
            write(ready[1], "r", 1);
            wait_for(SIGUSR1, &info);
            got.signo = info.si_signo;
            got.code = info.si_code;
            got.si_pid_is_parent = info.si_pid == parent;
            got.ppid_is_dead_parent = getppid() == parent;
            got.ppid_is_test = getppid() == test;
            pid_t forked = fork();
            if (forked == 0) {
                int deathsig = -1;
                raw(SYS_prctl, PR_GET_PDEATHSIG, (long)&deathsig);
                _exit(deathsig);
            }
            int status;
            wait_pid(forked, &status, 0);
            got.fork_child_deathsig = WEXITSTATUS(status);
            write(out[1], &got, sizeof(got));
            read(go[0], &byte, 1);
            _exit(42);
        }
        read(ready[0], &byte, 1);
        write(out[1], &orphaned, sizeof(orphaned));
        _exit(0);
    }
    close(go[0]);
    close(out[1]);
    read(out[0], grandchild, sizeof(*grandchild));
    return middle;
}

static void report_orphan(const char* prefix, const struct orphan_report* got)
{
    char name[96];
    const char* names[] = { "deathsig_set", "pdeathsig_signo", "pdeathsig_si_code", "pdeathsig_si_pid_is_dead_parent",
        "getppid_is_dead_parent", "getppid_is_test_process", "pdeathsig_not_inherited_by_fork" };
    const int values[] = { got->deathsig_set, got->signo, got->code, got->si_pid_is_parent,
        got->ppid_is_dead_parent, got->ppid_is_test, got->fork_child_deathsig };
    for (int i = 0; i < 7; i++) {
        snprintf(name, sizeof(name), "%s_%s", prefix, names[i]);
        report(name, values[i]);
    }
}

static void orphan_rules(void)
{
    int out[2], go[2], status;
    pid_t grandchild = 0;
    struct orphan_report got;
    siginfo_t info;

    report("pdeathsig_invalid_signal", raw(SYS_prctl, PR_SET_PDEATHSIG, 65));
    report("pdeathsig_negative_signal", raw(SYS_prctl, PR_SET_PDEATHSIG, -1));
    report("pdeathsig_get_bad_pointer", raw(SYS_prctl, PR_GET_PDEATHSIG, BAD));

    /* No subreaper here: the orphan goes to whichever reaper is above (init
     * or a subreaper ancestor), not to the test process. */
    long middle = orphan(out, go, &grandchild);
    wait_pid(middle, &status, 0);
    memset(&got, 0xff, sizeof(got));
    read(out[0], &got, sizeof(got));
    report_orphan("no_subreaper", &got);
    report("no_subreaper_orphan_not_ours", wait_pid(grandchild, &status, WNOHANG));
    release(go);
    close(out[0]);
    drain_sigchld();

    /* The test process as child subreaper adopts it. */
    raw(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1);
    middle = orphan(out, go, &grandchild);
    wait_pid(middle, &status, 0);
    memset(&got, 0xff, sizeof(got));
    read(out[0], &got, sizeof(got));
    report_orphan("subreaper", &got);
    report("subreaper_orphan_live", wait_pid(grandchild, &status, WNOHANG));
    drain_sigchld();
    release(go);
    wait_for(SIGCHLD, &info);
    report("subreaper_orphan_sigchld_si_pid_is_orphan", info.si_pid == grandchild);
    report("subreaper_orphan_sigchld_si_status", info.si_status);
    report("subreaper_orphan_wait4_is_orphan", wait_pid(-1, &status, 0) == grandchild);
    report("subreaper_orphan_status", status);
    close(out[0]);

    /* A zombie orphan: announced to the new parent before the old parent's
     * own exit is. */
    int pids[2];
    pipe(pids);
    middle = fork();
    if (middle == 0) {
        alarm(5);
        pid_t zombie = fork();
        if (zombie == 0)
            _exit(21);
        wait_id(P_PID, zombie, &info, WEXITED | WNOWAIT);
        write(pids[1], &zombie, sizeof(zombie));
        _exit(0);
    }
    read(pids[0], &grandchild, sizeof(grandchild));
    /* Once the middle is waited for, both SIGCHLDs were sent (the middle's
     * after the orphan's, in the same exit_notify): one is left. */
    report("zombie_orphan_middle_wait4_is_middle", wait_pid(middle, &status, 0) == middle);
    report("zombie_orphan_sigchld", take(SIGCHLD, &info));
    report("zombie_orphan_sigchld_si_pid_is_orphan", info.si_pid == grandchild);
    report("zombie_orphan_sigchld_si_status", info.si_status);
    report("zombie_orphan_no_more_sigchld", take(SIGCHLD, &info));
    report("zombie_orphan_wait4_is_orphan", wait_pid(grandchild, &status, WNOHANG) == grandchild);
    report("zombie_orphan_status", status);

    /* A "clone" child (exit signal SIGUSR1) of the dead parent: its exit
     * signal becomes SIGCHLD. */
    pipe(go);
    middle = fork();
    if (middle == 0) {
        alarm(5);
        long cloned = clone_process(SIGUSR1);
        if (cloned == 0) {
            char byte;
            raw(SYS_read, go[0], (long)&byte, 1);
            raw(SYS_exit_group, 22);
        }
        pid_t cloned_pid = (pid_t)cloned;
        write(pids[1], &cloned_pid, sizeof(cloned_pid));
        _exit(0);
    }
    close(go[0]);
    read(pids[0], &grandchild, sizeof(grandchild));
    wait_pid(middle, &status, 0);
    drain_sigchld();
    release(go);
    wait_for(SIGCHLD, &info);
    report("reparented_clone_child_sigchld_si_pid_is_child", info.si_pid == grandchild);
    report("reparented_clone_child_no_sigusr1", take(SIGUSR1, &info));
    report("reparented_clone_child_wait4_is_child", wait_pid(grandchild, &status, 0) == grandchild);
    report("reparented_clone_child_status", status);
    close(pids[0]);
    close(pids[1]);
    raw(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0);
}

/* --- The parent of a child is the thread that forked it --- */

struct thread_fork {
    int ready[2], out[2], go[2];
    volatile int child;
};

struct thread_orphan_report {
    int signo, code, si_pid_is_process, ppid_is_process;
};

static void thread_forking(void* arg)
{
    struct thread_fork* plan = arg;
    char byte;
    long child = clone_process(SIGCHLD);
    if (child == 0) {
        struct thread_orphan_report got;
        siginfo_t info;
        raw(SYS_prctl, PR_SET_PDEATHSIG, SIGUSR1);
        raw(SYS_write, plan->ready[1], (long)"r", 1);
        wait_for(SIGUSR1, &info);
        got.signo = info.si_signo;
        got.code = info.si_code;
        got.si_pid_is_process = info.si_pid == raw(SYS_getppid);
        got.ppid_is_process = raw(SYS_getppid);
        raw(SYS_write, plan->out[1], (long)&got, sizeof(got));
        raw(SYS_read, plan->go[0], (long)&byte, 1);
        raw(SYS_exit_group, 23);
    }
    raw(SYS_read, plan->ready[0], (long)&byte, 1);
    plan->child = (int)child;
}

static void thread_parent_rules(void)
{
    static struct thread_stack stack;
    static volatile int word;
    static struct thread_fork plan;
    struct thread_orphan_report got;
    int status;

    pipe(plan.ready);
    pipe(plan.out);
    pipe(plan.go);
    long tid = start_thread(&stack, &word, thread_forking, &plan);
    wait_thread_gone(&word, tid);
    long child = plan.child;
    memset(&got, 0xff, sizeof(got));
    read(plan.out[0], &got, sizeof(got));
    report("thread_exit_child_pdeathsig_signo", got.signo);
    report("thread_exit_child_pdeathsig_si_code", got.code);
    report("thread_exit_child_pdeathsig_si_pid_is_process", got.si_pid_is_process);
    report("thread_exit_child_getppid_is_process", got.ppid_is_process == getpid());
    report("thread_exit_child_now_of_leader_wnothread", wait_pid(child, &status, __WNOTHREAD | WNOHANG));
    release(plan.go);
    report("thread_exit_child_wait4_wnothread_is_child", wait_pid(child, &status, __WNOTHREAD) == child);
    report("thread_exit_child_status", status);
    drain_sigchld();
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(10);
    set_action(SIGCHLD, (uint64_t)SIG_DFL, 0);
    set_mask(BLOCKED);
    truncation_rules();
    exit_signal_rules();
    thread_exit_rules();
    orphan_rules();
    thread_parent_rules();
    int status;
    report("no_children_left", wait_pid(-1, &status, __WALL | WNOHANG));
    return 0;
}
