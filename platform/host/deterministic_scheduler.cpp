#include "platform/host/deterministic_scheduler.h"

namespace sirius::host {

Result<void> DeterministicScheduler::prepare_thread(proc::Thread&)
{
    return {};
}

void DeterministicScheduler::discard_thread(proc::Thread&) { }

void DeterministicScheduler::start_thread(proc::Thread&) { }

hal::WakeReason DeterministicScheduler::wait_until(hal::WaitQueue& queue, hal::BlockMode, FunctionRef<bool()> ready)
{
    // One thread runs at a time here: whatever must happen for `ready` to
    // become true happens inside the on_block hook.
    while (!ready()) {
        const hal::WakeReason reason = on_block ? on_block(queue) : hal::WakeReason::Interrupted;
        if (reason != hal::WakeReason::Woken) {
            return reason;
        }
    }
    return hal::WakeReason::Woken;
}

hal::WakeReason DeterministicScheduler::wait_until_deadline(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready, hal::Nanoseconds)
{
    return wait_until(queue, mode, ready);
}

void DeterministicScheduler::wake_all(hal::WaitQueue&) { }

void DeterministicScheduler::wake_one(hal::WaitQueue&) { }

void DeterministicScheduler::add_waiter(hal::WaitQueue& queue, hal::WaitQueueEntry& entry)
{
    entry.polling = true;
    queue.waiters().append(entry);
}

void DeterministicScheduler::remove_waiter(hal::WaitQueue&, hal::WaitQueueEntry& entry)
{
    if (entry.node.is_linked()) {
        hal::WaitQueue::List::remove(entry);
    }
}

void DeterministicScheduler::interrupt(proc::Thread&, hal::InterruptKind) { }

} // namespace sirius::host
