// Host microbenchmarks of the core's hot paths (Google Benchmark), on the
// host hal (platform/host/host_machine.h): a regression in clone's
// validation, signal queueing, pid lookup or fd lookup shows here without
// QEMU. Built by the host preset (target sirius_core_bench), never run by
// ctest. The host preset builds with ASan and UBSan, so the absolute figures
// are the sanitized build's; compare a run with the one before it.
//
//   build/host/bench/host/sirius_core_bench [--benchmark_filter=REGEX]
#include <benchmark/benchmark.h>
#include <linux/sched.h>
#include <signal.h>

#include "core/proc/clone.h"
#include "core/proc/clone_args.h"
#include "core/signal/delivery.h"
#include "core/signal/send_signal.h"
#include "platform/host/host_machine.h"

namespace {

using namespace sirius;

// A booted host machine per benchmark; the benchmark is skipped with a
// reason if it cannot boot.
struct Machine {
    host::HostMachine machine;
    bool booted;
    Machine()
        : booted(machine.boot())
    {
    }
    ~Machine() { machine.shut_down(); }
};

// clone(CLONE_THREAD) without CLONE_SIGHAND: copy_process's flag checks
// reject it with EINVAL before anything is copied - the validation alone.
void BM_CloneValidation_ThreadWithoutSighand(benchmark::State& state)
{
    Machine m;
    if (!m.booted) {
        state.SkipWithError("host machine did not boot");
        return;
    }
    proc::CloneRequest request = proc::clone_request_from_clone(CLONE_THREAD | CLONE_VM, 0, 0, 0, 0);
    for (auto _ : state) {
        auto result = proc::kernel_clone(*m.machine.kernel, *m.machine.init, request);
        benchmark::DoNotOptimize(result.is_error());
    }
}
BENCHMARK(BM_CloneValidation_ThreadWithoutSighand);

// clone's argument decoding for clone(2): flags, exit signal, addresses.
void BM_CloneRequestFromClone(benchmark::State& state)
{
    u64 flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS;
    for (auto _ : state) {
        benchmark::DoNotOptimize(flags);
        proc::CloneRequest request = proc::clone_request_from_clone(flags, 0x7000, 0x1000, 0x2000, 0x3000);
        benchmark::DoNotOptimize(request);
    }
}
BENCHMARK(BM_CloneRequestFromClone);

// A thread-directed SIGUSR1 (blocked, so it stays pending) queued with its
// siginfo, then dequeued: send_signal + dequeue_signal.
void BM_SignalSendAndDequeue(benchmark::State& state)
{
    Machine m;
    if (!m.booted) {
        state.SkipWithError("host machine did not boot");
        return;
    }
    proc::Thread& thread = *m.machine.init;
    thread.blocked.add(SIGUSR1);
    signal::SignalInfo info;
    info.signo = SIGUSR1;
    info.code = signal::kSiTkill;
    for (auto _ : state) {
        auto sent = signal::send_signal(*m.machine.kernel, info, thread, signal::SignalScope::Thread, signal::SignalSender::kernel());
        benchmark::DoNotOptimize(sent.is_error());
        signal::SignalInfo taken = signal::dequeue_signal(thread, signal::SignalSet {});
        benchmark::DoNotOptimize(taken.signo);
    }
}
BENCHMARK(BM_SignalSendAndDequeue);

// find_thread in the root pid namespace among N processes (forked from
// init), for the last one created.
void BM_PidLookup(benchmark::State& state)
{
    Machine m;
    if (!m.booted) {
        state.SkipWithError("host machine did not boot");
        return;
    }
    proc::Kernel& kernel = *m.machine.kernel;
    PidNr last = 1;
    for (i64 i = 1; i < state.range(0); ++i) {
        auto child = proc::kernel_clone(kernel, *m.machine.init, proc::clone_request_for_fork());
        if (child.is_error()) {
            state.SkipWithError("fork failed");
            return;
        }
        last = child.value().pid;
    }
    const ns::PidNamespace& root = kernel.root_pid_namespace();
    for (auto _ : state) {
        benchmark::DoNotOptimize(kernel.find_thread(root, last));
    }
}
BENCHMARK(BM_PidLookup)->Arg(2)->Arg(50);

// FdTable::get of an open descriptor (what every read/write starts with).
void BM_FdLookup(benchmark::State& state)
{
    Machine m;
    if (!m.booted) {
        state.SkipWithError("host machine did not boot");
        return;
    }
    const fs::FdTable& files = *m.machine.init->files;
    int fd = 1;
    for (auto _ : state) {
        benchmark::DoNotOptimize(fd);
        auto file = files.get(fd);
        benchmark::DoNotOptimize(file.get());
    }
}
BENCHMARK(BM_FdLookup);

} // namespace

BENCHMARK_MAIN();
