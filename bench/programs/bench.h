// What the benchmark programs share: a monotonic clock, a calibrated loop,
// and the output format the side-by-side runner parses. Each figure is one
// line,
//
//   name value unit min=.. max=.. reps=N iters=M
//
// where value is the median of N repetitions of M iterations each (all in
// one boot), and min/max are the spread of those repetitions.
//
// Timing is clock_gettime(CLOCK_MONOTONIC) around a whole repetition, never
// around one operation: Sirius's clock moves in timer ticks (1 ms), so a
// repetition is made to last kTargetNs (50 ms by default; BENCH_MS in the
// environment changes it) and the tick's error stays near 2% on Sirius.
#ifndef SIRIUS_BENCH_H
#define SIRIUS_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_MAX_REPS 15

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int bench_reps(void)
{
    const char* value = getenv("BENCH_REPS");
    int reps = value ? atoi(value) : 5;
    return reps < 1 ? 1 : reps > BENCH_MAX_REPS ? BENCH_MAX_REPS : reps;
}

static inline uint64_t bench_target_ns(void)
{
    const char* value = getenv("BENCH_MS");
    long ms = value ? atol(value) : 50;
    return (uint64_t)(ms < 1 ? 1 : ms) * 1000000u;
}

static int bench_compare_double(const void* a, const void* b)
{
    double x = *(const double*)a;
    double y = *(const double*)b;
    return x < y ? -1 : x > y;
}

// Prints one figure from per-repetition values (already in `unit`).
static inline void bench_report(const char* name, const char* unit, double* values, int reps, long iters)
{
    qsort(values, (size_t)reps, sizeof values[0], bench_compare_double);
    double median = reps % 2 ? values[reps / 2] : (values[reps / 2 - 1] + values[reps / 2]) / 2;
    printf("%s %.4g %s min=%.4g max=%.4g reps=%d iters=%ld\n", name, median, unit, values[0], values[reps - 1], reps, iters);
    fflush(stdout);
}

// Prints a figure this kernel cannot produce, with the reason (the runner
// shows "n/a").
static inline void bench_unavailable(const char* name, const char* reason)
{
    printf("%s n/a %s\n", name, reason);
    fflush(stdout);
}

// Runs fn(iters, arg) - which performs `iters` operations - for a number of
// iterations calibrated to last about the target time, then `reps` times;
// reports nanoseconds or microseconds per operation. fn returns nonzero on
// failure, which reports the figure as unavailable.
typedef int (*bench_fn)(long iters, void* arg);

// As bench_latency, for a loop whose one iteration is `ops` operations
// (a token's trip around a ring of N processes is N switches).
static inline void bench_latency_ops(const char* name, bench_fn fn, void* arg, long ops)
{
    uint64_t target = bench_target_ns();
    long iters = 1;
    // Calibration: double until a run lasts at least a tenth of the target
    // (and 8 iterations), then scale up to the target. Each step runs
    // twice and keeps the faster run, so one preempted run does not set
    // the count.
    for (;;) {
        uint64_t best = UINT64_MAX;
        for (int attempt = 0; attempt < 2; ++attempt) {
            uint64_t start = bench_now_ns();
            if (fn(iters, arg) != 0) {
                bench_unavailable(name, "failed");
                return;
            }
            uint64_t elapsed = bench_now_ns() - start;
            best = elapsed < best ? elapsed : best;
        }
        if (best >= target / 10 && iters >= 8) {
            double scale = (double)target / (double)(best ? best : 1);
            iters = (long)((double)iters * scale) + 1;
            break;
        }
        iters *= 2;
    }
    int reps = bench_reps();
    double values[BENCH_MAX_REPS];
    for (int i = 0; i < reps; ++i) {
        uint64_t start = bench_now_ns();
        if (fn(iters, arg) != 0) {
            bench_unavailable(name, "failed");
            return;
        }
        values[i] = (double)(bench_now_ns() - start) / (double)(iters * ops) / 1000.0;
    }
    bench_report(name, "us", values, reps, iters);
}

static inline void bench_latency(const char* name, bench_fn fn, void* arg)
{
    bench_latency_ops(name, fn, arg, 1);
}

// Whether this figure was asked for: with arguments, only the named
// figures run (a quick check of one); without, all of them.
static inline int bench_selected(int argc, char** argv, const char* name)
{
    if (argc < 2) {
        return 1;
    }
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

#endif
