// The default image's /init: what a small Linux init does before a shell -
// the usual directories, /proc and /dev mounted, an environment - then
// busybox's sh as a login shell on the console, in a session of its own with
// the console as its controlling terminal so job control works (^C, ^Z,
// fg, bg). init stays behind to reap orphans; when the shell exits, init
// exits with its status and the machine powers off.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// Makes `path` a directory unless it is one, and mounts `type` there
// unless `present` (a file the file system has) shows it is there already:
// Sirius mounts /dev and /proc before init runs, which Linux does not do
// for an initramfs. A failure is reported, not fatal: the shell still runs.
static void mount_at(const char* source, const char* path, const char* type, const char* present)
{
    if (access(present, F_OK) == 0) {
        return;
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "init: mkdir %s: %s\n", path, strerror(errno));
        return;
    }
    if (mount(source, path, type, 0, NULL) != 0) {
        fprintf(stderr, "init: mount -t %s %s: %s\n", type, path, strerror(errno));
    }
}

// The shell's process: a new session whose controlling terminal is the
// console (what busybox's cttyhack arranges), then the shell.
static void run_shell(void)
{
    if (setsid() < 0 || ioctl(STDIN_FILENO, TIOCSCTTY, 0) != 0) {
        fprintf(stderr, "init: no controlling terminal: %s\n", strerror(errno));
    }
    // argv[0] "-sh": a login shell, which reads /etc/profile.
    execl("/bin/sh", "-sh", (char*)NULL);
    fprintf(stderr, "init: exec /bin/sh: %s\n", strerror(errno));
    _exit(127);
}

int main(void)
{
    mount_at("proc", "/proc", "proc", "/proc/self");
    mount_at("devtmpfs", "/dev", "devtmpfs", "/dev/null");
    mkdir("/tmp", 01777);
    mkdir("/root", 0700);
    setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
    setenv("HOME", "/root", 1);
    setenv("TERM", "vt100", 0);
    setenv("SHELL", "/bin/sh", 1);
    chdir("/root");

    printf("\nSirius: busybox sh on the console. Type 'exit' to power off.\n\n");
    fflush(stdout);
    pid_t shell = fork();
    if (shell < 0) {
        perror("init: fork");
        return 1;
    }
    if (shell == 0) {
        run_shell();
    }
    // init reaps every orphan handed to it; the shell's end is the boot's.
    for (;;) {
        int status = 0;
        pid_t child = wait(&status);
        if (child == shell) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (child < 0 && errno != EINTR) {
            perror("init: wait");
            return 1;
        }
    }
}
