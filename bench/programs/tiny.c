// The tiny static binary that fork_execve and posix_spawn start: no C
// library, one exit_group(0) (lmbench's lat_proc execs a "hello"; this one
// leaves only the kernel's exec and exit in the figure).
// Built with -nostdlib -static.
#include <sys/syscall.h>

__attribute__((noreturn, naked)) void _start(void)
{
    __asm__ volatile("mov %0, %%eax\n\txor %%edi, %%edi\n\tsyscall\n\thlt" : : "i"(SYS_exit_group));
}
