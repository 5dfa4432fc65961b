// Garbage arguments to every system call docs/syscalls.md lists as supported
// or partial: NULL, (void*)1, a kernel address, an unmapped user address and,
// where the kernel writes, a read-only page. Linux answers EFAULT (or
// EINVAL, EPERM for the checks that come first) and the process keeps
// running; where a NULL pointer means "not wanted" (rt_sigaction's old
// action, waitid's siginfo) the answer is success, and that is printed too.
// A call that costs a child process (a wait that reaps one, a clone that
// would make one) gets one garbage value of each class only, since each
// costs a fork.
// Calls that would end or stop the process, or whose garbage is harmless by
// design, are listed as skipped with the reason. Each line is
// "call: ERRNO" or "call: ok"; the last is "still running". stdin must be
// at end of file (the differential runner gives /dev/null; Sirius's console
// has no input). Exit status: 0.
//
// Paths are garbage one at a time, the others valid names in a scratch
// directory, /tmp/garbage_pointers_dir, that the program makes and removes
// (and /tmp with it where it made /tmp). No call with a garbage path can
// succeed, so none leaves a file behind. execve gets a garbage name, argv or
// envp for an existing executable: Linux reads them all before the point of
// no return, so each is EFAULT and the process goes on. The memory calls
// (mmap with MAP_FIXED_NOREPLACE, mprotect, munmap, mremap, madvise, brk)
// take addresses, not pointers they read: they get addresses that are
// unaligned, in the kernel's half or surely unmapped, and so can never
// change the program's own memory (mmap over the read-only page is EEXIST;
// brk returns the current break whatever it refuses, printed as ok). A
// futex gets FUTEX_WAKE only, never a wait; the sleeps' remaining-time
// pointer gets garbage with a zero request, which is never interrupted.
//
// One line per call in the table below. An argument GARBAGE takes each
// garbage value in turn, as the call's kinds allow; the other tokens are
// filled in at run time.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define CLONE_PIDFD 0x00001000
#define CLONE_SETTLS 0x00080000
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define FUTEX_WAKE 1
#define KERNEL_ADDRESS 0xffff800000000000UL

// The garbage values.
enum garbage {
    NULL_POINTER = 1 << 0,
    ONE = 1 << 1,
    KERNEL = 1 << 2,
    UNMAPPED = 1 << 3,
    READ_ONLY = 1 << 4,
};
// Pointers the kernel reads from: a read-only page is valid there (and
// holding zeroes it could mean something: an empty signal mask to suspend
// with forever), so it is left out. Pointers the kernel writes to get it.
#define IN (NULL_POINTER | ONE | KERNEL | UNMAPPED)
#define OUT (IN | READ_ONLY)
// A timeout or similar where NULL means "block": NULL is left out.
#define IN_NOT_NULL (ONE | KERNEL | UNMAPPED)
// For a call that costs a child process each time (a clone that would make
// one, a wait that reaps one): one garbage value of each class, a low user
// address, a kernel address, a user page the kernel may not write.
#define OUT_FEW (ONE | KERNEL | READ_ONLY)

// Argument tokens, replaced before the call.
#define GARBAGE (-0x7e000001L)
#define OWN_PID (-0x7e000002L)
#define OWN_TID (-0x7e000003L)
#define CHILD (-0x7e000004L)          // a new child that has exited, not yet reaped
#define KEPT_CHILD (-0x7e00000dL)     // one such child kept for every waitid(WNOWAIT)
#define IOV_GARBAGE (-0x7e000005L)    // &{ GARBAGE, 16 }
#define SIGSET_WINCH (-0x7e000006L)   // &{ SIGWINCH }
#define ZERO_TIMEOUT (-0x7e000007L)   // &{ 0, 0 }
#define SCRATCH (-0x7e000008L)        // a writable buffer of 4 KiB
#define CAP_HEADER (-0x7e000009L)     // &{ _LINUX_CAPABILITY_VERSION_3, 0 }
#define CAP_DATA_NOW (-0x7e00000aL)   // our capabilities as capget gave them
#define PIDFD (-0x7e00000bL)          // pidfd_open(getpid(), 0)
#define CLONE3_PIDFD (-0x7e00000cL)   // &{ .flags = CLONE_PIDFD, .pidfd = GARBAGE, .exit_signal = SIGCHLD }
// Paths in the scratch directory "/tmp/garbage_pointers_dir", made at start
// and removed at the end; the same on the host and in Sirius.
#define FILE_PATH (-0x7e00000eL)      // "<dir>/file": a file of 64 bytes
#define LINK_PATH (-0x7e00000fL)      // "<dir>/link": a symbolic link to "file"
#define EXE_PATH (-0x7e000010L)       // "<dir>/exe": an empty file of mode 0755
#define NEW_PATH (-0x7e000011L)       // "<dir>/new": does not exist
#define FILE_FD (-0x7e000012L)        // FILE_PATH opened O_RDWR
#define DIR_FD (-0x7e000013L)         // the directory opened O_RDONLY|O_DIRECTORY
#define EMPTY_ARGV (-0x7e000014L)     // &{ NULL }
#define ARGV_GARBAGE (-0x7e000015L)   // &{ GARBAGE, NULL }
#define DIR_PATH (-0x7e000016L)       // "<dir>": the scratch directory
#define TMPFS_NAME (-0x7e000017L)     // "tmpfs"
#define PROC_SELF (-0x7e000018L)      // "/proc/self"
#define ZERO_FD (-0x7e000019L)        // /dev/zero opened O_RDWR

