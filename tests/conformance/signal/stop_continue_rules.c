/* Conformance program: stop, continue and termination of children as the
 * parent sees them (signal(7), wait(2), sigaction(2), clone(2), prctl(2)):
 *  - a SIGSTOP-ed child: the parent's SIGCHLD (CLD_STOPPED, si_status the
 *    signal), waitid(WSTOPPED) and the waitpid(WUNTRACED) status 0x137f; the
 *    report is consumed once;
 *  - SIGCONT: SIGCHLD CLD_CONTINUED, waitid(WCONTINUED), waitpid status
 *    0xffff; SIGCONT to a child that is not stopped reports nothing; a
 *    blocked SIGCONT still continues the child and stays pending;
 *  - exit and death: CLD_EXITED with the exit code, CLD_KILLED with the
 *    signal; SIGKILL ends a stopped child; SIGTERM and SIGSEGV default
 *    actions (no core: the child makes itself non-dumpable and sets
 *    RLIMIT_CORE to 0, so the host's core_pattern does not matter);
 *  - SA_NOCLDSTOP: no SIGCHLD for stop/continue, still for exit;
 *  - generating a stop signal discards a pending SIGCONT and vice versa;
 *  - SIGTSTP/SIGTTIN/SIGTTOU (default action) to a process in an orphaned
 *    process group are discarded; in a non-orphaned group SIGTSTP stops;
 *  - SIGCHLD set to SIG_IGN, or SA_NOCLDWAIT: children are reaped
 *    automatically (wait gives ECHILD); SIGCHLD is still sent with
 *    SA_NOCLDWAIT, not with SIG_IGN;
 *  - exit_signal: a raw clone with exit signal SIGUSR1 sends SIGUSR1 on exit
 *    and is a "clone" child: only __WCLONE or __WALL waits see it;
 *  - PR_SET_PDEATHSIG: a grandchild gets its death signal when its parent
 *    exits (the original process is a child subreaper, so it adopts and reaps
 *    the grandchild).
 * SIGCHLD is kept blocked and read with sigtimedwait; the parent always
 * waits for the SIGCHLD first and only then uses waitid, because Linux makes
 * a stop visible to wait slightly before it sends the SIGCHLD. Children wait
 * on pipes, never on time. One line per rule. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signal_conformance.h"

static long wait_id(pid_t pid, siginfo_t* info, int options)
{
    memset(info, 0x55, sizeof(*info));
    return raw(SYS_waitid, P_PID, pid, (long)info, options, 0);
}

static long wait_pid(pid_t pid, int* status, int options)
{
    *status = -1;
    return raw(SYS_wait4, pid, (long)status, options, 0);
}

static void set_sigchld(uint64_t handler, uint64_t flags)
{
    struct kernel_sigaction act = { handler, flags, 0, 0 };
    raw(SYS_rt_sigaction, SIGCHLD, (long)&act, 0, 8);
}

/* A child that blocks on `go` until it is written to (or closed), then
 * exits with `code`. */
static pid_t waiting_child(int go[2], int code)
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

static void stop_continue_exit(void)
{
    int go[2], status;
    siginfo_t info;
    pid_t child = waiting_child(go, 7);

    raw(SYS_kill, child, SIGSTOP);
    report("sigchld_stop_arrives", wait_for(SIGCHLD, &info));
    report("sigchld_stop_si_code", info.si_code);
    report("sigchld_stop_si_status", info.si_status);
    report("sigchld_stop_si_pid_is_child", info.si_pid == child);
    report("sigchld_stop_si_uid_is_child", info.si_uid == getuid());
    report("waitid_stopped", wait_id(child, &info, WSTOPPED | WNOWAIT));
    report("waitid_stopped_si_signo", info.si_signo);
    report("waitid_stopped_si_code", info.si_code);
    report("waitid_stopped_si_status", info.si_status);
    report("waitid_stopped_si_pid_is_child", info.si_pid == child);
    report("waitpid_without_wuntraced_ignores_stop", wait_pid(child, &status, WNOHANG));
    report("waitpid_stopped_is_child", wait_pid(child, &status, WUNTRACED) == child);
    report("waitpid_stopped_status", status);
    report("waitpid_stopped_wifstopped", WIFSTOPPED(status));
    report("waitpid_stopped_wstopsig", WSTOPSIG(status));
    report("waitpid_stop_reported_once", wait_pid(child, &status, WUNTRACED | WNOHANG));
    report("waitid_stop_reported_once_si_pid", (wait_id(child, &info, WSTOPPED | WNOHANG), info.si_pid));

    raw(SYS_kill, child, SIGCONT);
    report("sigchld_continue_arrives", wait_for(SIGCHLD, &info));
    report("sigchld_continue_si_code", info.si_code);
    report("sigchld_continue_si_status", info.si_status);
    report("sigchld_continue_si_pid_is_child", info.si_pid == child);
    report("waitid_continued", wait_id(child, &info, WCONTINUED | WNOWAIT));
    report("waitid_continued_si_code", info.si_code);
    report("waitid_continued_si_status", info.si_status);
    report("waitpid_continued_is_child", wait_pid(child, &status, WCONTINUED) == child);
    report("waitpid_continued_status", status);
    report("waitpid_continued_wifcontinued", WIFCONTINUED(status));
    report("waitpid_continue_reported_once", wait_pid(child, &status, WCONTINUED | WNOHANG));

    write(go[1], "g", 1);
    report("sigchld_exit_arrives", wait_for(SIGCHLD, &info));
    report("sigchld_exit_si_code", info.si_code);
    report("sigchld_exit_si_status", info.si_status);
    report("waitid_exited", wait_id(child, &info, WEXITED | WNOWAIT));
    report("waitid_exited_si_code", info.si_code);
    report("waitid_exited_si_status", info.si_status);
    report("waitpid_exited_is_child", wait_pid(child, &status, 0) == child);
    report("waitpid_exited_status", status);
    report("waitpid_exited_wexitstatus", WEXITSTATUS(status));
    report("waitpid_reaped", wait_pid(child, &status, 0));
    close(go[1]);
}

