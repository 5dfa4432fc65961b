/* Conformance program: the rules of capget(2) and capset(2), through raw
 * syscalls:
 *  - the header version: v3 (0x20080522) and v2 (0x20071026) move two
 *    32-bit words per set, v1 (0x19980330) one (capget leaves the second
 *    untouched, capset clears the upper 32 capabilities); any other
 *    version is EINVAL and the kernel writes 0x20080522 into the header,
 *    except that capget with a NULL data pointer then returns 0 (the
 *    version probe); capget with a NULL data pointer and a valid version
 *    returns 0 without looking at the pid;
 *  - capget: pid 0 or the caller's own pid is the caller; another pid is
 *    that process (no privilege needed); an absent pid is ESRCH, a
 *    negative one EINVAL; EFAULT on the header or the data;
 *  - capset: only the caller (pid 0 or its own pid, else EPERM before the
 *    data is read); the new permitted set must be a subset of the old
 *    permitted set, the new effective set a subset of the new permitted
 *    set, the new inheritable set a subset of old inheritable | old
 *    permitted unless CAP_SETPCAP is effective, and always of old
 *    inheritable | bounding set (all EPERM, nothing changes); bits above
 *    the last capability are silently dropped; EFAULT; a lowered effective
 *    set may be raised again up to the permitted set.
 * Each capset case runs in a fresh child that starts from root's sets and
 * usually narrows them to a known set first (KNOWN below), so the output
 * does not depend on the host's bounding set. One line per rule. Needs
 * root with (at least) the KNOWN capabilities, CAP_SYS_ADMIN and
 * CAP_SYS_BOOT. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "credentials_conformance.h"

#define NOPID 0x3fffffff /* above PID_MAX_LIMIT: never a process */
#define NOBODY 65534
#define SENTINEL 0xaaaaaaaau

/* A known set every root has: chown, dac_override, kill, setgid, setuid,
 * setpcap, net_bind_service, syslog (bit 34, in the second word). */
#define KNOWN                                                                                    \
    (CAP(CAP_CHOWN) | CAP(CAP_DAC_OVERRIDE) | CAP(CAP_KILL) | CAP(CAP_SETGID) | CAP(CAP_SETUID) \
     | CAP(CAP_SETPCAP) | CAP(CAP_NET_BIND_SERVICE) | CAP(CAP_SYSLOG))

static struct caps initial;
static pid_t parent;

/* capget with `version` and `pid`, into `data` (two entries, first filled
 * with SENTINEL); the header's version afterwards goes to *version_after. */
static long capget_raw(uint32_t version, int pid, struct cap_data* data, uint32_t* version_after)
{
    struct cap_header header = { version, pid };
    if (data)
        memset(data, 0xaa, 2 * sizeof(*data));
    long result = raw(SYS_capget, (long)&header, (long)data);
    *version_after = header.version;
    return result;
}

static long capset_raw(uint32_t version, int pid, const struct cap_data* data, uint32_t* version_after)
{
    struct cap_header header = { version, pid };
    long result = raw(SYS_capset, (long)&header, (long)data);
    *version_after = header.version;
    return result;
}

static void report_caps(const char* prefix, struct caps caps)
{
    printf("%s_effective 0x%llx\n%s_permitted 0x%llx\n%s_inheritable 0x%llx\n", prefix,
           (unsigned long long)caps.effective, prefix, (unsigned long long)caps.permitted, prefix,
           (unsigned long long)caps.inheritable);
}

static void capget_rules(void)
{
    struct cap_data data[2];
    uint32_t after;

    report("capget_v3_self", capget_raw(CAP_VERSION_3, 0, data, &after));
    report_hex("capget_v3_self_version_after", after);
    report("capget_v3_self_effective_is_permitted",
           data[0].effective == data[0].permitted && data[1].effective == data[1].permitted);
    report("capget_v3_own_pid", capget_raw(CAP_VERSION_3, getpid(), data, &after));
    report("capget_v3_own_pid_same_as_0", data[0].permitted == (uint32_t)initial.permitted
                                              && data[1].permitted == (uint32_t)(initial.permitted >> 32));

    report("capget_version_0", capget_raw(0, 0, data, &after));
    report_hex("capget_version_0_version_after", after);
    report("capget_version_0_data_untouched", data[0].effective == SENTINEL);
    report("capget_version_bad", capget_raw(0x12345678, 0, data, &after));
    report_hex("capget_version_bad_version_after", after);
    report("capget_version_0_null_data", capget_raw(0, 0, 0, &after));
    report_hex("capget_version_0_null_data_version_after", after);
    report("capget_v3_null_data", capget_raw(CAP_VERSION_3, 0, 0, &after));
    report_hex("capget_v3_null_data_version_after", after);
    report("capget_v3_null_data_nonexistent_pid", capget_raw(CAP_VERSION_3, NOPID, 0, &after));
    report("capget_v3_null_data_negative_pid", capget_raw(CAP_VERSION_3, -1, 0, &after));
    struct cap_header header = { 0, 0 };
    report("capget_version_bad_bad_data", raw(SYS_capget, (long)&header, BAD));
    report_hex("capget_version_bad_bad_data_version_after", header.version);

    report("capget_v1", capget_raw(CAP_VERSION_1, 0, data, &after));
    report_hex("capget_v1_version_after", after);
    report("capget_v1_first_word_is_low_permitted", data[0].permitted == (uint32_t)initial.permitted);
    report_hex("capget_v1_second_word_untouched", data[1].permitted);
    report("capget_v2", capget_raw(CAP_VERSION_2, 0, data, &after));
    report_hex("capget_v2_version_after", after);
    report("capget_v2_second_word_is_high_permitted",
           data[1].permitted == (uint32_t)(initial.permitted >> 32));

    report("capget_nonexistent_pid", capget_raw(CAP_VERSION_3, NOPID, data, &after));
    report("capget_negative_pid", capget_raw(CAP_VERSION_3, -1, data, &after));
    report("capget_bad_header", raw(SYS_capget, BAD, (long)data));
    header = (struct cap_header){ CAP_VERSION_3, 0 };
    report("capget_bad_data", raw(SYS_capget, (long)&header, BAD));
}

