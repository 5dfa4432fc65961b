/* Conformance program: the rules of kill(2), tkill(2)/tgkill(2) and
 * rt_sigqueueinfo(2)/rt_tgsigqueueinfo(2), through raw syscalls:
 *  - argument checks (signal range, pid 0 / negative / INT_MIN / absent);
 *    the signal number is checked only once a target is found, so an
 *    invalid signal to an absent pid gives ESRCH, not EINVAL;
 *  - the siginfo each sender produces (kill: SI_USER, tkill/tgkill: SI_TKILL,
 *    rt_sigqueueinfo: the caller's siginfo as given, si_signo taken from the
 *    signal argument);
 *  - rt_sigqueueinfo(2): "processes cannot send signals with si_code >= 0 or
 *    SI_TKILL to other processes" (EPERM, checked before the target exists);
 *  - kill(2) permissions: an unprivileged sender needs its real or effective
 *    uid to equal the target's real or saved uid (the target's effective uid
 *    does not count); SIGCONT suffices within the same session; signal 0
 *    checks permission too; kill(-1, sig) does not report EPERM;
 *  - process groups: kill(-pgid) reaches every member, kill(0) the caller's
 *    own group (done in a child that first leaves the caller's group).
 * One line per rule. Needs root: a child drops to uid/gid 65534.
 * Left out: kill(-1, sig) with a real signal (it would signal every process
 * on the host); only the probe kill(-1, 0) is checked. Pids are never
 * printed, only whether they match. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signal_conformance.h"

#define NOPID 0x3fffffff /* above PID_MAX_LIMIT: never a process */
#define NOBODY 65534

static void make_info(siginfo_t* info, int signo, int code, int value)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = signo;
    info->si_code = code;
    info->si_pid = 4242;
    info->si_uid = 4343;
    info->si_value.sival_int = value;
}

static void drop_to_nobody(void)
{
    if (raw(SYS_setgroups, 0, 0) || raw(SYS_setresgid, NOBODY, NOBODY, NOBODY)
        || raw(SYS_setresuid, NOBODY, NOBODY, NOBODY))
        _exit(99);
}

/* A process that sets itself up with `setup`, says so on `ready`, and lives
 * until `done` is closed. */
static pid_t helper(int kind, int ready, int done_read, int done_write)
{
    pid_t child = fork();
    if (child != 0)
        return child;
    char byte;
    alarm(5);
    close(done_write);
    switch (kind) {
    case 0: setsid(); break;                                  /* root, other session */
    case 1: raw(SYS_setresuid, NOBODY, 0, 0); break;          /* real uid nobody */
    case 2: raw(SYS_setresuid, 0, NOBODY, 0); break;          /* effective uid nobody */
    case 3: raw(SYS_setresuid, 0, 0, NOBODY); break;          /* saved uid nobody */
    default: break;                                           /* plain root */
    }
    write(ready, "r", 1);
    while (read(done_read, &byte, 1) > 0) { }
    _exit(0);
}

static void argument_rules(void)
{
    pid_t self = getpid(), tid = gettid();
    report("kill_signal_65", raw(SYS_kill, self, 65));
    report("kill_signal_negative", raw(SYS_kill, self, -1));
    /* The signal number is checked only once a target is found. */
    report("kill_signal_65_nonexistent_pid", raw(SYS_kill, NOPID, 65));
    report("kill_nonexistent_pid", raw(SYS_kill, NOPID, 0));
    report("kill_self_probe", raw(SYS_kill, self, 0));
    report("kill_int_min", raw(SYS_kill, INT_MIN, 0));
    report("kill_nonexistent_group", raw(SYS_kill, -NOPID, 0));
    report("kill_own_group_probe", raw(SYS_kill, 0, 0));

    report("tkill_tid_0", raw(SYS_tkill, 0, 0));
    report("tkill_tid_negative", raw(SYS_tkill, -1, 0));
    report("tkill_nonexistent", raw(SYS_tkill, NOPID, 0));
    report("tkill_signal_65", raw(SYS_tkill, tid, 65));
    report("tkill_signal_65_nonexistent", raw(SYS_tkill, NOPID, 65));
    report("tkill_self_probe", raw(SYS_tkill, tid, 0));
    report("tgkill_tgid_0", raw(SYS_tgkill, 0, tid, 0));
    report("tgkill_tid_0", raw(SYS_tgkill, self, 0, 0));
    report("tgkill_tgid_negative", raw(SYS_tgkill, -1, tid, 0));
    report("tgkill_signal_65", raw(SYS_tgkill, self, tid, 65));
    report("tgkill_nonexistent_tgid", raw(SYS_tgkill, NOPID, tid, 0));
    report("tgkill_self_probe", raw(SYS_tgkill, self, tid, 0));
}

