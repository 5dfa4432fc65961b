// The default image's /init, until Sirius can exec a shell (execve and the
// VFS come with the files issue): it says what this kernel runs today,
// proves it by forking a child and waiting for it, and ends the boot.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    // The console is not a terminal yet, so stdout is fully buffered:
    // flush before fork (or the child inherits the text) and before _exit.
    printf("Sirius /init: pid %d\n", getpid());
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        printf("  a forked child, pid %d, parent %d\n", getpid(), getppid());
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("  the child exited with status %d\n", WEXITSTATUS(status));
    printf("busybox is in the image at /bin/busybox; the shell needs execve and\n"
           "the VFS (the files issue), so this boot ends here.\n");
    return 0;
}
