#pragma once

// A pidfd (pidfd_open(2), CLONE_PIDFD): an fd that refers to a process by its
// Pid, stable across pid reuse.
#include "core/fs/file.h"
#include "core/proc/pid.h"

namespace sirius::proc {

class PidfdFile final : public fs::File {
public:
    PidfdFile(RefPtr<Pid> pid, u32 status_flags)
        : File(status_flags)
        , m_pid(move(pid))
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Pidfd; }
    [[nodiscard]] const RefPtr<Pid>& pid() const { return m_pid; }

    // pidfd_poll: readable once the process is a zombie (a PIDFD_THREAD
    // pidfd: once the thread exits), readable and hung up once it is gone.
    u32 poll(fs::PollTable* table) override;

private:
    RefPtr<Pid> m_pid;
};

} // namespace sirius::proc
