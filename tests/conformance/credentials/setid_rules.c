/* Conformance program: the rules of the user and group id syscalls
 * (credentials(7), setuid(2), setreuid(2), setresuid(2), setfsuid(2),
 * getgroups(2), capabilities(7)), through raw syscalls:
 *  - getuid/geteuid/getgid/getegid, getresuid/getresgid (EFAULT; the ids
 *    are stored one after the other, so a bad second pointer leaves the
 *    first written);
 *  - privileged (CAP_SETUID/CAP_SETGID in the effective set, whatever the
 *    uid): setresuid sets any field, -1 leaves one unchanged; setuid sets
 *    real, effective, saved and fs; (uid_t)-1 is EINVAL for setuid/setgid;
 *  - unprivileged, each case in a fresh child that first drops to
 *    real 1000, effective 1001, saved 1002 (fs 1001), for uids and gids:
 *    setresuid may set each id to one of the current real/effective/saved
 *    ids, else EPERM and nothing changes; setuid sets only the effective
 *    (and fs) id and only to the real or saved id; setreuid lets the real
 *    id become the real or effective id, the effective id any of the three,
 *    and sets saved = new effective when the real id is given (even
 *    unchanged) or the effective id is given and differs from the old real
 *    id; setfsuid returns the old fsuid and never fails;
 *  - fsuid follows euid on every successful set*uid except a setresuid
 *    that is a no-op (setresuid(-1, -1, -1));
 *  - setgroups/getgroups: EPERM unprivileged (checked first), EINVAL above
 *    NGROUPS_MAX (65536) or negative, EFAULT, the kernel sorts the list
 *    (duplicates kept), getgroups size 0 returns the count, a size too
 *    small is EINVAL;
 *  - capabilities on uid changes: losing every root uid clears permitted
 *    and effective unless PR_SET_KEEPCAPS (then effective only); euid
 *    0 -> non-0 clears effective, non-0 -> 0 sets effective = permitted;
 *    fsuid 0 -> non-0 drops the fs capabilities from effective, non-0 -> 0
 *    raises them from permitted; the setuid permission is CAP_SETUID, not
 *    uid 0.
 * Needs root with (at least) the fs capabilities, CAP_SETUID, CAP_SETGID
 * and CAP_SETPCAP. Capability sets are printed relative to the starting
 * ones (equal or not, or the bits that changed) wherever the host's full
 * set would show through, so the output does not depend on its bounding
 * set. One line per rule. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "credentials_conformance.h"

#define NGROUPS_MAX_ 65536

/* The uid syscalls or the gid syscalls. */
struct kind {
    const char* name;
    long setres, setre, set, setfs;
    struct ids (*read)(void);
};
static const struct kind uid_kind = { "uid", SYS_setresuid, SYS_setreuid, SYS_setuid, SYS_setfsuid, uids };
static const struct kind gid_kind = { "gid", SYS_setresgid, SYS_setregid, SYS_setgid, SYS_setfsgid, gids };

/* The root state every child starts from. */
static struct caps initial;

static void report_name(const char* prefix, const char* rule, long value)
{
    printf("%s_%s %ld\n", prefix, rule, value);
}

/* Real 1000, effective 1001, saved 1002 for `kind`, with no capabilities:
 * for gids, the uids then all become 1000 (which clears the capabilities). */
static void drop_to_unprivileged(const struct kind* kind)
{
    if (raw(SYS_setgroups, 0, 0) || raw(kind->setres, 1000, 1001, 1002))
        _exit(99);
    if (kind == &gid_kind && raw(SYS_setresuid, 1000, 1000, 1000))
        _exit(98);
    if (my_caps().effective != 0)
        _exit(97);
}

enum op { SETRES, SETRE, SET, SETFS };

/* One unprivileged case in a fresh child: "<kind>_<name> result" and the
 * ids afterwards. */
static void unprivileged_case(const struct kind* kind, const char* name, enum op op, long a, long b, long c)
{
    char prefix[96];
    snprintf(prefix, sizeof(prefix), "%s_%s", kind->name, name);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        alarm(5);
        drop_to_unprivileged(kind);
        long result = 0;
        switch (op) {
        case SETRES: result = raw(kind->setres, a, b, c); break;
        case SETRE: result = raw(kind->setre, a, b); break;
        case SET: result = raw(kind->set, a); break;
        case SETFS: result = raw(kind->setfs, a); break;
        }
        report(prefix, result);
        report_ids(prefix, kind->read());
        fflush(stdout);
        _exit(0);
    }
    int status = -1;
    waitpid(child, &status, 0);
    if (status != 0)
        report_name(prefix, "child_status", status);
}

