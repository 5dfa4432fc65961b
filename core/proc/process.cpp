#include "core/proc/process.h"

namespace sirius::proc {

Process::Process(RefPtr<Pid> pid, RefPtr<Cgroup> cgroup)
    : m_pid(move(pid))
    , m_cgroup(move(cgroup))
{
    m_cgroup->add_process();
}

Process::~Process()
{
    m_cgroup->remove_process();
    if (m_pid->thread_group == this) {
        m_pid->thread_group = nullptr;
    }
    // The group may be the last user of the pid (its number); drop it first.
    m_process_group.clear();
    m_pid->release_numbers_if_unused();
}

Thread* Process::next_thread_after(const ThreadGroupLink& link) const
{
    const ThreadGroupLink* next = m_threads.next_after(link);
    return next != nullptr ? next->thread : first_thread();
}

} // namespace sirius::proc
