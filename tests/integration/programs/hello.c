// The first program: libc start-up (TLS through arch_prctl,
// set_tid_address), argv and envp from the initial stack, stdio to the
// console, exit status 0.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    printf("hello, world\n");
    printf("argc %d, argv[0] ends in \"%s\"\n", argc, argv[0][0] == '/' ? "/" : "other");
    printf("HOME is %s\n", getenv("HOME") != NULL ? "set" : "unset");
    return 0;
}
