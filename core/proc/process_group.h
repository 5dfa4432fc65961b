#pragma once

// Sessions and process groups (credentials(7), setsid(2), setpgid(2)). Each
// is named by the Pid of its leader and lists its members; a process group
// belongs to one session.
#include "core/base/intrusive_list.h"
#include "core/proc/pid.h"

namespace sirius::tty {
class Terminal;
}

namespace sirius::proc {

class Process;

class Session : public RefCounted<Session> {
public:
    static Result<RefPtr<Session>> create(RefPtr<Pid> pid);
    ~Session();
    [[nodiscard]] Pid& pid() const { return *m_pid; }

    // The session's controlling terminal (Linux keeps it per process in
    // signal->tty; every member of a Sirius session shares it). Set and
    // cleared only by core/tty (acquire and disassociate); a new session
    // (setsid) starts without one.
    tty::Terminal* controlling_terminal { nullptr };

    explicit Session(RefPtr<Pid> pid);

private:
    RefPtr<Pid> m_pid;
};

class ProcessGroup : public RefCounted<ProcessGroup> {
public:
    static Result<RefPtr<ProcessGroup>> create(RefPtr<Pid> pid, RefPtr<Session> session);
    ~ProcessGroup();
    [[nodiscard]] Pid& pid() const { return *m_pid; }
    [[nodiscard]] Session& session() const { return *m_session; }
    [[nodiscard]] const RefPtr<Session>& session_ref() const { return m_session; }

    ProcessGroup(RefPtr<Pid> pid, RefPtr<Session> session);

private:
    RefPtr<Pid> m_pid;
    RefPtr<Session> m_session;
};

} // namespace sirius::proc
