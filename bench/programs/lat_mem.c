// Memory management (lmbench lat_pagefault, lat_mmap shapes): the first
// touch of fresh anonymous memory, mmap+munmap of 1 MiB and 64 MiB
// (untouched: the cost of the mapping itself), and the copy-on-write fault
// of a page written after fork.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

enum { kPage = 4096 };
// 64 MiB: 16384 faults, long enough for Sirius's 1 ms clock.
static const size_t kFaultRegion = 64u * 1024 * 1024;

static char* map_anonymous(size_t size)
{
    void* memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        return NULL;
    }
    // 4 KiB faults on both kernels: Debian's Linux has transparent huge
    // pages on "always", which would fill 2 MiB per fault.
    madvise(memory, size, MADV_NOHUGEPAGE);
    return memory;
}

// Per page: the first write to a page of a fresh anonymous mapping (the
// mmap and munmap around it are outside the timing).
static void page_fault(void)
{
    int reps = bench_reps();
    double values[BENCH_MAX_REPS];
    long pages = (long)(kFaultRegion / kPage);
    for (int rep = 0; rep < reps; ++rep) {
        char* memory = map_anonymous(kFaultRegion);
        if (memory == NULL) {
            bench_unavailable("page_fault_anon", "mmap failed");
            return;
        }
        uint64_t start = bench_now_ns();
        for (long page = 0; page < pages; ++page) {
            memory[page * kPage] = 1;
        }
        values[rep] = (double)(bench_now_ns() - start) / (double)pages / 1000.0;
        munmap(memory, kFaultRegion);
    }
    bench_report("page_fault_anon", "us", values, reps, pages);
}

static int map_unmap(long iters, void* arg)
{
    size_t size = *(size_t*)arg;
    for (long i = 0; i < iters; ++i) {
        char* memory = map_anonymous(size);
        if (memory == NULL || munmap(memory, size) != 0) {
            return 1;
        }
    }
    return 0;
}

// Per page: a write to a page shared copy-on-write with a child (which
// sleeps in read until the parent is done).
static void cow_fault(void)
{
    int reps = bench_reps();
    double values[BENCH_MAX_REPS];
    long pages = (long)(kFaultRegion / kPage);
    char* memory = map_anonymous(kFaultRegion);
    if (memory == NULL) {
        bench_unavailable("cow_fault", "mmap failed");
        return;
    }
    for (int rep = 0; rep < reps; ++rep) {
        for (long page = 0; page < pages; ++page) {
            memory[page * kPage] = 2;
        }
        int fds[2];
        if (pipe(fds) != 0) {
            bench_unavailable("cow_fault", "pipe failed");
            return;
        }
        pid_t child = fork();
        if (child == 0) {
            char byte;
            close(fds[1]);
            read(fds[0], &byte, 1);
            _exit(0);
        }
        close(fds[0]);
        uint64_t start = bench_now_ns();
        for (long page = 0; page < pages; ++page) {
            memory[page * kPage] = 3;
        }
        values[rep] = (double)(bench_now_ns() - start) / (double)pages / 1000.0;
        close(fds[1]);
        waitpid(child, NULL, 0);
    }
    munmap(memory, kFaultRegion);
    bench_report("cow_fault", "us", values, reps, pages);
}

int main(int argc, char** argv)
{
    if (bench_selected(argc, argv, "page_fault_anon")) {
        page_fault();
    }
    if (bench_selected(argc, argv, "mmap_munmap_1m")) {
        size_t size = 1u << 20;
        bench_latency("mmap_munmap_1m", map_unmap, &size);
    }
    if (bench_selected(argc, argv, "mmap_munmap_64m")) {
        size_t size = 64u << 20;
        bench_latency("mmap_munmap_64m", map_unmap, &size);
    }
    if (bench_selected(argc, argv, "cow_fault")) {
        cow_fault();
    }
    return 0;
}