static void sender_info_rules(void)
{
    pid_t self = getpid(), tid = gettid();
    siginfo_t info, queued;

    raw(SYS_kill, self, SIGUSR1);
    report("kill_delivers", take(SIGUSR1, &info));
    report("kill_si_code", info.si_code);
    report("kill_si_pid_is_sender", info.si_pid == self);
    report("kill_si_uid_is_sender", info.si_uid == getuid());
    raw(SYS_tkill, tid, SIGUSR1);
    report("tkill_delivers", take(SIGUSR1, &info));
    report("tkill_si_code", info.si_code);
    report("tkill_si_pid_is_sender", info.si_pid == self);
    raw(SYS_tgkill, self, tid, SIGUSR1);
    report("tgkill_delivers", take(SIGUSR1, &info));
    report("tgkill_si_code", info.si_code);
    report("tgkill_si_pid_is_sender", info.si_pid == self);
    report("tgkill_si_uid_is_sender", info.si_uid == getuid());

    /* si_signo 99 in the buffer: the kernel takes the signal argument. */
    make_info(&queued, 99, SI_QUEUE, 77);
    report("rt_sigqueueinfo_self", raw(SYS_rt_sigqueueinfo, self, SIGUSR1, (long)&queued));
    report("rt_sigqueueinfo_self_delivers", take(SIGUSR1, &info));
    report("rt_sigqueueinfo_si_signo_from_argument", info.si_signo);
    report("rt_sigqueueinfo_si_code", info.si_code);
    report("rt_sigqueueinfo_si_value", info.si_value.sival_int);
    report("rt_sigqueueinfo_si_pid_as_given", info.si_pid);
    report("rt_sigqueueinfo_si_uid_as_given", info.si_uid);
    make_info(&queued, SIGUSR1, SI_USER, 0);
    report("rt_sigqueueinfo_self_si_user", raw(SYS_rt_sigqueueinfo, self, SIGUSR1, (long)&queued));
    take(SIGUSR1, &info);
    report("rt_sigqueueinfo_self_si_user_code", info.si_code);
    report("rt_sigqueueinfo_self_si_user_pid_as_given", info.si_pid);
    make_info(&queued, SIGUSR1, SI_TKILL, 0);
    report("rt_sigqueueinfo_self_si_tkill", raw(SYS_rt_sigqueueinfo, self, SIGUSR1, (long)&queued));
    take(SIGUSR1, &info);
    make_info(&queued, SIGUSR1, SI_KERNEL, 0);
    report("rt_sigqueueinfo_self_si_kernel", raw(SYS_rt_sigqueueinfo, self, SIGUSR1, (long)&queued));
    take(SIGUSR1, &info);
    report("rt_sigqueueinfo_self_si_kernel_code", info.si_code);
    report("rt_sigqueueinfo_bad_info", raw(SYS_rt_sigqueueinfo, self, SIGUSR1, BAD));
    report("rt_sigqueueinfo_bad_info_nothing_queued", take(SIGUSR1, &info));
    make_info(&queued, SIGUSR1, SI_QUEUE, 0);
    report("rt_sigqueueinfo_signal_65", raw(SYS_rt_sigqueueinfo, self, 65, (long)&queued));
    report("rt_sigqueueinfo_self_probe", raw(SYS_rt_sigqueueinfo, self, 0, (long)&queued));
    report("rt_sigqueueinfo_nonexistent", raw(SYS_rt_sigqueueinfo, NOPID, SIGUSR1, (long)&queued));
    report("rt_sigqueueinfo_signal_65_nonexistent", raw(SYS_rt_sigqueueinfo, NOPID, 65, (long)&queued));
    report("rt_sigqueueinfo_pid_0_is_not_a_group", raw(SYS_rt_sigqueueinfo, 0, SIGUSR1, (long)&queued));
    make_info(&queued, SIGUSR1, SI_USER, 0);
    report("rt_sigqueueinfo_nonexistent_si_user", raw(SYS_rt_sigqueueinfo, NOPID, SIGUSR1, (long)&queued));

    make_info(&queued, SIGUSR2, SI_QUEUE, 0);
    report("rt_tgsigqueueinfo_tgid_0", raw(SYS_rt_tgsigqueueinfo, 0, tid, SIGUSR2, (long)&queued));
    report("rt_tgsigqueueinfo_tid_0", raw(SYS_rt_tgsigqueueinfo, self, 0, SIGUSR2, (long)&queued));
    report("rt_tgsigqueueinfo_nonexistent_tgid", raw(SYS_rt_tgsigqueueinfo, NOPID, tid, SIGUSR2, (long)&queued));
    report("rt_tgsigqueueinfo_bad_info", raw(SYS_rt_tgsigqueueinfo, self, tid, SIGUSR2, BAD));
    make_info(&queued, SIGUSR2, SI_USER, 55);
    report("rt_tgsigqueueinfo_self_si_user", raw(SYS_rt_tgsigqueueinfo, self, tid, SIGUSR2, (long)&queued));
    report("rt_tgsigqueueinfo_self_delivers", take(SIGUSR2, &info));
    report("rt_tgsigqueueinfo_si_code", info.si_code);
    report("rt_tgsigqueueinfo_si_pid_as_given", info.si_pid);
}

