// Fuzzes the signal operations that exist so far - rt_sigaction,
// rt_sigprocmask, rt_sigpending and sigaltstack through the syscall table,
// plus queueing and dequeueing of pending signals - across the threads of a
// few processes. The signals issue adds sending, delivery, stop/continue and
// exit. Invariants, checked after every step:
//  - SIGKILL and SIGSTOP are never blocked, never caught or ignored, never in
//    a handler's mask;
//  - every syscall answers 0 or an errno its man page documents;
//  - each pending set is consistent with its queue, and real-time signals
//    come out in the order they went in;
//  - nothing leaks when the machine shuts down (LeakSanitizer).
#include <asm/unistd_64.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <signal.h>

#include <map>
#include <set>
#include <vector>

#include "core/proc/clone_args.h"
#include "core/syscall/syscall_table.h"
#include "fuzz/fuzz_check.h"
#include "platform/host/host_machine.h"

namespace sirius::fuzz {
namespace {

using host::kUserData;
using host::kUserDataSize;

u64 pick_pointer(FuzzedDataProvider& data)
{
    switch (data.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return 0;
    case 1: return kUserData + data.ConsumeIntegralInRange<u64>(0, kUserDataSize / 8 - 4) * 8;
    case 2: return kUserData + kUserDataSize - 4; // runs off the end
    default: return data.ConsumeIntegral<u64>();
    }
}

bool is_documented(i64 result)
{
    return result == 0 || result == -EINVAL || result == -EFAULT || result == -ENOMEM || result == -EPERM;
}

void check_thread(proc::Thread& thread)
{
    check(!thread.blocked.contains(SIGKILL) && !thread.blocked.contains(SIGSTOP), "SIGKILL or SIGSTOP blocked");
    for (int signal : { SIGKILL, SIGSTOP }) {
        check(thread.signal_actions->action(signal).handler == signal::kSigDefault, "SIGKILL or SIGSTOP caught or ignored");
    }
    for (int signal = 1; signal <= signal::kSignalCount; ++signal) {
        const signal::SignalSet mask = thread.signal_actions->action(signal).mask;
        check(!mask.contains(SIGKILL) && !mask.contains(SIGSTOP), "SIGKILL or SIGSTOP in a handler mask");
    }
    check(thread.pending.is_consistent(), "thread pending set and queue disagree");
    check(thread.process().shared_pending().is_consistent(), "process pending set and queue disagree");
}

} // namespace
} // namespace sirius::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    using namespace sirius;
    using namespace sirius::fuzz;
    FuzzedDataProvider data(bytes, size);
    // Declared before the machine: queued siginfo hold references to it.
    signal::SignalQuota quota(0);
    host::HostMachine machine;
    if (!machine.boot()) {
        return 0;
    }
    proc::Kernel& kernel = *machine.kernel;
    // Three processes, the first with a second thread.
    std::vector<proc::Thread*> threads { machine.init };
    for (u64 flags : { u64 { 0 }, u64 { 0 }, u64 { CLONE_THREAD | CLONE_SIGHAND | CLONE_VM } }) {
        proc::CloneRequest request = proc::clone_request_for_fork();
        request.flags = flags;
        request.exit_signal = flags != 0 ? 0 : SIGCHLD;
        auto result = proc::kernel_clone(kernel, *threads[flags != 0 ? 1 : 0], request);
        check(result.has_value(), "setting up the machine");
        threads.push_back(kernel.find_thread(kernel.root_pid_namespace(), result.value().pid));
    }
    // What each real-time signal's queue must give back, per pending set.
    std::map<signal::PendingSignals*, std::map<int, std::vector<u64>>> expected_order;
    // Signals with an instance queued without info: their order is not
    // checked until they are no longer pending at all.
    std::map<signal::PendingSignals*, std::set<int>> untracked;
    u64 sequence = 0;

    for (int step = 0; step < 64 && data.remaining_bytes() > 0; ++step) {
        proc::Thread& thread = *threads[data.ConsumeIntegralInRange<usize>(0, threads.size() - 1)];
        syscall::SyscallContext context { kernel, thread };
        syscall::SyscallArguments args;
        auto& memory = static_cast<host::FakeAddressSpace&>(thread.memory->address_space());
        const int signal_number = data.ConsumeIntegralInRange<int>(-1, 66);
        switch (data.ConsumeIntegralInRange<int>(0, 6)) {
        case 0: { // rt_sigaction with a random new action
            const u64 where = kUserData;
            const u64 action[4] = { data.ConsumeIntegralInRange<u64>(0, 3), data.ConsumeIntegral<u64>(), data.ConsumeIntegral<u64>(), data.ConsumeIntegral<u64>() };
            (void)memory.copy_to_user(UserAddress(where), action, sizeof(action));
            args.values[0] = static_cast<u64>(signal_number);
            args.values[1] = data.ConsumeBool() ? where : pick_pointer(data);
            args.values[2] = pick_pointer(data);
            args.values[3] = data.ConsumeBool() ? 8 : data.ConsumeIntegralInRange<u64>(0, 16);
            check(is_documented(syscall::dispatch_syscall(context, __NR_rt_sigaction, args)), "rt_sigaction errno");
            break;
        }
        case 1: { // rt_sigprocmask
            const u64 set = data.ConsumeIntegral<u64>();
            (void)memory.copy_to_user(UserAddress(kUserData + 64), &set, sizeof(set));
            args.values[0] = data.ConsumeIntegralInRange<u64>(0, 3);
            args.values[1] = data.ConsumeBool() ? kUserData + 64 : pick_pointer(data);
            args.values[2] = pick_pointer(data);
            args.values[3] = data.ConsumeBool() ? 8 : data.ConsumeIntegralInRange<u64>(0, 16);
            check(is_documented(syscall::dispatch_syscall(context, __NR_rt_sigprocmask, args)), "rt_sigprocmask errno");
            break;
        }
        case 2: // rt_sigpending
            args.values[0] = pick_pointer(data);
            args.values[1] = data.ConsumeIntegralInRange<u64>(0, 16);
            check(is_documented(syscall::dispatch_syscall(context, __NR_rt_sigpending, args)), "rt_sigpending errno");
            break;
        case 3: { // sigaltstack
            const u64 stack[3] = { data.ConsumeIntegral<u64>(), data.ConsumeIntegralInRange<u64>(0, 8), data.ConsumeIntegralInRange<u64>(0, 1 << 16) };
            (void)memory.copy_to_user(UserAddress(kUserData + 128), stack, sizeof(stack));
            if (data.ConsumeBool()) {
                thread.context->set_stack_pointer(stack[0] + data.ConsumeIntegralInRange<u64>(0, 1 << 16));
            }
            args.values[0] = data.ConsumeBool() ? kUserData + 128 : pick_pointer(data);
            args.values[1] = pick_pointer(data);
            check(is_documented(syscall::dispatch_syscall(context, __NR_sigaltstack, args)), "sigaltstack errno");
            break;
        }
        case 4: { // a signal arrives (the stand-in for kill/sigqueue until they exist)
            if (signal_number < 1 || signal_number > signal::kSignalCount) {
                break;
            }
            signal::PendingSignals& pending = data.ConsumeBool() ? thread.pending : thread.process().shared_pending();
            signal::SignalInfo info;
            info.signo = signal_number;
            info.code = data.ConsumeBool() ? signal::kSiUser : signal::kSiQueue;
            info.set_value(++sequence);
            const u64 limit = data.ConsumeIntegralInRange<int>(0, 7) != 0 ? 1U << 20 : quota.queued();
            auto queued = pending.enqueue(info, signal::QueueCharge { &quota, limit, false });
            if (queued.has_value() && queued.value() == signal::PendingSignals::Queued::WithInfo && signal_number >= signal::kFirstRealtimeSignal) {
                expected_order[&pending][signal_number].push_back(sequence);
            }
            if (queued.has_value() && queued.value() == signal::PendingSignals::Queued::WithoutInfo && signal_number >= signal::kFirstRealtimeSignal) {
                // An instance without info comes out as SI_USER with no value.
                untracked[&pending].insert(signal_number);
            }
            break;
        }
        case 5: { // dequeue what this thread would take next
            signal::PendingSignals& pending = data.ConsumeBool() ? thread.pending : thread.process().shared_pending();
            const signal::SignalInfo info = pending.dequeue(thread.blocked);
            check(info.signo == 0 || !thread.blocked.contains(info.signo), "dequeued a blocked signal");
            auto& order = expected_order[&pending];
            auto it = order.find(info.signo);
            const bool tracked = untracked[&pending].count(info.signo) == 0;
            if (info.signo >= signal::kFirstRealtimeSignal && tracked && it != order.end() && !it->second.empty()) {
                check(info.value() == it->second.front(), "real-time signals out of order");
                it->second.erase(it->second.begin());
            }
            if (info.signo != 0 && !pending.set().contains(info.signo)) {
                order.erase(info.signo);
                untracked[&pending].erase(info.signo);
            }
            break;
        }
        default: { // discard a signal, as an ignoring sigaction in another thread would
            signal::PendingSignals& pending = data.ConsumeBool() ? thread.pending : thread.process().shared_pending();
            if (signal_number >= 1 && signal_number <= signal::kSignalCount) {
                pending.remove(signal_number);
                expected_order[&pending].erase(signal_number);
                untracked[&pending].erase(signal_number);
            }
            break;
        }
        }
        // A signal no longer pending (dequeued, or discarded by an ignoring
        // sigaction) starts afresh.
        for (auto& [pending, orders] : expected_order) {
            std::erase_if(orders, [&](const auto& entry) { return !pending->set().contains(entry.first); });
        }
        for (auto& [pending, signals] : untracked) {
            std::erase_if(signals, [&](int signo) { return !pending->set().contains(signo); });
        }
        for (proc::Thread* each : threads) {
            check_thread(*each);
        }
    }
    machine.shut_down();
    return 0;
}
