#pragma once

// What the machine-level fuzzers (signal, namespace) share: picking a live
// thread from the input, letting a vfork child run to exit when its parent
// waits, and running steps one thread at a time.
#include <fuzzer/FuzzedDataProvider.h>

#include "platform/host/host_machine.h"

namespace sirius::fuzz {

// Any live thread, chosen by the input; nullptr when none is left.
inline proc::Thread* pick_thread(proc::Kernel& kernel, FuzzedDataProvider& data)
{
    const usize count = kernel.threads().size();
    if (count == 0) {
        return nullptr;
    }
    usize index = data.ConsumeIntegralInRange<usize>(0, count - 1);
    for (proc::Thread& thread : kernel.threads()) {
        if (index-- == 0) {
            return &thread;
        }
    }
    return nullptr;
}

// A waiting vfork parent: its child runs to exit (nothing else can run on
// the host). Returns whether there was one.
inline bool run_vfork_child_to_exit(proc::Kernel& kernel)
{
    for (proc::Thread& thread : kernel.threads()) {
        if (thread.vfork_done != nullptr) {
            kernel.exit_thread(thread, 0);
            return true;
        }
    }
    return false;
}

// Up to `steps` steps, each by a live thread the input picks, which is the
// scheduler's current thread while it runs; `check` runs after each.
template<typename Step, typename Check>
void run_steps(host::HostMachine& machine, FuzzedDataProvider& data, int steps, Step step, Check check)
{
    for (int i = 0; i < steps && data.remaining_bytes() > 0; ++i) {
        proc::Thread* thread = pick_thread(*machine.kernel, data);
        if (thread == nullptr) {
            return;
        }
        machine.scheduler.set_current(thread);
        step(*thread);
        machine.scheduler.set_current(nullptr);
        check();
    }
}

} // namespace sirius::fuzz
