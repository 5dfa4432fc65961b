// fork gives the child a copy-on-write copy of memory: writes on either
// side stay on that side; wait reports the child's exit status and pid.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char buffer[3 * 4096];

int main(void)
{
    memset(buffer, 'p', sizeof(buffer));
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
    return 0;
}