enum prepare { NOTHING, RAISE_SIGWINCH };

struct call {
    const char* format;  // printed, with the garbage's name for %s
    long number;
    long args[6];
    unsigned kinds;      // garbage values to try; 0: the call once as it is
    enum prepare prepare;
    const char* skipped; // the reason it is not called
};

static const struct call calls[] = {
    { "read(0, %s, 16)", SYS_read, { 0, GARBAGE, 16 }, OUT },
    { "write(1, %s, 16)", SYS_write, { 1, GARBAGE, 16 }, IN },
    { "open(%s, O_RDONLY)", SYS_open, { GARBAGE, O_RDONLY }, IN },
    { "close", SYS_close, { 0 }, 0, NOTHING, "no pointer argument" },
    { "stat(%s, &st)", SYS_stat, { GARBAGE, SCRATCH }, IN },
    { "stat(file, %s)", SYS_stat, { FILE_PATH, GARBAGE }, OUT },
    { "fstat(fd, %s)", SYS_fstat, { FILE_FD, GARBAGE }, OUT },
    { "lstat(%s, &st)", SYS_lstat, { GARBAGE, SCRATCH }, IN },
    { "lstat(link, %s)", SYS_lstat, { LINK_PATH, GARBAGE }, OUT },
    { "poll(%s, 1, 0)", SYS_poll, { GARBAGE, 1, 0 }, OUT },
    { "lseek", SYS_lseek, { 0 }, 0, NOTHING, "no pointer argument" },
    { "mmap(%s, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE, -1, 0)", SYS_mmap,
        { GARBAGE, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0 }, ONE | KERNEL | READ_ONLY },
    { "mprotect(%s, 4096, PROT_READ)", SYS_mprotect, { GARBAGE, 4096, PROT_READ }, IN },
    { "munmap(%s, 4096)", SYS_munmap, { GARBAGE, 4096 }, IN },
    { "brk(%s)", SYS_brk, { GARBAGE }, NULL_POINTER | ONE | KERNEL },
    { "rt_sigaction(SIGWINCH, %s, NULL, 8)", SYS_rt_sigaction, { SIGWINCH, GARBAGE, 0, 8 }, IN },
    { "rt_sigaction(SIGWINCH, NULL, %s, 8)", SYS_rt_sigaction, { SIGWINCH, 0, GARBAGE, 8 }, OUT },
    { "rt_sigprocmask(SIG_BLOCK, %s, NULL, 8)", SYS_rt_sigprocmask, { SIG_BLOCK, GARBAGE, 0, 8 }, IN },
    { "rt_sigprocmask(SIG_BLOCK, NULL, %s, 8)", SYS_rt_sigprocmask, { SIG_BLOCK, 0, GARBAGE, 8 }, OUT },
    { "rt_sigreturn", SYS_rt_sigreturn, { 0 }, 0, NOTHING, "restores registers from a frame on the stack: garbage ends the process" },
    { "ioctl(1, FIONBIO, %s)", SYS_ioctl, { 1, FIONBIO, GARBAGE }, IN },
    { "pread64(fd, %s, 16, 0)", SYS_pread64, { FILE_FD, GARBAGE, 16, 0 }, OUT },
    { "pwrite64(fd, %s, 16, 0)", SYS_pwrite64, { FILE_FD, GARBAGE, 16, 0 }, IN },
    { "readv(0, %s, 1)", SYS_readv, { 0, GARBAGE, 1 }, IN },
    { "readv(0, {%s, 16}, 1)", SYS_readv, { 0, IOV_GARBAGE, 1 }, OUT },
    { "writev(1, %s, 1)", SYS_writev, { 1, GARBAGE, 1 }, IN },
    { "writev(1, {%s, 16}, 1)", SYS_writev, { 1, IOV_GARBAGE, 1 }, IN },
    { "access(%s, F_OK)", SYS_access, { GARBAGE, F_OK }, IN },
    { "pipe(%s)", SYS_pipe, { GARBAGE }, OUT },
    { "select(1, %s, NULL, NULL, &zero)", SYS_select, { 1, GARBAGE, 0, 0, ZERO_TIMEOUT }, OUT },
    { "select(1, NULL, NULL, %s, &zero)", SYS_select, { 1, 0, 0, GARBAGE, ZERO_TIMEOUT }, OUT },
    { "select(0, NULL, NULL, NULL, %s)", SYS_select, { 0, 0, 0, 0, GARBAGE }, IN_NOT_NULL },
    { "sched_yield", SYS_sched_yield, { 0 }, 0, NOTHING, "no argument" },
    { "mremap(%s, 4096, 4096, 0)", SYS_mremap, { GARBAGE, 4096, 4096, 0 }, IN },
    { "madvise(%s, 4096, MADV_NORMAL)", SYS_madvise, { GARBAGE, 4096, MADV_NORMAL }, IN },
    { "dup", SYS_dup, { 0 }, 0, NOTHING, "no pointer argument" },
    { "dup2", SYS_dup2, { 0 }, 0, NOTHING, "no pointer argument" },
    { "pause", SYS_pause, { 0 }, 0, NOTHING, "no argument: sleeps until a signal" },
    { "nanosleep(%s, NULL)", SYS_nanosleep, { GARBAGE, 0 }, IN },
    { "nanosleep(&zero, %s)", SYS_nanosleep, { ZERO_TIMEOUT, GARBAGE }, OUT },
    { "getitimer(ITIMER_REAL, %s)", SYS_getitimer, { 0, GARBAGE }, OUT },
    { "alarm", SYS_alarm, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setitimer(ITIMER_REAL, %s, NULL)", SYS_setitimer, { 0, GARBAGE, 0 }, IN },
    { "setitimer(ITIMER_REAL, NULL, %s)", SYS_setitimer, { 0, 0, GARBAGE }, OUT },
    { "getpid", SYS_getpid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "clone(CLONE_PIDFD|SIGCHLD, NULL, %s, NULL, 0)", SYS_clone, { CLONE_PIDFD | SIGCHLD, 0, GARBAGE, 0, 0 }, OUT_FEW },
    { "clone(CLONE_SETTLS|SIGCHLD, NULL, NULL, NULL, %s)", SYS_clone, { CLONE_SETTLS | SIGCHLD, 0, 0, 0, GARBAGE }, KERNEL },
    { "fork", SYS_fork, { 0 }, 0, NOTHING, "no argument: a good call makes a process" },
    { "vfork", SYS_vfork, { 0 }, 0, NOTHING, "no argument: a good call makes a process" },
    { "execve(%s, {NULL}, NULL)", SYS_execve, { GARBAGE, EMPTY_ARGV, 0 }, IN },
    { "execve(exe, %s, NULL)", SYS_execve, { EXE_PATH, GARBAGE, 0 }, IN_NOT_NULL },
    { "execve(exe, {%s, NULL}, NULL)", SYS_execve, { EXE_PATH, ARGV_GARBAGE, 0 }, IN_NOT_NULL },
    { "execve(exe, {NULL}, %s)", SYS_execve, { EXE_PATH, EMPTY_ARGV, GARBAGE }, IN_NOT_NULL },
    { "execve(exe, {NULL}, {%s, NULL})", SYS_execve, { EXE_PATH, EMPTY_ARGV, ARGV_GARBAGE }, IN_NOT_NULL },
    { "execveat(AT_FDCWD, %s, {NULL}, NULL, 0)", SYS_execveat, { AT_FDCWD, GARBAGE, EMPTY_ARGV, 0, 0 }, IN },
    { "execveat(AT_FDCWD, %s, {NULL}, NULL, AT_EMPTY_PATH)", SYS_execveat, { AT_FDCWD, GARBAGE, EMPTY_ARGV, 0, AT_EMPTY_PATH }, IN },
    { "execveat(AT_FDCWD, exe, %s, NULL, 0)", SYS_execveat, { AT_FDCWD, EXE_PATH, GARBAGE, 0, 0 }, IN_NOT_NULL },
    { "execveat(AT_FDCWD, exe, {%s, NULL}, NULL, 0)", SYS_execveat, { AT_FDCWD, EXE_PATH, ARGV_GARBAGE, 0, 0 }, IN_NOT_NULL },
    { "execveat(AT_FDCWD, exe, {NULL}, %s, 0)", SYS_execveat, { AT_FDCWD, EXE_PATH, EMPTY_ARGV, GARBAGE, 0 }, IN_NOT_NULL },
    { "execveat(AT_FDCWD, exe, {NULL}, {%s, NULL}, 0)", SYS_execveat, { AT_FDCWD, EXE_PATH, EMPTY_ARGV, ARGV_GARBAGE, 0 }, IN_NOT_NULL },
    { "exit", SYS_exit, { 0 }, 0, NOTHING, "ends the thread" },
    { "wait4(child, %s, 0, NULL)", SYS_wait4, { CHILD, GARBAGE, 0, 0 }, OUT_FEW },
    { "wait4(child, NULL, 0, %s)", SYS_wait4, { CHILD, 0, 0, GARBAGE }, OUT_FEW },
    { "kill(getpid(), 1000)", SYS_kill, { OWN_PID, 1000 } },
    { "kill(INT_MIN, 0)", SYS_kill, { INT_MIN, 0 } },
    { "uname(%s)", SYS_uname, { GARBAGE }, OUT },
    { "fcntl", SYS_fcntl, { 0 }, 0, NOTHING, "no pointer argument in the commands Sirius has" },
    { "truncate(%s, 0)", SYS_truncate, { GARBAGE, 0 }, IN },
    { "ftruncate", SYS_ftruncate, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getcwd(%s, 4096)", SYS_getcwd, { GARBAGE, 4096 }, OUT },
    { "chdir(%s)", SYS_chdir, { GARBAGE }, IN },
    { "fchdir", SYS_fchdir, { 0 }, 0, NOTHING, "no pointer argument" },
    { "rename(%s, new)", SYS_rename, { GARBAGE, NEW_PATH }, IN },
    { "rename(file, %s)", SYS_rename, { FILE_PATH, GARBAGE }, IN },
    { "mkdir(%s, 0755)", SYS_mkdir, { GARBAGE, 0755 }, IN },
    { "rmdir(%s)", SYS_rmdir, { GARBAGE }, IN },
    { "creat(%s, 0644)", SYS_creat, { GARBAGE, 0644 }, IN },
    { "link(%s, new)", SYS_link, { GARBAGE, NEW_PATH }, IN },
    { "link(file, %s)", SYS_link, { FILE_PATH, GARBAGE }, IN },
    { "unlink(%s)", SYS_unlink, { GARBAGE }, IN },
    { "symlink(%s, new)", SYS_symlink, { GARBAGE, NEW_PATH }, IN },
    { "symlink(file, %s)", SYS_symlink, { FILE_PATH, GARBAGE }, IN },
    { "readlink(%s, buffer, 64)", SYS_readlink, { GARBAGE, SCRATCH, 64 }, IN },
    { "readlink(link, %s, 64)", SYS_readlink, { LINK_PATH, GARBAGE, 64 }, OUT },
    { "chmod(%s, 0644)", SYS_chmod, { GARBAGE, 0644 }, IN },
    { "fchmod", SYS_fchmod, { 0 }, 0, NOTHING, "no pointer argument" },
    { "chown(%s, 0, 0)", SYS_chown, { GARBAGE, 0, 0 }, IN },
    { "fchown", SYS_fchown, { 0 }, 0, NOTHING, "no pointer argument" },
    { "lchown(%s, 0, 0)", SYS_lchown, { GARBAGE, 0, 0 }, IN },
    { "umask", SYS_umask, { 0 }, 0, NOTHING, "no pointer argument" },
    { "gettimeofday(%s, NULL)", SYS_gettimeofday, { GARBAGE, 0 }, OUT },
    { "gettimeofday(&tv, %s)", SYS_gettimeofday, { SCRATCH, GARBAGE }, OUT },
    { "getrlimit(RLIMIT_NOFILE, %s)", SYS_getrlimit, { RLIMIT_NOFILE, GARBAGE }, OUT },
    { "getrusage(RUSAGE_SELF, %s)", SYS_getrusage, { RUSAGE_SELF, GARBAGE }, OUT },
    { "sysinfo(%s)", SYS_sysinfo, { GARBAGE }, OUT },
    { "times(%s)", SYS_times, { GARBAGE }, OUT },
    { "getuid", SYS_getuid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getgid", SYS_getgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setuid", SYS_setuid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "setgid", SYS_setgid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "geteuid", SYS_geteuid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getegid", SYS_getegid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setpgid", SYS_setpgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getppid", SYS_getppid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getpgrp", SYS_getpgrp, { 0 }, 0, NOTHING, "no argument" },
    { "setsid", SYS_setsid, { 0 }, 0, NOTHING, "no argument" },
    { "setreuid", SYS_setreuid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "setregid", SYS_setregid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "getgroups(64, %s)", SYS_getgroups, { 64, GARBAGE }, OUT },
    { "setgroups(1, %s)", SYS_setgroups, { 1, GARBAGE }, IN },
    { "setresuid", SYS_setresuid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "getresuid(%s, &euid, &suid)", SYS_getresuid, { GARBAGE, SCRATCH, SCRATCH }, OUT },
    { "getresuid(&ruid, &euid, %s)", SYS_getresuid, { SCRATCH, SCRATCH, GARBAGE }, OUT },
    { "setresgid", SYS_setresgid, { 0 }, 0, NOTHING, "no pointer argument; a garbage id would drop root" },
    { "getresgid(%s, &egid, &sgid)", SYS_getresgid, { GARBAGE, SCRATCH, SCRATCH }, OUT },
    { "getpgid", SYS_getpgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setfsuid", SYS_setfsuid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "setfsgid", SYS_setfsgid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "getsid", SYS_getsid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "capget(%s, NULL)", SYS_capget, { GARBAGE, 0 }, OUT },
    { "capget(&header, %s)", SYS_capget, { CAP_HEADER, GARBAGE }, OUT },
    { "capset(%s, &current)", SYS_capset, { GARBAGE, CAP_DATA_NOW }, OUT },
    { "capset(&header, %s)", SYS_capset, { CAP_HEADER, GARBAGE }, IN },
    { "rt_sigpending(%s, 8)", SYS_rt_sigpending, { GARBAGE, 8 }, OUT },
    { "rt_sigtimedwait(%s, NULL, &zero, 8)", SYS_rt_sigtimedwait, { GARBAGE, 0, ZERO_TIMEOUT, 8 }, IN },
    { "rt_sigtimedwait(&{SIGWINCH}, NULL, %s, 8)", SYS_rt_sigtimedwait, { SIGSET_WINCH, 0, GARBAGE, 8 }, IN_NOT_NULL },
    { "rt_sigtimedwait(&{SIGWINCH}, %s, &zero, 8), SIGWINCH pending", SYS_rt_sigtimedwait, { SIGSET_WINCH, GARBAGE, ZERO_TIMEOUT, 8 }, OUT,
        RAISE_SIGWINCH },
    { "rt_sigqueueinfo(getpid(), SIGWINCH, %s)", SYS_rt_sigqueueinfo, { OWN_PID, SIGWINCH, GARBAGE }, IN },
    { "rt_sigsuspend(%s, 8)", SYS_rt_sigsuspend, { GARBAGE, 8 }, IN },
    { "sigaltstack(%s, NULL)", SYS_sigaltstack, { GARBAGE, 0 }, IN },
    { "sigaltstack(NULL, %s)", SYS_sigaltstack, { 0, GARBAGE }, OUT },
    { "mknod(%s, S_IFREG|0644, 0)", SYS_mknod, { GARBAGE, S_IFREG | 0644, 0 }, IN },
    { "prctl(PR_SET_NAME, %s)", SYS_prctl, { PR_SET_NAME, GARBAGE }, IN },
    { "prctl(PR_GET_NAME, %s)", SYS_prctl, { PR_GET_NAME, GARBAGE }, OUT },
    { "prctl(PR_GET_PDEATHSIG, %s)", SYS_prctl, { PR_GET_PDEATHSIG, GARBAGE }, OUT },
    { "prctl(PR_GET_CHILD_SUBREAPER, %s)", SYS_prctl, { PR_GET_CHILD_SUBREAPER, GARBAGE }, OUT },
    { "arch_prctl(ARCH_GET_FS, %s)", SYS_arch_prctl, { ARCH_GET_FS, GARBAGE }, OUT },
    { "arch_prctl(ARCH_GET_GS, %s)", SYS_arch_prctl, { ARCH_GET_GS, GARBAGE }, OUT },
    { "arch_prctl(ARCH_SET_FS, %s)", SYS_arch_prctl, { ARCH_SET_FS, GARBAGE }, KERNEL },
    { "arch_prctl(ARCH_SET_GS, %s)", SYS_arch_prctl, { ARCH_SET_GS, GARBAGE }, KERNEL },
    { "setrlimit(RLIMIT_NOFILE, %s)", SYS_setrlimit, { RLIMIT_NOFILE, GARBAGE }, IN },
    { "chroot(%s)", SYS_chroot, { GARBAGE }, IN },
    { "statfs(%s, buffer)", SYS_statfs, { GARBAGE, SCRATCH }, IN },
    { "statfs(dir, %s)", SYS_statfs, { DIR_PATH, GARBAGE }, OUT },
    { "fstatfs(dirfd, %s)", SYS_fstatfs, { DIR_FD, GARBAGE }, OUT },
    { "mount(%s, dir, \"tmpfs\", 0, NULL)", SYS_mount, { GARBAGE, DIR_PATH, TMPFS_NAME, 0, 0 }, IN_NOT_NULL },
    { "mount(\"tmpfs\", %s, \"tmpfs\", 0, NULL)", SYS_mount, { TMPFS_NAME, GARBAGE, TMPFS_NAME, 0, 0 }, IN },
    { "mount(\"tmpfs\", dir, %s, 0, NULL)", SYS_mount, { TMPFS_NAME, DIR_PATH, GARBAGE, 0, 0 }, IN },
    { "mount(\"tmpfs\", dir, \"tmpfs\", 0, %s)", SYS_mount, { TMPFS_NAME, DIR_PATH, TMPFS_NAME, 0, GARBAGE }, IN_NOT_NULL },
    { "umount2(%s, 0)", SYS_umount2, { GARBAGE, 0 }, IN },
    { "readlink(\"/proc/self\", %s, 64)", SYS_readlink, { PROC_SELF, GARBAGE, 64 }, OUT },
    { "read(/dev/zero, %s, 16)", SYS_read, { ZERO_FD, GARBAGE, 16 }, OUT },
    { "sethostname(%s, 8)", SYS_sethostname, { GARBAGE, 8 }, IN },
    { "setdomainname(%s, 8)", SYS_setdomainname, { GARBAGE, 8 }, IN },
    { "gettid", SYS_gettid, { 0 }, 0, NOTHING, "no pointer argument" },
    { "tkill(gettid(), 1000)", SYS_tkill, { OWN_TID, 1000 } },
    { "time(%s)", SYS_time, { GARBAGE }, OUT },
    { "futex(%s, FUTEX_WAKE, 1)", SYS_futex, { GARBAGE, FUTEX_WAKE, 1 }, IN },
    { "getdents64(dirfd, %s, 4096)", SYS_getdents64, { DIR_FD, GARBAGE, 4096 }, OUT },
    { "set_tid_address", SYS_set_tid_address, { 0 }, 0, NOTHING, "stores the pointer unchecked by design" },
    { "clock_gettime(CLOCK_MONOTONIC, %s)", SYS_clock_gettime, { CLOCK_MONOTONIC, GARBAGE }, OUT },
    { "clock_getres(CLOCK_MONOTONIC, %s)", SYS_clock_getres, { CLOCK_MONOTONIC, GARBAGE }, OUT },
    { "clock_nanosleep(CLOCK_MONOTONIC, 0, %s, NULL)", SYS_clock_nanosleep, { CLOCK_MONOTONIC, 0, GARBAGE, 0 }, IN },
    { "clock_nanosleep(CLOCK_MONOTONIC, 0, &zero, %s)", SYS_clock_nanosleep, { CLOCK_MONOTONIC, 0, ZERO_TIMEOUT, GARBAGE }, OUT },
    { "exit_group", SYS_exit_group, { 0 }, 0, NOTHING, "ends the process" },
    { "tgkill(getpid(), gettid(), 1000)", SYS_tgkill, { OWN_PID, OWN_TID, 1000 } },
    { "waitid(P_PID, child, %s, WEXITED|WNOWAIT, NULL)", SYS_waitid, { P_PID, KEPT_CHILD, GARBAGE, WEXITED | WNOWAIT, 0 }, OUT },
    { "waitid(P_PID, child, &info, WEXITED|WNOWAIT, %s)", SYS_waitid, { P_PID, KEPT_CHILD, SCRATCH, WEXITED | WNOWAIT, GARBAGE }, OUT },
    { "openat(AT_FDCWD, %s, O_RDONLY)", SYS_openat, { AT_FDCWD, GARBAGE, O_RDONLY }, IN },
    { "mkdirat(AT_FDCWD, %s, 0755)", SYS_mkdirat, { AT_FDCWD, GARBAGE, 0755 }, IN },
    { "mknodat(AT_FDCWD, %s, S_IFREG|0644, 0)", SYS_mknodat, { AT_FDCWD, GARBAGE, S_IFREG | 0644, 0 }, IN },
    { "fchownat(AT_FDCWD, %s, 0, 0, 0)", SYS_fchownat, { AT_FDCWD, GARBAGE, 0, 0, 0 }, IN },
    { "newfstatat(AT_FDCWD, %s, &st, 0)", SYS_newfstatat, { AT_FDCWD, GARBAGE, SCRATCH, 0 }, IN },
    { "newfstatat(AT_FDCWD, file, %s, 0)", SYS_newfstatat, { AT_FDCWD, FILE_PATH, GARBAGE, 0 }, OUT },
    { "unlinkat(AT_FDCWD, %s, 0)", SYS_unlinkat, { AT_FDCWD, GARBAGE, 0 }, IN },
    { "renameat(AT_FDCWD, %s, AT_FDCWD, new)", SYS_renameat, { AT_FDCWD, GARBAGE, AT_FDCWD, NEW_PATH }, IN },
    { "renameat(AT_FDCWD, file, AT_FDCWD, %s)", SYS_renameat, { AT_FDCWD, FILE_PATH, AT_FDCWD, GARBAGE }, IN },
    { "linkat(AT_FDCWD, %s, AT_FDCWD, new, 0)", SYS_linkat, { AT_FDCWD, GARBAGE, AT_FDCWD, NEW_PATH, 0 }, IN },
    { "linkat(AT_FDCWD, file, AT_FDCWD, %s, 0)", SYS_linkat, { AT_FDCWD, FILE_PATH, AT_FDCWD, GARBAGE, 0 }, IN },
    { "symlinkat(%s, AT_FDCWD, new)", SYS_symlinkat, { GARBAGE, AT_FDCWD, NEW_PATH }, IN },
    { "symlinkat(file, AT_FDCWD, %s)", SYS_symlinkat, { FILE_PATH, AT_FDCWD, GARBAGE }, IN },
    { "readlinkat(AT_FDCWD, %s, buffer, 64)", SYS_readlinkat, { AT_FDCWD, GARBAGE, SCRATCH, 64 }, IN },
    { "readlinkat(AT_FDCWD, link, %s, 64)", SYS_readlinkat, { AT_FDCWD, LINK_PATH, GARBAGE, 64 }, OUT },
    { "fchmodat(AT_FDCWD, %s, 0644, 0)", SYS_fchmodat, { AT_FDCWD, GARBAGE, 0644, 0 }, IN },
    { "faccessat(AT_FDCWD, %s, F_OK, 0)", SYS_faccessat, { AT_FDCWD, GARBAGE, F_OK, 0 }, IN },
    { "pselect6(1, %s, NULL, NULL, &zero, NULL)", SYS_pselect6, { 1, GARBAGE, 0, 0, ZERO_TIMEOUT, 0 }, OUT },
    { "pselect6(0, NULL, NULL, NULL, %s, NULL)", SYS_pselect6, { 0, 0, 0, 0, GARBAGE, 0 }, IN_NOT_NULL },
    { "pselect6(0, NULL, NULL, NULL, &zero, %s)", SYS_pselect6, { 0, 0, 0, 0, ZERO_TIMEOUT, GARBAGE }, IN_NOT_NULL },
    { "ppoll(%s, 1, &zero, NULL, 8)", SYS_ppoll, { GARBAGE, 1, ZERO_TIMEOUT, 0, 8 }, OUT },
    { "ppoll(buffer, 1, %s, NULL, 8)", SYS_ppoll, { SCRATCH, 1, GARBAGE, 0, 8 }, IN_NOT_NULL },
    { "ppoll(buffer, 1, &zero, %s, 8)", SYS_ppoll, { SCRATCH, 1, ZERO_TIMEOUT, GARBAGE, 8 }, IN_NOT_NULL },
    { "unshare(0x1)", SYS_unshare, { 0x1 } },
    { "set_robust_list", SYS_set_robust_list, { 0 }, 0, NOTHING, "stores the pointer unchecked by design" },
    { "get_robust_list(0, %s, &len)", SYS_get_robust_list, { 0, GARBAGE, SCRATCH }, OUT },
    { "get_robust_list(0, &head, %s)", SYS_get_robust_list, { 0, SCRATCH, GARBAGE }, OUT },
    { "utimensat(AT_FDCWD, %s, NULL, 0)", SYS_utimensat, { AT_FDCWD, GARBAGE, 0, 0 }, IN },
    { "utimensat(AT_FDCWD, file, %s, 0)", SYS_utimensat, { AT_FDCWD, FILE_PATH, GARBAGE, 0 }, IN_NOT_NULL },
    { "rt_tgsigqueueinfo(getpid(), gettid(), SIGWINCH, %s)", SYS_rt_tgsigqueueinfo, { OWN_PID, OWN_TID, SIGWINCH, GARBAGE }, IN },
    { "dup3", SYS_dup3, { 0 }, 0, NOTHING, "no pointer argument" },
    { "pipe2(%s, O_CLOEXEC)", SYS_pipe2, { GARBAGE, 02000000 }, OUT },
    { "prlimit64(0, RLIMIT_NOFILE, %s, NULL)", SYS_prlimit64, { 0, RLIMIT_NOFILE, GARBAGE, 0 }, IN },
    { "prlimit64(0, RLIMIT_NOFILE, NULL, %s)", SYS_prlimit64, { 0, RLIMIT_NOFILE, 0, GARBAGE }, OUT },
    { "renameat2(AT_FDCWD, %s, AT_FDCWD, new, 0)", SYS_renameat2, { AT_FDCWD, GARBAGE, AT_FDCWD, NEW_PATH, 0 }, IN },
    { "renameat2(AT_FDCWD, file, AT_FDCWD, %s, 0)", SYS_renameat2, { AT_FDCWD, FILE_PATH, AT_FDCWD, GARBAGE, 0 }, IN },
    { "getrandom(%s, 16, 0)", SYS_getrandom, { GARBAGE, 16, 0 }, OUT },
    { "statx(AT_FDCWD, %s, 0, STATX_BASIC_STATS, &stx)", SYS_statx, { AT_FDCWD, GARBAGE, 0, 0x7ff, SCRATCH }, IN },
    { "statx(AT_FDCWD, file, 0, STATX_BASIC_STATS, %s)", SYS_statx, { AT_FDCWD, FILE_PATH, 0, 0x7ff, GARBAGE }, OUT },
    { "pidfd_send_signal(pidfd, SIGWINCH, %s, 0)", SYS_pidfd_send_signal, { PIDFD, SIGWINCH, GARBAGE, 0 }, IN },
    { "pidfd_open(getpid(), 0x1234)", SYS_pidfd_open, { OWN_PID, 0x1234 } },
    { "setns(pidfd, 0)", SYS_setns, { PIDFD, 0 } },
    { "setns(-1, CLONE_NEWUTS)", SYS_setns, { -1, 0x04000000 } },
    { "setns(0x7fffffff, 0)", SYS_setns, { 0x7fffffff, 0 } },
    { "pidfd_getfd(pidfd, 9999, 0)", SYS_pidfd_getfd, { PIDFD, 9999, 0 } },
    { "pidfd_getfd(-1, 0, 0)", SYS_pidfd_getfd, { -1, 0, 0 } },
    { "pidfd_getfd(pidfd, 0, 0x1)", SYS_pidfd_getfd, { PIDFD, 0, 1 } },
    { "clone3(%s, 88)", SYS_clone3, { GARBAGE, 88 }, IN },
    { "clone3(&{CLONE_PIDFD, .pidfd = %s}, 88)", SYS_clone3, { CLONE3_PIDFD, 88 }, OUT_FEW },
    { "faccessat2(AT_FDCWD, %s, F_OK, 0)", SYS_faccessat2, { AT_FDCWD, GARBAGE, F_OK, 0 }, IN },
};

static const char read_only_page[2 * 4096] __attribute__((aligned(4096)));

// Setting up the scratch directory: a failure ends the program.
#define MUST(condition) \
    do { \
        if (!(condition)) { \
            printf("setup failed: %s\n", #condition); \
            return 1; \
        } \
    } while (0)

static long garbage_value(enum garbage which)
{
    switch (which) {
    case NULL_POINTER: return 0;
    case ONE: return 1;
    case KERNEL: return (long)KERNEL_ADDRESS;
    // Far above the program, its heap and the mmap area, below the stack.
    case UNMAPPED: return 0x100000000000L;
    case READ_ONLY: return (long)read_only_page;
    }
    return 0;
}

static const char* garbage_name(enum garbage which)
{
    switch (which) {
    case NULL_POINTER: return "NULL";
    case ONE: return "(void*)1";
    case KERNEL: return "0xffff800000000000";
    case UNMAPPED: return "unmapped";
    case READ_ONLY: return "read-only page";
    }
    return "?";
}

// State the tokens point to.
static struct iovec garbage_iov;
static sigset_t winch_set;
static struct timespec zero_timeout;
static char scratch[4096];
static struct {
    uint32_t version;
    int pid;
} cap_header;
static struct {
    uint32_t effective, permitted, inheritable;
} cap_data_now[2];
static int pidfd = -1;
static pid_t kept_child;
static struct {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
} clone3_args;
#define SCRATCH_DIRECTORY "/tmp/garbage_pointers_dir"
static int file_fd = -1;
static int dir_fd = -1;
static int zero_fd = -1;
static const char* empty_argv[1];
static const char* garbage_argv[2];

// A child that has exited and waits to be reaped.
static pid_t zombie_child(void)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    siginfo_t info;
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    return child;
}

static long resolve(long token, long garbage)
{
    switch (token) {
    case GARBAGE: return garbage;
    case OWN_PID: return getpid();
    case OWN_TID: return syscall(SYS_gettid);
    case CHILD: return zombie_child();
    case KEPT_CHILD:
        if (kept_child == 0) {
            kept_child = zombie_child();
        }
        return kept_child;
    case IOV_GARBAGE:
        garbage_iov.iov_base = (void*)garbage;
        garbage_iov.iov_len = 16;
        return (long)&garbage_iov;
    case SIGSET_WINCH: return (long)&winch_set;
    case ZERO_TIMEOUT: return (long)&zero_timeout;
    case SCRATCH: return (long)scratch;
    case CAP_HEADER:
        cap_header.version = 0x20080522;
        cap_header.pid = 0;
        return (long)&cap_header;
    case CAP_DATA_NOW: return (long)cap_data_now;
    case PIDFD: return pidfd;
    case CLONE3_PIDFD:
        memset(&clone3_args, 0, sizeof(clone3_args));
        clone3_args.flags = CLONE_PIDFD;
        clone3_args.pidfd = (uint64_t)garbage;
        clone3_args.exit_signal = SIGCHLD;
        return (long)&clone3_args;
    case FILE_PATH: return (long)SCRATCH_DIRECTORY "/file";
    case LINK_PATH: return (long)SCRATCH_DIRECTORY "/link";
    case EXE_PATH: return (long)SCRATCH_DIRECTORY "/exe";
    case NEW_PATH: return (long)SCRATCH_DIRECTORY "/new";
    case FILE_FD: return file_fd;
    case DIR_FD: return dir_fd;
    case DIR_PATH: return (long)SCRATCH_DIRECTORY;
    case TMPFS_NAME: return (long)"tmpfs";
    case PROC_SELF: return (long)"/proc/self";
    case ZERO_FD: return zero_fd;
    case EMPTY_ARGV: return (long)empty_argv;
    case ARGV_GARBAGE:
        garbage_argv[0] = (const char*)garbage;
        garbage_argv[1] = NULL;
        return (long)garbage_argv;
    default: return token;
    }
}

// A system call; for clone and clone3 a child made anyway exits at once,
// in assembly, before it could run on a stack it shares. Returns -errno.
static long raw_syscall(long number, const long* a)
{
    long result;
    register long r10 __asm__("r10") = a[3];
    register long r8 __asm__("r8") = a[4];
    register long r9 __asm__("r9") = a[5];
    if (number == SYS_clone || number == SYS_clone3) {
        __asm__ volatile("syscall\n\t"
                         "test %%rax, %%rax\n\t"
                         "jnz 1f\n\t"
                         "xor %%edi, %%edi\n\t"
                         "mov $60, %%eax\n\t"
                         "syscall\n\t"
                         "hlt\n"
                         "1:"
                         : "=a"(result)
                         : "a"(number), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    } else {
        __asm__ volatile("syscall"
                         : "=a"(result)
                         : "a"(number), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    }
    return result;
}

// Whatever a call left behind: a queued SIGWINCH, a child not reaped (by
// name: the kept child must stay).
static void tidy_up(const long* args, long result, long number)
{
    struct timespec zero = { 0, 0 };
    while (sigtimedwait(&winch_set, NULL, &zero) > 0) {
    }
    if ((number == SYS_clone || number == SYS_clone3) && result > 0) {
        waitpid((pid_t)result, NULL, __WALL);
    }
    if (number == SYS_wait4 && args[0] > 0) {
        waitpid((pid_t)args[0], NULL, WNOHANG);
    }
}

static void run(const struct call* call, enum garbage which)
{
    long args[6];
    long garbage = garbage_value(which);
    for (int i = 0; i < 6; i++) {
        args[i] = resolve(call->args[i], garbage);
    }
    if (call->prepare == RAISE_SIGWINCH) {
        raise(SIGWINCH);
    }
    long result = raw_syscall(call->number, args);
    printf(call->format, garbage_name(which));
    printf(": %s\n", errno_name(result < 0 && result > -4096 ? (int)-result : 0));
    tidy_up(args, result, call->number);
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    // SIGWINCH is ignored by default, and blocked here so that one queued
    // by a call stays pending until tidy_up takes it.
    sigemptyset(&winch_set);
    sigaddset(&winch_set, SIGWINCH);
    sigprocmask(SIG_BLOCK, &winch_set, NULL);
    // One supplementary group, so that getgroups has something to write.
    gid_t groups[1] = { 0 };
    setgroups(1, groups);
    cap_header.version = 0x20080522;
    syscall(SYS_capget, &cap_header, cap_data_now);
    pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    // The scratch directory the path calls name: a file, a symbolic link to
    // it and an executable. Sirius's root may have no /tmp: made if missing.
    int made_tmp = mkdir("/tmp", 01777) == 0;
    mkdir(SCRATCH_DIRECTORY, 0755);
    file_fd = open(SCRATCH_DIRECTORY "/file", O_RDWR | O_CREAT | O_TRUNC, 0644);
    MUST(file_fd >= 0);
    char content[64];
    memset(content, 'x', sizeof(content));
    MUST(write(file_fd, content, sizeof(content)) == (ssize_t)sizeof(content));
    unlink(SCRATCH_DIRECTORY "/link");
    MUST(symlink("file", SCRATCH_DIRECTORY "/link") == 0);
    int exe_fd = open(SCRATCH_DIRECTORY "/exe", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    MUST(exe_fd >= 0);
    close(exe_fd);
    unlink(SCRATCH_DIRECTORY "/new");
    zero_fd = open("/dev/zero", O_RDWR);
    MUST(zero_fd >= 0);
    dir_fd = open(SCRATCH_DIRECTORY, O_RDONLY | O_DIRECTORY);
    MUST(dir_fd >= 0);

    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        const struct call* call = &calls[i];
        if (call->skipped != NULL) {
            printf("%s: skipped, %s\n", call->format, call->skipped);
            continue;
        }
        if (call->kinds == 0) {
            run(call, NULL_POINTER);
            continue;
        }
        for (unsigned which = NULL_POINTER; which <= READ_ONLY; which <<= 1) {
            if (call->kinds & which) {
                run(call, (enum garbage)which);
            }
        }
    }
    if (kept_child > 0) {
        waitpid(kept_child, NULL, 0);
    }
    close(dir_fd);
    close(file_fd);
    MUST(unlink(SCRATCH_DIRECTORY "/file") == 0);
    MUST(unlink(SCRATCH_DIRECTORY "/link") == 0);
    MUST(unlink(SCRATCH_DIRECTORY "/exe") == 0);
    MUST(rmdir(SCRATCH_DIRECTORY) == 0);
    if (made_tmp) {
        rmdir("/tmp");
    }
    printf("still running\n");
    return 0;
}