static void getter_rules(void)
{
    report("getuid_root", raw(SYS_getuid));
    report("geteuid_root", raw(SYS_geteuid));
    report("getgid_root", raw(SYS_getgid));
    report("getegid_root", raw(SYS_getegid));
    report_ids("getresuid_root", uids());
    report_ids("getresgid_root", gids());

    unsigned r = 777, e = 777, s = 777;
    report("getresuid_bad_first_pointer", raw(SYS_getresuid, BAD, (long)&e, (long)&s));
    report("getresuid_bad_first_pointer_others_untouched", e == 777 && s == 777);
    report("getresuid_bad_second_pointer", raw(SYS_getresuid, (long)&r, BAD, (long)&s));
    report("getresuid_bad_second_pointer_first_written", r == 0);
    report("getresuid_bad_second_pointer_third_untouched", s == 777);
    report("getresuid_bad_third_pointer", raw(SYS_getresuid, (long)&r, (long)&e, BAD));
    r = e = s = 777;
    report("getresgid_bad_second_pointer", raw(SYS_getresgid, (long)&r, BAD, (long)&s));
    report("getresgid_bad_second_pointer_first_written", r == 0);

    /* setfsuid(-1) is the query: -1 is not a valid id, so nothing
     * changes and the current fsuid comes back. */
    report("setfsuid_query_root", raw(SYS_setfsuid, UNCHANGED));
    report("setfsgid_query_root", raw(SYS_setfsgid, UNCHANGED));
}

static void root_setresuid_sets_all(void)
{
    report("root_setresuid_1000_1001_1002", raw(SYS_setresuid, 1000, 1001, 1002));
    report_ids("root_setresuid_1000_1001_1002", uids());
}

static void root_setresuid_unchanged_fields(void)
{
    report("root_setresuid_real_only", raw(SYS_setresuid, 2000, UNCHANGED, UNCHANGED));
    report_ids("root_setresuid_real_only", uids());
    report("root_setresuid_saved_only", raw(SYS_setresuid, UNCHANGED, UNCHANGED, 3000));
    report_ids("root_setresuid_saved_only", uids());
    report("root_setresuid_all_unchanged", raw(SYS_setresuid, UNCHANGED, UNCHANGED, UNCHANGED));
    report_ids("root_setresuid_all_unchanged", uids());
    /* The effective uid leaves 0: CAP_SETUID goes from the effective set,
     * so the process is no longer privileged. */
    report("root_setresuid_effective_only", raw(SYS_setresuid, UNCHANGED, 1001, UNCHANGED));
    report_ids("root_setresuid_effective_only", uids());
    report("after_euid_1001_setresuid_new_saved", raw(SYS_setresuid, UNCHANGED, UNCHANGED, 4000));
    /* Back to euid 0 (the saved uid is 3000, the real 2000: no root uid
     * is left, and CAP_SETUID is no longer effective). */
    report("after_euid_1001_setresuid_euid_0", raw(SYS_setresuid, UNCHANGED, 0, UNCHANGED));
}

static void root_setresgid_sets_all(void)
{
    report("root_setresgid_1000_1001_1002", raw(SYS_setresgid, 1000, 1001, 1002));
    report_ids("root_setresgid_1000_1001_1002", gids());
    report("root_setresgid_real_only", raw(SYS_setresgid, 2000, UNCHANGED, UNCHANGED));
    report_ids("root_setresgid_real_only", gids());
    /* The gids carry no capability: root stays privileged. */
    report("root_setresgid_then_effective_caps_kept", my_caps().effective == initial.effective);
}

static void root_setuid(void)
{
    report("root_setuid_1000", raw(SYS_setuid, 1000));
    report_ids("root_setuid_1000", uids());
    report("after_setuid_1000_setuid_0", raw(SYS_setuid, 0));
}

static void root_setgid(void)
{
    report("root_setgid_1000", raw(SYS_setgid, 1000));
    report_ids("root_setgid_1000", gids());
    report("after_setgid_1000_setgid_0", raw(SYS_setgid, 0));
}

/* CAP_SETUID, not uid 0, makes setuid privileged: with real and saved
 * uid 1000 and euid 0, setuid still sets all three. */