/* An unprivileged child reads its root parent's sets. */
static void capget_other_process(void)
{
    if (raw(SYS_setgroups, 0, 0) || raw(SYS_setresgid, NOBODY, NOBODY, NOBODY)
        || raw(SYS_setresuid, NOBODY, NOBODY, NOBODY))
        _exit(99);
    struct caps mine = my_caps(), theirs;
    report_hex("unprivileged_own_permitted", mine.permitted);
    report("capget_parent", get_caps(parent, &theirs));
    report("capget_parent_permitted", theirs.permitted == initial.permitted);
    report("capget_parent_effective", theirs.effective == initial.effective);
    report("capget_parent_inheritable", theirs.inheritable == initial.inheritable);
    /* Dropping every capability is allowed to anyone; raising one is not. */
    report("unprivileged_capset_empty", set_caps(0, 0, 0));
    report("unprivileged_capset_raise_permitted", set_caps(0, CAP(CAP_CHOWN), 0));
    report("unprivileged_capset_raise_inheritable", set_caps(0, 0, CAP(CAP_CHOWN)));
}

static void capset_header_rules(void)
{
    struct cap_data data[2] = {
        { (uint32_t)initial.effective, (uint32_t)initial.permitted, (uint32_t)initial.inheritable },
        { (uint32_t)(initial.effective >> 32), (uint32_t)(initial.permitted >> 32),
          (uint32_t)(initial.inheritable >> 32) },
    };
    uint32_t after;
    report("capset_unchanged_pid_0", capset_raw(CAP_VERSION_3, 0, data, &after));
    report("capset_unchanged_own_pid", capset_raw(CAP_VERSION_3, getpid(), data, &after));
    report("capset_other_pid", capset_raw(CAP_VERSION_3, parent, data, &after));
    report("capset_nonexistent_pid", capset_raw(CAP_VERSION_3, NOPID, data, &after));
    report("capset_negative_pid", capset_raw(CAP_VERSION_3, -1, data, &after));
    report("capset_other_pid_bad_data", capset_raw(CAP_VERSION_3, parent, (struct cap_data*)BAD, &after));
    report("capset_version_0", capset_raw(0, 0, data, &after));
    report_hex("capset_version_0_version_after", after);
    report("capset_version_0_null_data", capset_raw(0, 0, 0, &after));
    report_hex("capset_version_0_null_data_version_after", after);
    report("capset_bad_header", raw(SYS_capset, BAD, (long)data));
    report("capset_bad_data", capset_raw(CAP_VERSION_3, 0, (struct cap_data*)BAD, &after));
    report("capset_null_data", capset_raw(CAP_VERSION_3, 0, 0, &after));
    struct caps now = my_caps();
    report("capset_failures_changed_nothing", now.effective == initial.effective
                                                  && now.permitted == initial.permitted
                                                  && now.inheritable == initial.inheritable);
}

