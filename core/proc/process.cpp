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
    leave_cgroup();
    if (m_pid->thread_group == this) {
        m_pid->thread_group = nullptr;
    }
    // The group may be the last user of the pid (its number); drop it first.
    m_process_group.clear();
    m_pid->release_numbers_if_unused();
}

void Process::move_to_cgroup(RefPtr<Cgroup> cgroup)
{
    if (m_counted_in_cgroup) {
        m_cgroup->remove_process();
        cgroup->add_process();
    }
    m_cgroup = move(cgroup);
}

void Process::leave_cgroup()
{
    if (m_counted_in_cgroup) {
        m_counted_in_cgroup = false;
        m_cgroup->remove_process();
    }
}

namespace {

void propagate_has_child_subreaper(Process& process)
{
    for (Process& child : process.children()) {
        // "If task has has_child_subreaper - all its descendants already
        // have these flag too ... If we've found child_reaper - skip
        // descendants in it's subtree as they will never get out pidns."
        if (child.has_child_subreaper() || child.pid().is_namespace_init()) {
            continue;
        }
        child.set_has_child_subreaper(true);
        propagate_has_child_subreaper(child);
    }
}

} // namespace

void Process::set_child_subreaper(bool value)
{
    m_is_child_subreaper = value;
    if (value) {
        propagate_has_child_subreaper(*this);
    }
}

Thread* Process::next_thread_after(const ThreadGroupLink& link) const
{
    const ThreadGroupLink* next = m_threads.next_after(link);
    return next != nullptr ? next->thread : first_thread();
}

} // namespace sirius::proc