static void privileged_setuid_with_nonzero_real(void)
{
    report("privileged_real_1000_setresuid", raw(SYS_setresuid, 1000, 0, 1000));
    report("privileged_real_1000_effective_caps_kept", my_caps().effective == initial.effective);
    report("privileged_real_1000_setuid_2000", raw(SYS_setuid, 2000));
    report_ids("privileged_real_1000_setuid_2000", uids());
}

static void root_setreuid(void)
{
    report("root_setreuid_1000_2000", raw(SYS_setreuid, 1000, 2000));
    report_ids("root_setreuid_1000_2000", uids());
}

static void root_setregid(void)
{
    report("root_setregid_1000_2000", raw(SYS_setregid, 1000, 2000));
    report_ids("root_setregid_1000_2000", gids());
}

static void invalid_id_rules(void)
{
    report("setuid_minus_1", raw(SYS_setuid, UNCHANGED));
    report("setgid_minus_1", raw(SYS_setgid, UNCHANGED));
    report("setreuid_minus_1_minus_1", raw(SYS_setreuid, UNCHANGED, UNCHANGED));
    report("setregid_minus_1_minus_1", raw(SYS_setregid, UNCHANGED, UNCHANGED));
    report("setresgid_minus_1_x3", raw(SYS_setresgid, UNCHANGED, UNCHANGED, UNCHANGED));
    report_ids("after_invalid_ids", uids());
}

/* The fsuid: root may set any; every successful set*uid makes it the
 * euid again, except the no-op setresuid(-1, -1, -1). */
static void root_fsuid_rules(void)
{
    report("root_setfsuid_5000_returns_old", raw(SYS_setfsuid, 5000));
    report_ids("root_setfsuid_5000", uids());
    report("root_setfsuid_minus_1_returns_current", raw(SYS_setfsuid, UNCHANGED));
    report("setresuid_all_unchanged", raw(SYS_setresuid, UNCHANGED, UNCHANGED, UNCHANGED));
    report("setresuid_all_unchanged_fs", uids().fs);
    report("setresuid_same_euid", raw(SYS_setresuid, UNCHANGED, 0, UNCHANGED));
    report("setresuid_same_euid_fs", uids().fs);
    raw(SYS_setfsuid, 5000);
    report("setreuid_minus_1_minus_1", raw(SYS_setreuid, UNCHANGED, UNCHANGED));
    report("setreuid_minus_1_minus_1_fs", uids().fs);
    raw(SYS_setfsuid, 5000);
    report("setuid_same", raw(SYS_setuid, 0));
    report("setuid_same_fs", uids().fs);
    report("root_setfsgid_5000_returns_old", raw(SYS_setfsgid, 5000));
    report_ids("root_setfsgid_5000", gids());
    report("setresgid_all_unchanged", raw(SYS_setresgid, UNCHANGED, UNCHANGED, UNCHANGED));
    report("setresgid_all_unchanged_fs", gids().fs);
    report("setregid_minus_1_minus_1", raw(SYS_setregid, UNCHANGED, UNCHANGED));
    report("setregid_minus_1_minus_1_fs", gids().fs);
}

