// The exit status reaches the parent (here: the kernel for init, the shell
// on the host) intact, after atexit handlers and a stdio flush.
#include <stdio.h>
#include <stdlib.h>

static void at_exit(void) { printf("atexit handler ran\n"); }

int main(void)
{
    atexit(at_exit);
    printf("exiting with 42\n");
    exit(42);
}
