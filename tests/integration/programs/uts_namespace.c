// UTS namespaces (uts_namespaces(7), unshare(2), sethostname(2),
// setdomainname(2)): a child that unshares CLONE_NEWUTS can set its host and
// domain names, uname(2) shows them there and in its own children, and the
// parent's names are unchanged after the child exits; a name longer than
// __NEW_UTS_LEN (64) or a negative length is EINVAL, a bad pointer EFAULT,
// and without CAP_SYS_ADMIN it is EPERM. The program prints only the names
// it sets, never the machine's own. Every change is made in the new
// namespace only: the child exits at once if unshare fails. Exit status: 0
// when every check holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void expect_errno(const char* what, long result, int expected)
{
    int error = result == -1 ? errno : 0;
    printf("%s: %s\n", what, errno_name(error));
    failures += error != expected;
}

// The raw calls: musl's wrappers pass the length straight through, but this
// keeps the test about the kernel.
static long set_host(const char* name, long length) { return syscall(SYS_sethostname, name, length); }
static long set_domain(const char* name, long length) { return syscall(SYS_setdomainname, name, length); }

static int drop_sys_admin(void)
{
    // <linux/capability.h>, which musl does not ship: version 3, CAP_SYS_ADMIN 21.
    struct {
        uint32_t version;
        int pid;
    } header = { 0x20080522, 0 };
    struct {
        uint32_t effective, permitted, inheritable;
    } data[2];
    if (syscall(SYS_capget, &header, data) != 0) {
        return -1;
    }
    data[0].effective &= ~(1u << 21);
    return (int)syscall(SYS_capset, &header, data);
}

static int in_new_namespace(void)
{
    if (unshare(CLONE_NEWUTS) != 0) {
        printf("unshare(CLONE_NEWUTS) failed: %s\n", errno_name(errno));
        return 1;
    }
    printf("unshare(CLONE_NEWUTS): ok\n");
    check("sethostname(\"sirius-uts-test\")", set_host("sirius-uts-test", 15) == 0);
    check("setdomainname(\"sirius-domain\")", set_domain("sirius-domain", 13) == 0);
    struct utsname names;
    uname(&names);
    printf("uname nodename: %s\n", names.nodename);
    printf("uname domainname: %s\n", names.domainname);

    char longest[80];
    memset(longest, 'n', sizeof(longest));
    expect_errno("sethostname of 65 bytes", set_host(longest, 65), EINVAL);
    expect_errno("sethostname of length -1", set_host("x", -1), EINVAL);
    expect_errno("setdomainname of 65 bytes", set_domain(longest, 65), EINVAL);
    expect_errno("setdomainname of length -1", set_domain("x", -1), EINVAL);
    expect_errno("sethostname from a bad pointer", set_host((const char*)1, 8), EFAULT);
    uname(&names);
    check("the refused calls left the name alone", strcmp(names.nodename, "sirius-uts-test") == 0);

    expect_errno("sethostname of exactly 64 bytes", set_host(longest, 64), 0);
    uname(&names);
    check("uname shows all 64 bytes", strlen(names.nodename) == 64 && names.nodename[63] == 'n');
    // The name is the bytes given, not a C string: the length decides.
    expect_errno("sethostname(\"grandparent-name\", 11)", set_host("grandparent-name", 11), 0);
    uname(&names);
    printf("uname nodename: %s\n", names.nodename);

    // A child of this child is in the same namespace.
    fflush(stdout);
    pid_t grandchild = fork();
    if (grandchild == 0) {
        struct utsname own;
        uname(&own);
        int same = strcmp(own.nodename, "grandparent") == 0;
        set_host("grandchild", 10);
        _exit(same ? 0 : 1);
    }
    int status = -1;
    waitpid(grandchild, &status, 0);
    check("a grandchild inherits the namespace", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    uname(&names);
    check("and its sethostname is seen here", strcmp(names.nodename, "grandchild") == 0);

    fflush(stdout);
    pid_t unprivileged = fork();
    if (unprivileged == 0) {
        if (drop_sys_admin() != 0) {
            _exit(255);
        }
        long result = set_host("not-allowed", 11);
        _exit(result == -1 ? errno : 0);
    }
    waitpid(unprivileged, &status, 0);
    int error = WIFEXITED(status) ? WEXITSTATUS(status) : 254;
    printf("sethostname without CAP_SYS_ADMIN: %s\n", error == 255 ? "capset failed" : errno_name(error));
    failures += error != EPERM;
    return failures == 0 ? 0 : 1;
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct utsname before, after;
    uname(&before);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        int status = in_new_namespace();
        fflush(stdout);
        _exit(status);
    }
    int status = -1;
    waitpid(child, &status, 0);
    check("the child's checks held", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    uname(&after);
    check("the parent's nodename is unchanged", strcmp(before.nodename, after.nodename) == 0);
    check("the parent's domainname is unchanged", strcmp(before.domainname, after.domainname) == 0);
    check("the parent's nodename is none the child set",
        strcmp(after.nodename, "sirius-uts-test") != 0 && strcmp(after.nodename, "grandchild") != 0);
    check("sysname is Linux", strcmp(after.sysname, "Linux") == 0);
    return failures == 0 ? 0 : 1;
}