static void unprivileged_rules(const struct kind* k)
{
    const char* setres = k == &uid_kind ? "setresuid" : "setresgid";
    const char* setre = k == &uid_kind ? "setreuid" : "setregid";
    const char* set = k == &uid_kind ? "setuid" : "setgid";
    const char* setfs = k == &uid_kind ? "setfsuid" : "setfsgid";
    char name[64];
#define NAME(what, rule) (snprintf(name, sizeof(name), "%s_%s", what, rule), name)

    /* setresuid: each id to any of the current three. */
    unprivileged_case(k, NAME(setres, "permute"), SETRES, 1002, 1000, 1001);
    unprivileged_case(k, NAME(setres, "all_saved"), SETRES, 1002, 1002, 1002);
    unprivileged_case(k, NAME(setres, "real_new"), SETRES, 1003, UNCHANGED, UNCHANGED);
    unprivileged_case(k, NAME(setres, "saved_0"), SETRES, UNCHANGED, UNCHANGED, 0);
    unprivileged_case(k, NAME(setres, "one_new_of_three"), SETRES, 1000, 1003, 1000);
    unprivileged_case(k, NAME(setres, "all_unchanged"), SETRES, UNCHANGED, UNCHANGED, UNCHANGED);

    /* setuid: only the effective id, only to the real or saved id. */
    unprivileged_case(k, NAME(set, "to_real"), SET, 1000, 0, 0);
    unprivileged_case(k, NAME(set, "to_saved"), SET, 1002, 0, 0);
    unprivileged_case(k, NAME(set, "to_effective"), SET, 1001, 0, 0);
    unprivileged_case(k, NAME(set, "to_new"), SET, 1003, 0, 0);
    unprivileged_case(k, NAME(set, "to_0"), SET, 0, 0, 0);
    unprivileged_case(k, NAME(set, "minus_1"), SET, UNCHANGED, 0, 0);

    /* setreuid: real to real or effective; effective to any of three;
     * saved = new effective if the real id is given or the effective id
     * is given and differs from the old real id. */
    unprivileged_case(k, NAME(setre, "euid_to_real"), SETRE, UNCHANGED, 1000, 0);
    unprivileged_case(k, NAME(setre, "euid_to_saved"), SETRE, UNCHANGED, 1002, 0);
    unprivileged_case(k, NAME(setre, "euid_same"), SETRE, UNCHANGED, 1001, 0);
    unprivileged_case(k, NAME(setre, "euid_new"), SETRE, UNCHANGED, 1003, 0);
    unprivileged_case(k, NAME(setre, "ruid_to_effective"), SETRE, 1001, UNCHANGED, 0);
    unprivileged_case(k, NAME(setre, "ruid_same"), SETRE, 1000, UNCHANGED, 0);
    unprivileged_case(k, NAME(setre, "ruid_to_saved"), SETRE, 1002, UNCHANGED, 0);
    unprivileged_case(k, NAME(setre, "swap"), SETRE, 1001, 1000, 0);
    unprivileged_case(k, NAME(setre, "both_unchanged"), SETRE, UNCHANGED, UNCHANGED, 0);
    unprivileged_case(k, NAME(setre, "ruid_ok_euid_new"), SETRE, 1001, 1003, 0);

    /* setfsuid: to any of real/effective/saved/fs; returns the old one
     * whether or not it changed. */
    unprivileged_case(k, NAME(setfs, "to_real"), SETFS, 1000, 0, 0);
    unprivileged_case(k, NAME(setfs, "to_saved"), SETFS, 1002, 0, 0);
    unprivileged_case(k, NAME(setfs, "to_new"), SETFS, 1003, 0, 0);
    unprivileged_case(k, NAME(setfs, "to_0"), SETFS, 0, 0, 0);
    unprivileged_case(k, NAME(setfs, "minus_1"), SETFS, UNCHANGED, 0, 0);
#undef NAME
}

/* The current fsuid is one of the four ids setfsuid accepts without
 * CAP_SETUID, even when it is none of real/effective/saved: with keepcaps,
 * CAP_SETUID is raised just long enough to set fsuid 1003. */
static void unprivileged_fsuid_sequence(void)
{
    raw(SYS_prctl, PR_SET_KEEPCAPS_, 1);
    if (raw(SYS_setresuid, 1000, 1001, 1002))
        _exit(99);
    struct caps caps = my_caps();
    set_caps(CAP(CAP_SETUID), caps.permitted, caps.inheritable);
    report("privileged_setfsuid_1003", raw(SYS_setfsuid, 1003));
    set_caps(0, caps.permitted, caps.inheritable);
    report_hex("unprivileged_fsuid_1003_effective_caps", my_caps().effective);
    report("unprivileged_setfsuid_1003_again", raw(SYS_setfsuid, 1003));
    report("unprivileged_setfsuid_1003_again_fs", uids().fs);
    report("unprivileged_setfsuid_1002", raw(SYS_setfsuid, 1002));
    report("unprivileged_setfsuid_1002_fs", uids().fs);
    report("unprivileged_setfsuid_1003_after_leaving_it", raw(SYS_setfsuid, 1003));
    report("unprivileged_setfsuid_1003_after_leaving_it_fs", uids().fs);
    /* fsuid 1002 differs from euid 1001: setresuid(-1, 1001, -1) is not a
     * no-op, and resets the fsuid. */
    report("unprivileged_setresuid_same_euid", raw(SYS_setresuid, UNCHANGED, 1001, UNCHANGED));
    report("unprivileged_setresuid_same_euid_fs", uids().fs);
}

