// System call and signal latencies (lmbench lat_syscall and lat_sig shapes):
// the null syscall, getpid through the raw syscall instruction, 1-byte read
// and write on /dev/null, open/close and stat on tmpfs, installing a
// handler, catching a signal sent to self, and a SIGSEGV fault handled with
// siglongjmp (lat_sig prot).
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

static int null_syscall(long iters, void* arg)
{
    (void)arg;
    for (long i = 0; i < iters; ++i) {
        getppid();
    }
    return 0;
}

// getpid through the syscall instruction itself, no C library wrapper.
static int raw_getpid(long iters, void* arg)
{
    (void)arg;
    for (long i = 0; i < iters; ++i) {
        long result;
        __asm__ volatile("syscall" : "=a"(result) : "a"((long)SYS_getpid) : "rcx", "r11", "memory");
    }
    return 0;
}

static int read_devnull(long iters, void* arg)
{
    int fd = *(int*)arg;
    char byte;
    for (long i = 0; i < iters; ++i) {
        if (read(fd, &byte, 1) < 0) {
            return 1;
        }
    }
    return 0;
}

static int write_devnull(long iters, void* arg)
{
    int fd = *(int*)arg;
    char byte = 0;
    for (long i = 0; i < iters; ++i) {
        if (write(fd, &byte, 1) != 1) {
            return 1;
        }
    }
    return 0;
}

static const char kTmpFile[] = "/tmp/bench_file";

static int open_close(long iters, void* arg)
{
    (void)arg;
    for (long i = 0; i < iters; ++i) {
        int fd = open(kTmpFile, O_RDONLY);
        if (fd < 0) {
            return 1;
        }
        close(fd);
    }
    return 0;
}

static int stat_file(long iters, void* arg)
{
    (void)arg;
    struct stat st;
    for (long i = 0; i < iters; ++i) {
        if (stat(kTmpFile, &st) != 0) {
            return 1;
        }
    }
    return 0;
}

static void on_signal(int signal)
{
    (void)signal;
}

static int install_handler(long iters, void* arg)
{
    (void)arg;
    struct sigaction action = { 0 };
    struct sigaction old;
    action.sa_handler = on_signal;
    for (long i = 0; i < iters; ++i) {
        if (sigaction(SIGUSR1, &action, &old) != 0) {
            return 1;
        }
    }
    return 0;
}

static volatile long g_caught;

static void count_signal(int signal)
{
    (void)signal;
    ++g_caught;
}

static int catch_signal(long iters, void* arg)
{
    (void)arg;
    pid_t self = getpid();
    for (long i = 0; i < iters; ++i) {
        kill(self, SIGUSR1);
    }
    return 0;
}

static sigjmp_buf g_fault_return;
static char* g_protected_page;

static void on_fault(int signal)
{
    (void)signal;
    siglongjmp(g_fault_return, 1);
}

static int protection_fault(long iters, void* arg)
{
    (void)arg;
    // volatile: siglongjmp returns into this frame.
    for (volatile long i = 0; i < iters; ++i) {
        if (sigsetjmp(g_fault_return, 1) == 0) {
            *(volatile char*)g_protected_page = 1;
            return 1; // no fault: not what this figure measures
        }
    }
    return 0;
}

int main(int argc, char** argv)
{
    if (bench_selected(argc, argv, "null_syscall")) {
        bench_latency("null_syscall", null_syscall, NULL);
    }
    if (bench_selected(argc, argv, "getpid_raw_syscall")) {
        bench_latency("getpid_raw_syscall", raw_getpid, NULL);
    }
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd < 0) {
        if (bench_selected(argc, argv, "read_devnull_1b")) {
            bench_unavailable("read_devnull_1b", "no /dev/null");
        }
        if (bench_selected(argc, argv, "write_devnull_1b")) {
            bench_unavailable("write_devnull_1b", "no /dev/null");
        }
    } else {
        if (bench_selected(argc, argv, "read_devnull_1b")) {
            bench_latency("read_devnull_1b", read_devnull, &null_fd);
        }
        if (bench_selected(argc, argv, "write_devnull_1b")) {
            bench_latency("write_devnull_1b", write_devnull, &null_fd);
        }
        close(null_fd);
    }
    int fd = open(kTmpFile, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) {
        if (bench_selected(argc, argv, "open_close_tmpfs")) {
            bench_unavailable("open_close_tmpfs", "cannot create /tmp/bench_file");
        }
        if (bench_selected(argc, argv, "stat_tmpfs")) {
            bench_unavailable("stat_tmpfs", "cannot create /tmp/bench_file");
        }
    } else {
        close(fd);
        if (bench_selected(argc, argv, "open_close_tmpfs")) {
            bench_latency("open_close_tmpfs", open_close, NULL);
        }
        if (bench_selected(argc, argv, "stat_tmpfs")) {
            bench_latency("stat_tmpfs", stat_file, NULL);
        }
        unlink(kTmpFile);
    }
    if (bench_selected(argc, argv, "signal_install")) {
        bench_latency("signal_install", install_handler, NULL);
    }
    if (bench_selected(argc, argv, "signal_catch")) {
        struct sigaction action = { 0 };
        action.sa_handler = count_signal;
        sigaction(SIGUSR1, &action, NULL);
        bench_latency("signal_catch", catch_signal, NULL);
    }
    if (bench_selected(argc, argv, "signal_prot_fault")) {
        g_protected_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        struct sigaction action = { 0 };
        action.sa_handler = on_fault;
        sigaction(SIGSEGV, &action, NULL);
        if (g_protected_page == MAP_FAILED) {
            bench_unavailable("signal_prot_fault", "mmap failed");
        } else {
            bench_latency("signal_prot_fault", protection_fault, NULL);
        }
    }
    return 0;
}
