#include "core/proc/pidfd_file.h"

#include <linux/eventpoll.h>
#include <linux/fcntl.h>

#include "core/fs/poll_table.h"
#include "core/proc/process.h"
#include "core/proc/thread.h"

namespace sirius::proc {

u32 PidfdFile::poll(fs::PollTable* table)
{
    if (table != nullptr) {
        table->wait_on(m_pid->pidfd_waiters);
    }
    // PIDFD_THREAD is O_EXCL in the file's flags.
    const bool thread_pidfd = (status_flags() & O_EXCL) != 0;
    const Process* process = m_pid->thread_group;
    const bool gone = thread_pidfd ? m_pid->thread == nullptr : process == nullptr || process->state() == ProcessState::Reaped;
    if (gone) {
        // "if (!task) poll_flags = EPOLLIN | EPOLLRDNORM | EPOLLHUP;"
        return EPOLLIN | EPOLLRDNORM | EPOLLHUP;
    }
    // "else if (task->exit_state && (thread || thread_group_empty(task)))"
    const bool exited = thread_pidfd ? m_pid->thread->exiting : process->state() == ProcessState::Zombie;
    return exited ? u32 { EPOLLIN | EPOLLRDNORM } : 0U;
}

} // namespace sirius::proc