static void group_rules(void)
{
    unsigned list[8], got[8];
    report("setgroups_empty", raw(SYS_setgroups, 0, 0));
    report("getgroups_count_empty", raw(SYS_getgroups, 0, 0));

    list[0] = 5, list[1] = 3, list[2] = 9;
    report("setgroups_5_3_9", raw(SYS_setgroups, 3, (long)list));
    report("getgroups_count", raw(SYS_getgroups, 0, 0));
    report("getgroups_size_0_bad_pointer", raw(SYS_getgroups, 0, BAD));
    memset(got, 0xff, sizeof(got));
    report("getgroups_exact_size", raw(SYS_getgroups, 3, (long)got));
    report("getgroups_read_back_0", got[0]);
    report("getgroups_read_back_1", got[1]);
    report("getgroups_read_back_2", got[2]);
    memset(got, 0xff, sizeof(got));
    report("getgroups_larger_size", raw(SYS_getgroups, 8, (long)got));
    report("getgroups_larger_size_rest_untouched", got[3] == 0xffffffffu);
    report("getgroups_too_small", raw(SYS_getgroups, 2, (long)got));
    report("getgroups_negative", raw(SYS_getgroups, -1, (long)got));
    report("getgroups_bad_pointer", raw(SYS_getgroups, 3, BAD));

    list[0] = 7, list[1] = 7, list[2] = 2;
    report("setgroups_duplicates", raw(SYS_setgroups, 3, (long)list));
    memset(got, 0xff, sizeof(got));
    report("getgroups_duplicates", raw(SYS_getgroups, 8, (long)got));
    report("getgroups_duplicates_0", got[0]);
    report("getgroups_duplicates_1", got[1]);
    report("getgroups_duplicates_2", got[2]);

    report("setgroups_above_ngroups_max", raw(SYS_setgroups, NGROUPS_MAX_ + 1, (long)list));
    report("setgroups_negative", raw(SYS_setgroups, -1, (long)list));
    report("setgroups_bad_pointer", raw(SYS_setgroups, 2, BAD));
    report("setgroups_ngroups_max_bad_pointer", raw(SYS_setgroups, NGROUPS_MAX_, BAD));
    report("setgroups_size_0_bad_pointer", raw(SYS_setgroups, 0, BAD));
    report("getgroups_count_after_size_0", raw(SYS_getgroups, 0, 0));
    raw(SYS_setgroups, 3, (long)list);
    list[0] = 1, list[1] = 0xffffffffu;
    report("setgroups_invalid_gid", raw(SYS_setgroups, 2, (long)list));
    report("getgroups_count_after_failures", raw(SYS_getgroups, 0, 0));

    static unsigned many[NGROUPS_MAX_];
    for (unsigned i = 0; i < NGROUPS_MAX_; i++)
        many[i] = NGROUPS_MAX_ - i;
    report("setgroups_ngroups_max", raw(SYS_setgroups, NGROUPS_MAX_, (long)many));
    report("getgroups_count_ngroups_max", raw(SYS_getgroups, 0, 0));
    memset(many, 0, sizeof(many));
    report("getgroups_ngroups_max", raw(SYS_getgroups, NGROUPS_MAX_, (long)many));
    report("getgroups_ngroups_max_first", many[0]);
    report("getgroups_ngroups_max_last", many[NGROUPS_MAX_ - 1]);

    /* The groups survive a change of uid; an unprivileged process may
     * read them but not set them, whatever the size. */
    list[0] = 5, list[1] = 3, list[2] = 9;
    raw(SYS_setgroups, 3, (long)list);
    raw(SYS_setresuid, 1000, 1000, 1000);
    report("unprivileged_getgroups_count", raw(SYS_getgroups, 0, 0));
    report("unprivileged_setgroups_empty", raw(SYS_setgroups, 0, 0));
    report("unprivileged_setgroups_same", raw(SYS_setgroups, 3, (long)list));
    report("unprivileged_setgroups_above_ngroups_max", raw(SYS_setgroups, NGROUPS_MAX_ + 1, (long)list));
    report("unprivileged_setgroups_bad_pointer", raw(SYS_setgroups, 3, BAD));
}

static void caps_all_nonzero(void)
{
    report("caps_setresuid_1000_x3", raw(SYS_setresuid, 1000, 1000, 1000));
    struct caps caps = my_caps();
    report_hex("caps_all_nonzero_permitted", caps.permitted);
    report_hex("caps_all_nonzero_effective", caps.effective);
    report("caps_all_nonzero_inheritable_kept", caps.inheritable == initial.inheritable);
    report("caps_all_nonzero_setresuid_0", raw(SYS_setresuid, 0, 0, 0));
    report("caps_all_nonzero_keepcaps_still_0", raw(SYS_prctl, PR_GET_KEEPCAPS_));
}

