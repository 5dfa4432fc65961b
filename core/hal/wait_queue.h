#pragma once

// A queue of threads waiting for an event. The core owns the queue (it lives in
// the object being waited for); the scheduler links blocked threads into it.
#include "core/base/intrusive_list.h"

namespace sirius::proc {
class Thread;
}

namespace sirius::hal {

struct WaitQueueEntry {
    proc::Thread* thread { nullptr };
    IntrusiveListNode node;
    // Linked by Scheduler::add_waiter (a poll entry): woken by wake_all,
    // skipped by wake_one (Linux: not WQ_FLAG_EXCLUSIVE).
    bool polling { false };
};

class WaitQueue {
public:
    using List = IntrusiveList<WaitQueueEntry, &WaitQueueEntry::node>;

    [[nodiscard]] bool has_waiters() const { return !m_waiters.is_empty(); }
    List& waiters() { return m_waiters; }

private:
    List m_waiters;
};

} // namespace sirius::hal