/* rt_sigqueueinfo and rt_tgsigqueueinfo against another process. The
 * helper has SIGUSR1 and SIGUSR2 blocked (inherited) and prints what arrived
 * only when told to, so the lines come in a fixed order. */
static void other_process_rules(void)
{
    int go[2];
    siginfo_t info, queued;
    pid_t self = getpid(), tid = gettid();
    pipe(go);
    pid_t other = fork();
    if (other == 0) {
        siginfo_t first, second;
        char byte;
        alarm(5);
        wait_for(SIGUSR1, &first);
        wait_for(SIGUSR2, &second);
        read(go[0], &byte, 1);
        report("rt_sigqueueinfo_other_si_code", first.si_code);
        report("rt_sigqueueinfo_other_si_value", first.si_value.sival_int);
        report("rt_sigqueueinfo_other_si_pid_as_given", first.si_pid);
        report("rt_sigqueueinfo_other_si_uid_as_given", first.si_uid);
        report("rt_tgsigqueueinfo_other_si_code", second.si_code);
        report("rt_tgsigqueueinfo_other_si_value", second.si_value.sival_int);
        report("rt_tgsigqueueinfo_other_si_pid_as_given", second.si_pid);
        _exit(0);
    }
    /* kill(-1) skips the caller and init; the helper is there to be found
     * even where no other process runs. */
    report("kill_all_probe", raw(SYS_kill, -1, 0));
    report("kill_signal_65_all", raw(SYS_kill, -1, 65));
    report("tgkill_wrong_tgid", raw(SYS_tgkill, other, tid, 0));
    report("tgkill_other_tid_own_tgid", raw(SYS_tgkill, self, other, 0));
    make_info(&queued, SIGUSR1, SI_USER, 0);
    report("rt_sigqueueinfo_other_si_user", raw(SYS_rt_sigqueueinfo, other, SIGUSR1, (long)&queued));
    make_info(&queued, SIGUSR1, SI_TKILL, 0);
    report("rt_sigqueueinfo_other_si_tkill", raw(SYS_rt_sigqueueinfo, other, SIGUSR1, (long)&queued));
    make_info(&queued, SIGUSR1, SI_KERNEL, 0);
    report("rt_sigqueueinfo_other_si_kernel", raw(SYS_rt_sigqueueinfo, other, SIGUSR1, (long)&queued));
    make_info(&queued, SIGUSR1, SI_MESGQ, 0);
    report("rt_sigqueueinfo_other_si_mesgq", raw(SYS_rt_sigqueueinfo, other, 0, (long)&queued));
    make_info(&queued, SIGUSR2, SI_USER, 0);
    report("rt_tgsigqueueinfo_other_si_user", raw(SYS_rt_tgsigqueueinfo, other, other, SIGUSR2, (long)&queued));
    make_info(&queued, SIGUSR2, SI_TKILL, 0);
    report("rt_tgsigqueueinfo_other_si_tkill", raw(SYS_rt_tgsigqueueinfo, other, other, SIGUSR2, (long)&queued));
    make_info(&queued, SIGUSR2, SI_QUEUE, 0);
    report("rt_tgsigqueueinfo_wrong_tgid", raw(SYS_rt_tgsigqueueinfo, self, other, SIGUSR2, (long)&queued));
    make_info(&queued, SIGUSR1, SI_QUEUE, 77);
    report("rt_sigqueueinfo_other_si_queue", raw(SYS_rt_sigqueueinfo, other, SIGUSR1, (long)&queued));
    make_info(&queued, SIGUSR2, SI_QUEUE, 88);
    report("rt_tgsigqueueinfo_other_si_queue", raw(SYS_rt_tgsigqueueinfo, other, other, SIGUSR2, (long)&queued));
    write(go[1], "g", 1);
    int status = 0;
    waitpid(other, &status, 0);
    report("other_process_exit_status", status);
    take(SIGCHLD, &info);
    close(go[0]);
    close(go[1]);
}