static void continue_not_stopped(void)
{
    int go[2], status;
    siginfo_t info;
    pid_t child = waiting_child(go, 0);
    raw(SYS_kill, child, SIGCONT);
    report("sigcont_not_stopped_no_waitid_report", (wait_id(child, &info, WCONTINUED | WNOHANG), info.si_pid));
    report("sigcont_not_stopped_waitid_si_signo", info.si_signo);
    write(go[1], "g", 1);
    wait_for(SIGCHLD, &info);
    report("sigcont_not_stopped_first_sigchld_code", info.si_code);
    wait_pid(child, &status, 0);
    close(go[1]);

    /* A blocked SIGCONT continues the child all the same and stays pending. */
    int ready[2];
    pipe(ready);
    pipe(go);
    child = fork();
    if (child == 0) {
        char byte;
        alarm(5);
        set_mask(BIT(SIGCONT));
        write(ready[1], "r", 1);
        read(go[0], &byte, 1);
        _exit((pending() & BIT(SIGCONT)) ? 1 : 0);
    }
    char byte;
    read(ready[0], &byte, 1);
    raw(SYS_kill, child, SIGSTOP);
    wait_for(SIGCHLD, &info);
    raw(SYS_kill, child, SIGCONT);
    wait_for(SIGCHLD, &info);
    report("sigcont_blocked_still_continues", info.si_code);
    write(go[1], "g", 1);
    wait_for(SIGCHLD, &info);
    wait_pid(child, &status, 0);
    report("sigcont_blocked_left_pending", WEXITSTATUS(status));
    close(go[0]);
    close(go[1]);
    close(ready[0]);
    close(ready[1]);
}

static void killed(void)
{
    int go[2], status;
    siginfo_t info;

    pid_t child = waiting_child(go, 0);
    raw(SYS_kill, child, SIGSTOP);
    wait_for(SIGCHLD, &info);
    raw(SYS_kill, child, SIGKILL);
    report("sigkill_stopped_sigchld_code", (wait_for(SIGCHLD, &info), info.si_code));
    report("sigkill_stopped_sigchld_status", info.si_status);
    wait_pid(child, &status, 0);
    report("sigkill_stopped_status", status);
    report("sigkill_stopped_wifsignaled", WIFSIGNALED(status));
    report("sigkill_stopped_wtermsig", WTERMSIG(status));
    close(go[1]);

    child = waiting_child(go, 0);
    raw(SYS_kill, child, SIGTERM);
    report("sigterm_sigchld_code", (wait_for(SIGCHLD, &info), info.si_code));
    report("sigterm_sigchld_status", info.si_status);
    report("sigterm_waitid_si_code", (wait_id(child, &info, WEXITED | WNOWAIT), info.si_code));
    report("sigterm_waitid_si_status", info.si_status);
    wait_pid(child, &status, 0);
    report("sigterm_status", status);
    report("sigterm_wifsignaled", WIFSIGNALED(status));
    report("sigterm_wtermsig", WTERMSIG(status));
    report("sigterm_wcoredump", WCOREDUMP(status) != 0);
    close(go[1]);

    child = fork();
    if (child == 0) {
        struct rlimit none = { 0, 0 };
        setrlimit(RLIMIT_CORE, &none);
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        raw(SYS_kill, getpid(), SIGSEGV);
        _exit(0);
    }
    report("sigsegv_no_core_sigchld_code", (wait_for(SIGCHLD, &info), info.si_code));
    report("sigsegv_no_core_sigchld_status", info.si_status);
    wait_pid(child, &status, 0);
    report("sigsegv_no_core_status", status);
    report("sigsegv_no_core_wtermsig", WTERMSIG(status));
    report("sigsegv_no_core_wcoredump", WCOREDUMP(status) != 0);
}

