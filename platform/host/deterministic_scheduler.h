#pragma once

// A scheduler for host runs: one thread runs at a time, so preparing and
// starting threads need no platform state, and what happens while a thread
// waits is the on_block hook's to decide.
#include <functional>

#include "core/hal/scheduler.h"

namespace sirius::host {

class DeterministicScheduler final : public hal::Scheduler {
public:
    Result<void> prepare_thread(proc::Thread& thread) override;
    void discard_thread(proc::Thread& thread) override;
    void start_thread(proc::Thread& thread) override;
    proc::Thread* current_thread() override { return m_current; }
    hal::WakeReason wait_until(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready) override;
    hal::WakeReason wait_until_deadline(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready, hal::Nanoseconds deadline) override;
    void wake_all(hal::WaitQueue& queue) override;
    void wake_one(hal::WaitQueue& queue) override;
    void add_waiter(hal::WaitQueue& queue, hal::WaitQueueEntry& entry) override;
    void remove_waiter(hal::WaitQueue& queue, hal::WaitQueueEntry& entry) override;
    void yield() override { }
    void interrupt(proc::Thread& thread, hal::InterruptKind kind) override;

    void set_current(proc::Thread* thread) { m_current = thread; }
    // What one sleep of a waiting thread does: called with the queue while
    // the condition is false; returns the wake reason. Without it a wait
    // whose condition is false ends as Interrupted (nothing else can run).
    std::function<hal::WakeReason(hal::WaitQueue&)> on_block;

private:
    proc::Thread* m_current { nullptr };
};

} // namespace sirius::host
