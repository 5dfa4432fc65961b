#include "core/proc/thread.h"

#include <asm/signal.h>

namespace sirius::proc {

Thread::Thread(RefPtr<Process> process, RefPtr<Pid> pid)
    : m_process(move(process))
    , m_pid(move(pid))
{
    wait_entry.thread = this;
    m_group_link.thread = this;
}

Thread::~Thread()
{
    if (m_process->m_leader == this) {
        m_process->m_leader = nullptr;
    }
    if (m_pid->thread == this) {
        m_pid->thread = nullptr;
        m_pid->release_numbers_if_unused();
    }
}

void Thread::exchange_pid(Thread& other)
{
    swap(m_pid, other.m_pid);
    m_pid->thread = this;
    other.m_pid->thread = &other;
}

bool Thread::has_deliverable_signal() const
{
    const u64 pending_bits = pending.set().bits() | m_process->shared_pending().set().bits();
    return (pending_bits & ~blocked.bits()) != 0;
}

bool Thread::has_fatal_signal() const
{
    return pending.set().contains(SIGKILL) || m_process->shared_pending().set().contains(SIGKILL);
}

} // namespace sirius::proc