static void nocldstop(void)
{
    int go[2], status;
    siginfo_t info;
    set_sigchld((uint64_t)SIG_DFL, SA_NOCLDSTOP);
    pid_t child = waiting_child(go, 3);
    raw(SYS_kill, child, SIGSTOP);
    report("nocldstop_waitid_stopped_code", (wait_id(child, &info, WSTOPPED), info.si_code));
    raw(SYS_kill, child, SIGCONT);
    report("nocldstop_waitid_continued_code", (wait_id(child, &info, WCONTINUED), info.si_code));
    write(go[1], "g", 1);
    /* Had a stop or continue SIGCHLD been sent, it would be the one pending
     * here (a standard signal is queued once). */
    report("nocldstop_first_sigchld_code", (wait_for(SIGCHLD, &info), info.si_code));
    report("nocldstop_first_sigchld_status", info.si_status);
    wait_pid(child, &status, 0);
    report("nocldstop_no_more_sigchld", take(SIGCHLD, &info));
    close(go[1]);
    set_sigchld((uint64_t)SIG_DFL, 0);
}

static void stop_discards_continue(void)
{
    int status;
    siginfo_t info;
    pid_t child = fork();
    if (child == 0) {
        set_mask(BIT(SIGCONT) | BIT(SIGTSTP) | BIT(SIGTTIN) | BIT(SIGCHLD));
        raw(SYS_kill, getpid(), SIGCONT);
        report("pending_sigcont", (pending() & BIT(SIGCONT)) != 0);
        raw(SYS_kill, getpid(), SIGTSTP);
        report("stop_signal_discards_pending_sigcont", (pending() & BIT(SIGCONT)) == 0);
        report("stop_signal_left_pending", (pending() & BIT(SIGTSTP)) != 0);
        raw(SYS_kill, getpid(), SIGTTIN);
        raw(SYS_kill, getpid(), SIGCONT);
        report("sigcont_discards_pending_stop_signals", (pending() & (BIT(SIGTSTP) | BIT(SIGTTIN))) == 0);
        report("sigcont_left_pending", (pending() & BIT(SIGCONT)) != 0);
        _exit(0); /* exits with SIGCONT pending and blocked */
    }
    wait_for(SIGCHLD, &info);
    wait_pid(child, &status, 0);
}

static void orphaned_group(void)
{
    int status;
    siginfo_t info;

    /* After setsid() the child's group is orphaned: its only member's parent
     * is in another session. */
    pid_t child = fork();
    if (child == 0) {
        setsid();
        raw(SYS_kill, getpid(), SIGTSTP);
        raw(SYS_kill, getpid(), SIGTTIN);
        raw(SYS_kill, getpid(), SIGTTOU);
        _exit(3);
    }
    wait_for(SIGCHLD, &info);
    report("orphaned_group_tty_stops_first_sigchld_code", info.si_code);
    wait_pid(child, &status, WUNTRACED);
    report("orphaned_group_tty_stops_status", status);
    if (WIFSTOPPED(status)) {
        raw(SYS_kill, child, SIGKILL);
        wait_pid(child, &status, 0);
        take(SIGCHLD, &info);
    }

    /* A session leader with a child in a group of its own: that group has a
     * member whose parent is in another group of the same session, so it is
     * not orphaned and SIGTSTP stops. The leader reports. */
    child = fork();
    if (child == 0) {
        setsid();
        pid_t member = fork();
        if (member == 0) {
            setpgid(0, 0);
            raw(SYS_kill, getpid(), SIGTSTP);
            _exit(4);
        }
        alarm(5);
        setpgid(member, member);
        wait_pid(member, &status, WUNTRACED);
        report("non_orphaned_group_sigtstp_stops", WIFSTOPPED(status));
        report("non_orphaned_group_sigtstp_wstopsig", WSTOPSIG(status));
        raw(SYS_kill, member, SIGKILL);
        wait_pid(member, &status, 0);
        _exit(0);
    }
    wait_for(SIGCHLD, &info);
    wait_pid(child, &status, 0);
}

