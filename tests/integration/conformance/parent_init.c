// /init for the conformance programs in Sirius: runs /program as its child
// and reaps every orphan until that child ends, then exits with its status
// (128 + the signal when killed, as a shell reports it).
//
// The conformance programs were written against a process on the host that
// is not pid 1: orphans reparent away from them, and a kill(-1) does not
// reach their parent. Run as /init itself, a program would see pid 1's
// rules instead (no default actions for signals from inside, orphans of its
// own children reparented to it). This parent puts it where the host run
// is: a child of an init that only reaps.
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    (void)argc;
    const pid_t child = fork();
    if (child < 0) {
        return 125;
    }
    if (child == 0) {
        argv[0] = "/program";
        execv("/program", argv);
        _exit(127);
    }
    for (;;) {
        int status;
        const pid_t reaped = waitpid(-1, &status, 0);
        if (reaped < 0) {
            return 125;
        }
        if (reaped == child) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
    }
}