static void caps_setuid_1000(void)
{
    report("caps_setuid_1000", raw(SYS_setuid, 1000));
    struct caps caps = my_caps();
    report_hex("caps_setuid_1000_permitted", caps.permitted);
    report_hex("caps_setuid_1000_effective", caps.effective);
}

static void caps_keepcaps(void)
{
    report("keepcaps_initial", raw(SYS_prctl, PR_GET_KEEPCAPS_));
    report("keepcaps_set_2", raw(SYS_prctl, PR_SET_KEEPCAPS_, 2));
    report("keepcaps_set_1", raw(SYS_prctl, PR_SET_KEEPCAPS_, 1));
    report("keepcaps_get", raw(SYS_prctl, PR_GET_KEEPCAPS_));
    report("keepcaps_setresuid_1000_x3", raw(SYS_setresuid, 1000, 1000, 1000));
    struct caps caps = my_caps();
    report("keepcaps_permitted_kept", caps.permitted == initial.permitted);
    report_hex("keepcaps_effective", caps.effective);
    report("keepcaps_still_set_after_setresuid", raw(SYS_prctl, PR_GET_KEEPCAPS_));
    /* CAP_SETUID only in the permitted set does not count. */
    report("keepcaps_setresuid_2000_without_effective", raw(SYS_setresuid, 2000, 2000, 2000));
    report("keepcaps_raise_effective_setuid", set_caps(CAP(CAP_SETUID), caps.permitted, caps.inheritable));
    report("keepcaps_setresuid_2000_with_cap_setuid", raw(SYS_setresuid, 2000, 2000, 2000));
    report_ids("keepcaps_setresuid_2000", uids());
    /* euid non-0 -> non-0 leaves the effective set alone. */
    report_hex("keepcaps_after_2000_effective", my_caps().effective);
    report("keepcaps_setresuid_0_x3", raw(SYS_setresuid, 0, 0, 0));
    caps = my_caps();
    /* euid non-0 -> 0: effective = permitted. */
    report("keepcaps_back_to_root_effective_is_permitted", caps.effective == caps.permitted);
    report("keepcaps_back_to_root_permitted_kept", caps.permitted == initial.permitted);
}

static void caps_euid_only(void)
{
    report("caps_setresuid_0_1000_0", raw(SYS_setresuid, 0, 1000, 0));
    struct caps caps = my_caps();
    report("caps_euid_1000_permitted_kept", caps.permitted == initial.permitted);
    report_hex("caps_euid_1000_effective", caps.effective);
    report("caps_euid_1000_setresuid_new", raw(SYS_setresuid, UNCHANGED, UNCHANGED, 2000));
    report("caps_seteuid_0", raw(SYS_setresuid, UNCHANGED, 0, UNCHANGED));
    caps = my_caps();
    report("caps_seteuid_0_effective_is_permitted", caps.effective == caps.permitted);
    report("caps_seteuid_0_permitted_kept", caps.permitted == initial.permitted);
    /* A saved uid 0 alone keeps the permitted set. */
    report("caps_setresuid_1000_1000_0", raw(SYS_setresuid, 1000, 1000, 0));
    caps = my_caps();
    report("caps_saved_0_permitted_kept", caps.permitted == initial.permitted);
    report_hex("caps_saved_0_effective", caps.effective);
    report("caps_saved_0_seteuid_0", raw(SYS_setresuid, UNCHANGED, 0, UNCHANGED));
    report("caps_saved_0_seteuid_0_effective_is_permitted", my_caps().effective == initial.permitted);
}

/* A setreuid that keeps a root uid (the saved one) keeps the sets. */
static void caps_setreuid(void)
{
    report("caps_setreuid_1000_0", raw(SYS_setreuid, 1000, 0));
    report_ids("caps_setreuid_1000_0", uids());
    struct caps caps = my_caps();
    report("caps_setreuid_1000_0_permitted_kept", caps.permitted == initial.permitted);
    report("caps_setreuid_1000_0_effective_kept", caps.effective == initial.effective);
}