static void automatic_reaping(void)
{
    int status;
    siginfo_t info;

    set_sigchld((uint64_t)SIG_IGN, 0);
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    report("sigchld_ignored_wait_echild", wait_pid(child, &status, 0));
    report("sigchld_ignored_any_wait_echild", wait_pid(-1, &status, 0));
    report("sigchld_ignored_not_sent", take(SIGCHLD, &info));

    set_sigchld((uint64_t)SIG_DFL, SA_NOCLDWAIT);
    child = fork();
    if (child == 0)
        _exit(6);
    report("nocldwait_wait_echild", wait_pid(child, &status, 0));
    report("nocldwait_sigchld_still_sent", take(SIGCHLD, &info));
    report("nocldwait_sigchld_code", info.si_code);
    report("nocldwait_sigchld_status", info.si_status);
    set_sigchld((uint64_t)SIG_DFL, 0);
}

static void exit_signal(void)
{
    int status;
    siginfo_t info;
    set_mask(BIT(SIGCHLD) | BIT(SIGUSR1));
    /* clone(2) with only an exit signal in the flags: a fork. */
    long child = raw(SYS_clone, SIGUSR1, 0, 0, 0, 0);
    if (child == 0)
        raw(SYS_exit_group, 5);
    report("exit_signal_waitpid_without_wclone", wait_pid(child, &status, 0));
    report("exit_signal_sent", wait_for(SIGUSR1, &info));
    report("exit_signal_si_code", info.si_code);
    report("exit_signal_si_status", info.si_status);
    report("exit_signal_si_pid_is_child", info.si_pid == child);
    report("exit_signal_no_sigchld", take(SIGCHLD, &info));
    report("exit_signal_waitid_without_wclone", wait_id(child, &info, WEXITED | WNOWAIT));
    report("exit_signal_waitid_wclone", wait_id(child, &info, WEXITED | WNOWAIT | __WCLONE));
    report("exit_signal_waitid_wclone_si_pid_is_child", info.si_pid == child);
    report("exit_signal_waitpid_wall", wait_pid(child, &status, __WALL) == child);
    report("exit_signal_waitpid_wall_status", status);

    child = fork();
    if (child == 0)
        _exit(0);
    wait_for(SIGCHLD, &info);
    report("sigchld_child_waitpid_wclone", wait_pid(child, &status, __WCLONE));
    report("sigchld_child_waitpid_wall", wait_pid(child, &status, __WALL) == child);
}

struct death_report {
    long signo, code, pid_is_parent, parent_after;
};

static void pdeathsig(void)
{
    int ready[2], result[2], status;
    siginfo_t info;
    struct death_report got = { -1, -1, -1, -1 };
    pid_t self = getpid();
    long middle_report[2] = { -1, -1 }; /* grandchild pid, its PR_GET_PDEATHSIG */
    set_mask(BIT(SIGCHLD) | BIT(SIGUSR1));
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    pipe(ready);
    pipe(result);
    pid_t child = fork();
    if (child == 0) {
        alarm(5);
        pid_t middle = getpid();
        pid_t grandchild = fork();
        if (grandchild == 0) {
            int deathsig = -1;
            alarm(5);
            prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
            prctl(PR_GET_PDEATHSIG, (long)&deathsig, 0, 0, 0);
            write(ready[1], &deathsig, sizeof(deathsig));
            wait_for(SIGUSR1, &info);
            struct death_report sent = { info.si_signo, info.si_code, info.si_pid == middle, getppid() == self };
            write(result[1], &sent, sizeof(sent));
            _exit(0);
        }
        int deathsig = -1;
        read(ready[0], &deathsig, sizeof(deathsig));
        long sent[2] = { grandchild, deathsig };
        write(result[1], sent, sizeof(sent));
        _exit(0); /* after the grandchild set its death signal */
    }
    read(result[0], middle_report, sizeof(middle_report));
    report("pdeathsig_get", middle_report[1]);
    wait_pid(child, &status, 0);
    read(result[0], &got, sizeof(got));
    report("pdeathsig_signal", got.signo);
    report("pdeathsig_si_code", got.code);
    report("pdeathsig_si_pid_is_dead_parent", got.pid_is_parent);
    report("pdeathsig_reparented_to_subreaper", got.parent_after);
    report("pdeathsig_subreaper_reaps", wait_pid(middle_report[0], &status, 0) == middle_report[0]);
    while (take(SIGCHLD, &info) > 0) { }
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(10);
    set_mask(BIT(SIGCHLD));
    stop_continue_exit();
    continue_not_stopped();
    killed();
    nocldstop();
    stop_discards_continue();
    orphaned_group();
    automatic_reaping();
    exit_signal();
    pdeathsig();
    return 0;
}
