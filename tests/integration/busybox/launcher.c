// The busybox suite's launcher: runs one script under `busybox sh` in a
// fresh temporary directory with a controlled environment, the same way on
// the host Linux and inside Sirius (where it is /init), so that the two
// outputs can be compared line for line.
//
//   launcher BINDIR SCRIPT TMPBASE   on the host (run_busybox_suite.sh)
//   /init NAME UID GID               in Sirius: /bin, /suite/NAME.sh, /tmp (a tmpfs),
//                                    as the host run's user and group
//                                    (from the kernel command line; a word
//                                    with a dot would be taken for a module
//                                    parameter, so NAME has no .sh)
//
// What is controlled, on both sides:
// - environment: exactly PATH=BINDIR, HOME=<the fresh directory>, TZ=UTC,
//   LANG=C, LC_ALL=C (env -i);
// - working directory: HOME, a new directory under TMPBASE;
// - umask 022, every signal at its default action and unblocked (a runner
//   may have ignored SIGPIPE or SIGINT), a new session without a
//   controlling terminal;
// - stderr is stdout, so error messages are compared too; the shell reads
//   a copy of the script at ../NAME.sh, so its messages name it the same;
// - stdin: /dev/null on the host (the runner), the plain console at end of
//   file in Sirius.
// The exit status is the script's.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void fail(const char* what)
{
    dprintf(1, "launcher: %s: %s\n", what, strerror(errno));
    exit(125);
}

static void copy_file(const char* from, const char* to)
{
    int in = open(from, O_RDONLY);
    if (in < 0) {
        fail(from);
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) {
        fail(to);
    }
    char buffer[4096];
    ssize_t count;
    while ((count = read(in, buffer, sizeof buffer)) > 0) {
        if (write(out, buffer, (size_t)count) != count) {
            fail("write");
        }
    }
    if (count < 0) {
        fail("read");
    }
    close(in);
    close(out);
}

int main(int argc, char** argv)
{
    char bin[4096], script[4096], tmp[4096];
    if (argc == 4 && getpid() == 1) {
        snprintf(bin, sizeof bin, "/bin");
        snprintf(script, sizeof script, "/suite/%s.sh", argv[1]);
        snprintf(tmp, sizeof tmp, "/tmp");
        if (mkdir("/tmp", 01777) != 0 && errno != EEXIST) {
            fail("mkdir /tmp");
        }
        chmod("/tmp", 01777);
        // The host side runs on /dev/shm, a tmpfs; here /tmp gets one too
        // (the root is rootfs, which df and find_mount_point skip, as on a
        // Linux booted from an initramfs).
        if (mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777") != 0) {
            fail("mount tmpfs on /tmp");
        }
        // Become the host run's user, so that ids, owners and permission
        // checks come out the same; no supplementary groups (as a root
        // host run has none; scripts print `id -u`/`id -g`, not `id -G`).
        gid_t gid = (gid_t)strtoul(argv[3], NULL, 10);
        uid_t uid = (uid_t)strtoul(argv[2], NULL, 10);
        if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
            fail("setgroups/setgid/setuid");
        }
    } else if (argc == 4) {
        snprintf(bin, sizeof bin, "%s", argv[1]);
        snprintf(script, sizeof script, "%s", argv[2]);
        snprintf(tmp, sizeof tmp, "%s", argv[3]);
    } else {
        dprintf(2, "usage: %s BINDIR SCRIPT TMPBASE (or as pid 1: %s NAME UID GID)\n", argv[0], argv[0]);
        return 2;
    }

    if (dup2(1, 2) < 0) {
        fail("dup2");
    }
    umask(022);
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    for (int sig = 1; sig < NSIG; ++sig) {
        sigaction(sig, &dfl, NULL); // SIGKILL, SIGSTOP and 32/33 refuse: fine
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (getpid() != getsid(0)) {
        setsid();
    }

    char home[4096 + 32];
    snprintf(home, sizeof home, "%s/busybox-XXXXXX", tmp);
    if (mkdtemp(home) == NULL) {
        fail("mkdtemp");
    }
    if (chdir(home) != 0) {
        fail("chdir");
    }

    char busybox[4096 + 16];
    snprintf(busybox, sizeof busybox, "%s/busybox", bin);
    char path_var[4096 + 8], home_var[4096 + 40];
    snprintf(path_var, sizeof path_var, "PATH=%s", bin);
    snprintf(home_var, sizeof home_var, "HOME=%s", home);
    char* envp[] = { path_var, home_var, "TZ=UTC", "LANG=C", "LC_ALL=C", NULL };
    // The shell names its script in error messages ("NAME.sh: line 3:
    // ..."): it reads a copy next to HOME, as ../NAME.sh on both sides.
    const char* base = strrchr(script, '/') != NULL ? strrchr(script, '/') + 1 : script;
    char copy[2 * 4096 + 2], relative[4096 + 4];
    snprintf(copy, sizeof copy, "%s/%s", tmp, base);
    snprintf(relative, sizeof relative, "../%s", base);
    copy_file(script, copy);
    char* args[] = { "sh", relative, NULL };

    pid_t child = fork();
    if (child < 0) {
        fail("fork");
    }
    if (child == 0) {
        execve(busybox, args, envp);
        fail("execve busybox");
    }
    int status = 0;
    // As pid 1 the launcher also inherits the script's orphans: reap
    // whatever ends until the shell itself does.
    for (;;) {
        pid_t done = waitpid(-1, &status, 0);
        if (done == child) {
            break;
        }
        if (done < 0 && errno != EINTR) {
            fail("waitpid");
        }
    }
    if (WIFSIGNALED(status)) {
        printf("launcher: the shell was killed by signal %d\n", WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}
