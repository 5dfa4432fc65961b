// The default image's /init, until Sirius has pipes and a terminal for a
// shell: it runs a few busybox applets, the last ones on the tmpfs root the
// initramfs was unpacked into, each as Linux would - fork, execve of
// /bin/busybox, waitpid - says how each ended, and ends the boot.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char* const argv[])
{
    // The console is not a terminal yet, so stdout is fully buffered:
    // flush before fork, or the child inherits the text.
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        execv(argv[0], argv);
        perror("execv /bin/busybox");
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (WIFEXITED(status)) {
        printf("  (busybox %s exited with status %d)\n", argv[1], WEXITSTATUS(status));
    } else {
        printf("  (busybox %s was killed by signal %d)\n", argv[1], WTERMSIG(status));
    }
}

int main(void)
{
    printf("Sirius /init: pid %d, running Debian's busybox-static:\n", getpid());
    char* const echo[] = { "/bin/busybox", "echo", "hello from busybox on Sirius", NULL };
    char* const uname[] = { "/bin/busybox", "uname", "-a", NULL };
    char* const seq[] = { "/bin/busybox", "seq", "-s", " ", "1", "5", NULL };
    char* const expr[] = { "/bin/busybox", "expr", "6", "*", "7", NULL };
    char* const mkdir[] = { "/bin/busybox", "mkdir", "-p", "/tmp/dir", NULL };
    char* const touch[] = { "/bin/busybox", "touch", "/tmp/dir/file", NULL };
    char* const ls[] = { "/bin/busybox", "ls", "-la", "/tmp/dir", NULL };
    char* const sh[] = { "/bin/busybox", "sh", "-c", "echo piped through tr | tr a-z A-Z; seq 1 100 | wc -l; echo \"$(echo substituted)\"", NULL };
    run(echo);
    run(uname);
    run(seq);
    run(expr);
    run(mkdir);
    run(touch);
    run(ls);
    run(sh);
    printf("An interactive shell on the console comes next (poll, /dev and\n"
           "/proc are missing), so this boot ends here.\n");
    return 0;
}