static void capset_subset_rules(void)
{
    report("capset_narrow_to_known", set_caps(KNOWN, KNOWN, 0));
    report_caps("capset_narrow_to_known", my_caps());
    report("capset_raise_permitted", set_caps(KNOWN, KNOWN | CAP(CAP_SYS_ADMIN), 0));
    report("capset_raise_permitted_only", set_caps(KNOWN & ~CAP(CAP_KILL), KNOWN | CAP(CAP_SYS_ADMIN), 0));
    report("capset_effective_not_in_new_permitted", set_caps(KNOWN, KNOWN & ~CAP(CAP_KILL), 0));
    report_caps("capset_after_failures", my_caps());
    /* The effective set goes down and back up within the permitted set. */
    report("capset_lower_effective", set_caps(CAP(CAP_CHOWN), KNOWN, 0));
    report_hex("capset_lower_effective_effective", my_caps().effective);
    report("capset_raise_effective_again", set_caps(KNOWN, KNOWN, 0));
    report_hex("capset_raise_effective_again_effective", my_caps().effective);
    /* Dropping from permitted is final. */
    report("capset_drop_kill", set_caps(KNOWN & ~CAP(CAP_KILL), KNOWN & ~CAP(CAP_KILL), 0));
    report_caps("capset_drop_kill", my_caps());
    report("capset_raise_kill_again", set_caps(KNOWN, KNOWN, 0));
    /* Bits above the last capability are dropped, not refused. */
    report("capset_bit_63", set_caps(KNOWN & ~CAP(CAP_KILL), (KNOWN & ~CAP(CAP_KILL)) | CAP(63), 0));
    report_caps("capset_bit_63", my_caps());
    report("capset_effective_bit_63", set_caps(CAP(63), KNOWN & ~CAP(CAP_KILL), CAP(63)));
    report_caps("capset_effective_bit_63", my_caps());
}

static void capset_inheritable_rules(void)
{
    uint64_t permitted = KNOWN & ~CAP(CAP_KILL);
    report("inheritable_narrow", set_caps(permitted, permitted, 0));
    /* With CAP_SETPCAP effective: anything in the bounding set. */
    report("inheritable_with_setpcap_in_permitted", set_caps(permitted, permitted, CAP(CAP_CHOWN)));
    report("inheritable_with_setpcap_beyond_permitted",
           set_caps(permitted, permitted, CAP(CAP_CHOWN) | CAP(CAP_SYS_ADMIN)));
    report_caps("inheritable_with_setpcap", my_caps());
    /* Not in the bounding set: refused even with CAP_SETPCAP. */
    report("capbset_drop_sys_boot", raw(SYS_prctl, PR_CAPBSET_DROP_, CAP_SYS_BOOT));
    report("capbset_read_sys_boot", raw(SYS_prctl, PR_CAPBSET_READ_, CAP_SYS_BOOT));
    report("inheritable_with_setpcap_beyond_bounding",
           set_caps(permitted, permitted, CAP(CAP_CHOWN) | CAP(CAP_SYS_ADMIN) | CAP(CAP_SYS_BOOT)));

    /* Without CAP_SETPCAP effective (still permitted): old inheritable |
     * old permitted. */
    uint64_t effective = permitted & ~CAP(CAP_SETPCAP);
    uint64_t inheritable = CAP(CAP_CHOWN) | CAP(CAP_SYS_ADMIN);
    report("drop_setpcap_from_effective", set_caps(effective, permitted, inheritable));
    report("inheritable_without_setpcap_beyond", set_caps(effective, permitted, inheritable | CAP(CAP_SYS_TIME)));
    report("inheritable_without_setpcap_kill_dropped_from_permitted",
           set_caps(effective, permitted, inheritable | CAP(CAP_KILL)));
    report("inheritable_without_setpcap_from_permitted",
           set_caps(effective, permitted, inheritable | CAP(CAP_SETUID)));
    report("inheritable_without_setpcap_keep_old_beyond_permitted",
           set_caps(effective, permitted, CAP(CAP_SYS_ADMIN)));
    report("inheritable_without_setpcap_lower", set_caps(effective, permitted, 0));
    report("inheritable_without_setpcap_raise_dropped_again", set_caps(effective, permitted, CAP(CAP_SYS_ADMIN)));
    report_caps("inheritable_without_setpcap", my_caps());
}

/* v1 moves one word per set: capset clears capabilities 32 and up. */
static void capset_v1_rules(void)
{
    report("v1_narrow_to_known", set_caps(KNOWN, KNOWN, 0));
    struct cap_data data[2] = { { (uint32_t)KNOWN, (uint32_t)KNOWN, 0 }, { SENTINEL, SENTINEL, SENTINEL } };
    uint32_t after;
    report("capset_v1", capset_raw(CAP_VERSION_1, 0, data, &after));
    report_hex("capset_v1_version_after", after);
    report_caps("capset_v1", my_caps());
    data[0] = (struct cap_data){ CAP(CAP_CHOWN), CAP(CAP_CHOWN) | CAP(CAP_KILL), 0 };
    data[1] = (struct cap_data){ 0, 0, 0 };
    report("capset_v2", capset_raw(CAP_VERSION_2, 0, data, &after));
    report_hex("capset_v2_version_after", after);
    report_caps("capset_v2", my_caps());
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(20);
    parent = getpid();
    initial = my_caps();
    report("initial_effective_is_permitted", initial.effective == initial.permitted);
    report("initial_has_known", (initial.permitted & KNOWN) == KNOWN);
    capget_rules();
    in_child("capget_other_process", capget_other_process);
    in_child("capset_header_rules", capset_header_rules);
    in_child("capset_subset_rules", capset_subset_rules);
    in_child("capset_inheritable_rules", capset_inheritable_rules);
    in_child("capset_v1_rules", capset_v1_rules);
    return 0;
}
