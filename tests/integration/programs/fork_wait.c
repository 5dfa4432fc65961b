// fork gives the child a copy-on-write copy of memory: writes on either
// side stay on that side; wait reports the child's exit status and pid.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char buffer[3 * 4096];
// Written before fork, then untouched by the parent until waitpid stores
// the status in it: the kernel's own write meets a copy-on-write page.
static int status_page[1024] __attribute__((aligned(4096)));

int main(void)
{
    memset(buffer, 'p', sizeof(buffer));
    status_page[0] = -1;
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) {
        printf("fork failed\n");
        return 1;
    }
    if (child == 0) {
        memset(buffer + 4096, 'c', 4096);
        _exit(buffer[4096] == 'c' && buffer[0] == 'p' ? 7 : 8);
    }
    int status = 0;
    pid_t waited = waitpid(child, &status, 0);
    printf("waitpid returned the child: %s\n", waited == child ? "yes" : "no");
    printf("child exited: %d, status %d\n", WIFEXITED(status), WEXITSTATUS(status));
    printf("parent still sees its own page: %s\n", buffer[4096] == 'p' ? "yes" : "no");

    child = fork();
    if (child == 0) {
        _exit(9);
    }
    pid_t second = waitpid(child, &status_page[0], 0);
    printf("waitpid into a copy-on-write page: %s, status %d\n", second == child ? "ok" : "failed",
        WIFEXITED(status_page[0]) ? WEXITSTATUS(status_page[0]) : -1);
    return 0;
}
