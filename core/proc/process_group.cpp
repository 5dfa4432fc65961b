#include "core/proc/process_group.h"

namespace sirius::proc {

Session::Session(RefPtr<Pid> pid)
    : m_pid(move(pid))
{
    m_pid->session = this;
}

Session::~Session()
{
    // A session can outlive its last member (a reaped process still
    // referenced), and a new one may since have been made on the same pid:
    // only the pid's current session detaches it.
    if (m_pid->session == this) {
        m_pid->session = nullptr;
    }
    m_pid->release_numbers_if_unused();
}

Result<RefPtr<Session>> Session::create(RefPtr<Pid> pid)
{
    return try_make_ref<Session>(move(pid));
}

ProcessGroup::ProcessGroup(RefPtr<Pid> pid, RefPtr<Session> session)
    : m_pid(move(pid))
    , m_session(move(session))
{
    m_pid->process_group = this;
}

ProcessGroup::~ProcessGroup()
{
    // As for sessions: a newer group on the same pid stays attached.
    if (m_pid->process_group == this) {
        m_pid->process_group = nullptr;
    }
    m_pid->release_numbers_if_unused();
}

Result<RefPtr<ProcessGroup>> ProcessGroup::create(RefPtr<Pid> pid, RefPtr<Session> session)
{
    return try_make_ref<ProcessGroup>(move(pid), move(session));
}

} // namespace sirius::proc