static void group_rules(void)
{
    siginfo_t info;
    int status;
    pid_t members[2];
    for (int i = 0; i < 2; i++) {
        members[i] = fork();
        if (members[i] == 0) {
            alarm(5);
            wait_for(SIGUSR1, &info);
            _exit(info.si_signo == SIGUSR1 && info.si_code == SI_USER && info.si_pid == getppid() ? 1 : 2);
        }
        setpgid(members[i], members[0]);
    }
    report("kill_group", raw(SYS_kill, -members[0], SIGUSR1));
    int reached = 0;
    for (int i = 0; i < 2; i++) {
        waitpid(members[i], &status, 0);
        reached += WIFEXITED(status) && WEXITSTATUS(status) == 1;
    }
    report("kill_group_reaches_every_member", reached);
    report("kill_group_not_the_caller", take(SIGUSR1, &info));
    report("kill_group_gone", raw(SYS_kill, -members[0], 0));
    while (take(SIGCHLD, &info) > 0) { }

    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        long result = raw(SYS_kill, 0, SIGUSR1);
        report("kill_0_own_group", result);
        report("kill_0_reaches_caller", take(SIGUSR1, &info));
        report("kill_0_si_code", info.si_code);
        _exit(0);
    }
    waitpid(child, &status, 0);
    take(SIGCHLD, &info);
}

static void permission_rules(void)
{
    int ready[2], done[2];
    pid_t helpers[4];
    char byte;
    siginfo_t info;
    int status;
    pipe(ready);
    pipe(done);
    for (int kind = 0; kind < 4; kind++)
        helpers[kind] = helper(kind, ready[1], done[0], done[1]);
    for (int kind = 0; kind < 4; kind++)
        read(ready[0], &byte, 1);

    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        siginfo_t queued;
        alarm(5);
        drop_to_nobody();
        report("kill_unprivileged_to_root_probe", raw(SYS_kill, parent, 0));
        report("kill_unprivileged_to_root", raw(SYS_kill, parent, SIGUSR1));
        report("kill_unprivileged_self_probe", raw(SYS_kill, getpid(), 0));
        report("kill_unprivileged_nonexistent", raw(SYS_kill, NOPID, 0));
        report("kill_unprivileged_sigcont_same_session", raw(SYS_kill, parent, SIGCONT));
        report("kill_unprivileged_sigcont_other_session", raw(SYS_kill, helpers[0], SIGCONT));
        report("kill_unprivileged_target_real_uid", raw(SYS_kill, helpers[1], 0));
        report("kill_unprivileged_target_effective_uid", raw(SYS_kill, helpers[2], 0));
        report("kill_unprivileged_target_saved_uid", raw(SYS_kill, helpers[3], 0));
        report("tkill_unprivileged_to_root", raw(SYS_tkill, parent, 0));
        report("tgkill_unprivileged_to_root", raw(SYS_tgkill, parent, parent, 0));
        make_info(&queued, SIGUSR1, SI_QUEUE, 0);
        report("rt_sigqueueinfo_unprivileged_to_root", raw(SYS_rt_sigqueueinfo, parent, SIGUSR1, (long)&queued));
        raw(SYS_kill, getpid(), SIGUSR1);
        take(SIGUSR1, &info);
        report("kill_unprivileged_si_uid", info.si_uid);
        _exit(0);
    }
    waitpid(child, &status, 0);
    report("kill_unprivileged_child_status", status);
    report("kill_unprivileged_nothing_arrived", take(SIGUSR1, &info));
    close(done[1]);
    for (int kind = 0; kind < 4; kind++)
        waitpid(helpers[kind], &status, 0);
    close(done[0]);
    close(ready[0]);
    close(ready[1]);

    /* kill(-1): EPERM from the processes it may not signal is not reported;
     * only "no process at all" is (ESRCH). A root helper is there to be
     * refused even where no other process runs. */
    pipe(ready);
    pipe(done);
    pid_t root_helper = helper(4, ready[1], done[0], done[1]);
    read(ready[0], &byte, 1);
    child = fork();
    if (child == 0) {
        drop_to_nobody();
        report("kill_all_unprivileged_probe", raw(SYS_kill, -1, 0));
        _exit(0);
    }
    waitpid(child, &status, 0);
    close(done[1]);
    waitpid(root_helper, &status, 0);
    close(done[0]);
    close(ready[0]);
    close(ready[1]);
    while (take(SIGCHLD, &info) > 0) { }
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(10);
    set_mask(BIT(SIGUSR1) | BIT(SIGUSR2) | BIT(SIGCHLD));
    argument_rules();
    sender_info_rules();
    other_process_rules();
    group_rules();
    permission_rules();
    return 0;
}
