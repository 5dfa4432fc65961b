#include "platform/host/deterministic_scheduler.h"

namespace sirius::host {

Result<void> DeterministicScheduler::prepare_thread(proc::Thread& thread)
{
    m_prepared.insert(&thread);
    return {};
}

void DeterministicScheduler::discard_thread(proc::Thread& thread)
{
    m_prepared.erase(&thread);
}

void DeterministicScheduler::start_thread(proc::Thread&)
{
    ++m_started;
}

hal::WakeReason DeterministicScheduler::block(hal::WaitQueue& queue, hal::BlockMode)
{
    if (on_block) {
        return on_block(queue);
    }
    return hal::WakeReason::Woken;
}

hal::WakeReason DeterministicScheduler::block_until(hal::WaitQueue& queue, hal::BlockMode mode, hal::Nanoseconds)
{
    return block(queue, mode);
}

void DeterministicScheduler::wake_all(hal::WaitQueue&) { }

void DeterministicScheduler::interrupt(proc::Thread&) { }

} // namespace sirius::host