static void caps_fsuid(void)
{
    report("caps_setfsuid_1000", raw(SYS_setfsuid, 1000));
    struct caps caps = my_caps();
    report_hex("caps_setfsuid_1000_effective_low_cleared", (uint32_t)(initial.effective & ~caps.effective));
    report_hex("caps_setfsuid_1000_effective_high_cleared", (initial.effective & ~caps.effective) >> 32);
    report("caps_setfsuid_1000_permitted_kept", caps.permitted == initial.permitted);
    report("caps_setfsuid_2000", raw(SYS_setfsuid, 2000));
    report("caps_setfsuid_2000_effective_same", my_caps().effective == caps.effective);
    report("caps_setfsuid_0", raw(SYS_setfsuid, 0));
    report("caps_setfsuid_0_effective_restored", my_caps().effective == initial.effective);

    /* A set*uid that moves the fsuid back to 0 does not raise the fs
     * capabilities again: only setfsuid juggles them. */
    raw(SYS_setfsuid, 1000);
    report("caps_setresuid_resets_fsuid", raw(SYS_setresuid, UNCHANGED, 0, UNCHANGED));
    report("caps_setresuid_resets_fsuid_fs", uids().fs);
    caps = my_caps();
    report_hex("caps_setresuid_resets_fsuid_effective_cleared", initial.effective & ~caps.effective);
    /* setfsgid carries no capability. */
    report("caps_setfsgid_1000", raw(SYS_setfsgid, 1000));
    report("caps_setfsgid_1000_effective_same", my_caps().effective == caps.effective);
}

/* euid 1000 (effective set empty) but real uid 0: setfsuid(0) is allowed
 * (0 is the real uid) and raises the fs capabilities from permitted. */
static void caps_fsuid_0_with_euid_1000(void)
{
    raw(SYS_setresuid, 0, 1000, 0);
    report_hex("caps_euid_1000_effective_before_setfsuid", my_caps().effective);
    report("caps_euid_1000_setfsuid_0", raw(SYS_setfsuid, 0));
    struct caps caps = my_caps();
    report_hex("caps_euid_1000_fsuid_0_effective", caps.effective);
    report("caps_euid_1000_fsuid_0_effective_is_fs_caps", caps.effective == (initial.permitted & FS_CAPS));
    report("caps_euid_1000_setfsuid_1000", raw(SYS_setfsuid, 1000));
    report_hex("caps_euid_1000_fsuid_1000_effective", my_caps().effective);
}

/* The gids carry no capability. */
static void caps_gid_changes(void)
{
    report("caps_setresgid_1000_x3", raw(SYS_setresgid, 1000, 1000, 1000));
    struct caps caps = my_caps();
    report("caps_setresgid_permitted_kept", caps.permitted == initial.permitted);
    report("caps_setresgid_effective_kept", caps.effective == initial.effective);
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(20);
    initial = my_caps();
    report("initial_effective_is_permitted", initial.effective == initial.permitted);
    report("initial_has_fs_caps", (initial.effective & FS_CAPS) == FS_CAPS);
    getter_rules();
    in_child("root_setresuid_sets_all", root_setresuid_sets_all);
    in_child("root_setresuid_unchanged_fields", root_setresuid_unchanged_fields);
    in_child("root_setresgid_sets_all", root_setresgid_sets_all);
    in_child("root_setuid", root_setuid);
    in_child("root_setgid", root_setgid);
    in_child("privileged_setuid_with_nonzero_real", privileged_setuid_with_nonzero_real);
    in_child("root_setreuid", root_setreuid);
    in_child("root_setregid", root_setregid);
    in_child("invalid_id_rules", invalid_id_rules);
    in_child("root_fsuid_rules", root_fsuid_rules);
    unprivileged_rules(&uid_kind);
    unprivileged_rules(&gid_kind);
    in_child("unprivileged_fsuid_sequence", unprivileged_fsuid_sequence);
    in_child("group_rules", group_rules);
    in_child("caps_all_nonzero", caps_all_nonzero);
    in_child("caps_setuid_1000", caps_setuid_1000);
    in_child("caps_keepcaps", caps_keepcaps);
    in_child("caps_euid_only", caps_euid_only);
    in_child("caps_setreuid", caps_setreuid);
    in_child("caps_fsuid", caps_fsuid);
    in_child("caps_fsuid_0_with_euid_1000", caps_fsuid_0_with_euid_1000);
    in_child("caps_gid_changes", caps_gid_changes);
    return 0;
}
