// Communication between processes (lmbench lat_pipe, lat_ctx, bw_pipe
// shapes): a one-word round trip through two pipes, a token passed around a
// ring of N processes (one context switch per hop), sched_yield between two
// runnable processes, and pipe bandwidth in 64 KiB writes.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

// Reads exactly `size` bytes or fails.
static int read_all(int fd, void* buffer, size_t size)
{
    char* at = buffer;
    while (size > 0) {
        ssize_t n = read(fd, at, size);
        if (n <= 0) {
            return 1;
        }
        at += n;
        size -= (size_t)n;
    }
    return 0;
}

struct Ring {
    int processes;
    int to_first;   // the parent writes the token here
    int from_last;  // and reads it back here
    pid_t children[16];
};

// The token's trip around the ring: one hop (one switch) per process.
static int ring_trip(long iters, void* arg)
{
    struct Ring* ring = arg;
    long token = 0;
    for (long i = 0; i < iters; ++i) {
        if (write(ring->to_first, &token, sizeof token) != sizeof token) {
            return 1;
        }
        if (read_all(ring->from_last, &token, sizeof token) != 0) {
            return 1;
        }
    }
    return 0;
}

// A ring of `processes` processes (the caller is one of them) joined by
// pipes; each child passes what it reads to the next until end of file.
static int ring_open(struct Ring* ring, int processes)
{
    ring->processes = processes;
    int first[2];
    if (pipe(first) != 0) {
        return 1;
    }
    ring->to_first = first[1];
    int in = first[0];
    for (int i = 0; i < processes - 1; ++i) {
        int next[2];
        if (pipe(next) != 0) {
            return 1;
        }
        pid_t child = fork();
        if (child < 0) {
            return 1;
        }
        if (child == 0) {
            close(next[0]);
            close(ring->to_first);
            long token;
            while (read_all(in, &token, sizeof token) == 0) {
                if (write(next[1], &token, sizeof token) != sizeof token) {
                    break;
                }
            }
            _exit(0);
        }
        ring->children[i] = child;
        close(in);
        close(next[1]);
        in = next[0];
    }
    ring->from_last = in;
    return 0;
}

static void ring_close(struct Ring* ring)
{
    close(ring->to_first);
    close(ring->from_last);
    for (int i = 0; i < ring->processes - 1; ++i) {
        waitpid(ring->children[i], NULL, 0);
    }
}

static long g_yields;

static int yield_loop(long iters, void* arg)
{
    (void)arg;
    for (long i = 0; i < iters; ++i) {
        sched_yield();
    }
    g_yields += iters;
    return 0;
}

static void context_switch(const char* name, int processes)
{
    struct Ring ring;
    if (ring_open(&ring, processes) != 0) {
        bench_unavailable(name, "pipe or fork failed");
        return;
    }
    bench_latency_ops(name, ring_trip, &ring, processes);
    ring_close(&ring);
}

static void pipe_bandwidth(void)
{
    enum { kChunk = 64 * 1024 };
    static char buffer[kChunk];
    const long total = 32L * 1024 * 1024;
    int reps = bench_reps();
    double values[BENCH_MAX_REPS];
    for (int rep = 0; rep < reps; ++rep) {
        int fds[2];
        if (pipe(fds) != 0) {
            bench_unavailable("pipe_bandwidth", "pipe failed");
            return;
        }
        uint64_t start = bench_now_ns();
        pid_t child = fork();
        if (child == 0) {
            close(fds[0]);
            for (long sent = 0; sent < total; sent += kChunk) {
                if (write(fds[1], buffer, kChunk) != kChunk) {
                    _exit(1);
                }
            }
            _exit(0);
        }
        close(fds[1]);
        long received = 0;
        ssize_t n;
        while ((n = read(fds[0], buffer, kChunk)) > 0) {
            received += n;
        }
        uint64_t elapsed = bench_now_ns() - start;
        close(fds[0]);
        waitpid(child, NULL, 0);
        if (received != total) {
            bench_unavailable("pipe_bandwidth", "short transfer");
            return;
        }
        values[rep] = (double)total / (1024.0 * 1024.0) / ((double)elapsed / 1e9);
    }
    bench_report("pipe_bandwidth", "MB/s", values, reps, total / kChunk);
}

int main(int argc, char** argv)
{
    // Round trip: a ring of two processes, one trip is two hops.
    if (bench_selected(argc, argv, "pipe_roundtrip")) {
        struct Ring ring;
        if (ring_open(&ring, 2) != 0) {
            bench_unavailable("pipe_roundtrip", "pipe or fork failed");
        } else {
            bench_latency("pipe_roundtrip", ring_trip, &ring);
            ring_close(&ring);
        }
    }
    if (bench_selected(argc, argv, "ctx_switch_2p")) {
        context_switch("ctx_switch_2p", 2);
    }
    if (bench_selected(argc, argv, "ctx_switch_8p")) {
        context_switch("ctx_switch_8p", 8);
    }
    if (bench_selected(argc, argv, "sched_yield_pingpong")) {
        // The other process yields back at once: one of our yields is two
        // yields and two switches; the figure is per yield.
        // The partner counts its turns in shared memory: a yield that did
        // not switch (the scheduler chose the caller again) shows as fewer
        // partner turns than yields, printed for the logs.
        volatile long* partner_turns = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (partner_turns == MAP_FAILED) {
            bench_unavailable("sched_yield_pingpong", "no shared memory");
        } else {
            pid_t partner = fork();
            if (partner == 0) {
                for (;;) {
                    sched_yield();
                    ++*partner_turns;
                }
            }
            bench_latency_ops("sched_yield_pingpong", yield_loop, NULL, 2);
            kill(partner, SIGKILL);
            waitpid(partner, NULL, 0);
            printf("@@sched_yield_partner_turns_per_yield %.3f\n", (double)*partner_turns / (double)(g_yields ? g_yields : 1));
            fflush(stdout);
        }
    }
    if (bench_selected(argc, argv, "pipe_bandwidth")) {
        pipe_bandwidth();
    }
    return 0;
}
