#pragma once

// What poll(2) and select(2) wait with (Linux struct poll_wqueues and its
// poll_table). A file's poll() names the wait queues its readiness changes
// on (poll_wait); the table links one entry per queue for the polling
// thread, so a wake on any of them wakes the thread wherever it sleeps.
// The first pass over the files registers; once a file is ready, or on
// later passes, registration is off (Linux clears _qproc) and poll() only
// reports.
#include "core/base/own_ptr.h"
#include "core/hal/wait_queue.h"

namespace sirius::hal {
class Scheduler;
}

namespace sirius::fs {

class PollTable {
public:
    PollTable(hal::Scheduler& scheduler, proc::Thread& waiter);
    // Unlinks every entry (poll_freewait).
    ~PollTable();
    PollTable(const PollTable&) = delete;
    PollTable& operator=(const PollTable&) = delete;

    // poll_wait: a file's readiness changes with wakes on `queue`. Nothing
    // while registration is off. An entry that cannot be allocated leaves
    // error() ENOMEM, which the call returns if no file is ready.
    void wait_on(hal::WaitQueue& queue);

    // Stops registering (the poll found a ready file, or a pass is done).
    void stop_registering() { m_registering = false; }
    [[nodiscard]] bool is_registering() const { return m_registering; }

    // 0, or ENOMEM when an entry could not be had (Linux table.error).
    [[nodiscard]] int error() const { return m_error; }

private:
    // Entries come in blocks, the first inside the table (Linux's inline
    // entries and poll_table_page).
    static constexpr usize kEntriesPerBlock = 16;
    struct Block : HeapObject {
        hal::WaitQueueEntry entries[kEntriesPerBlock];
        hal::WaitQueue* queues[kEntriesPerBlock] {};
        usize used { 0 };
        OwnPtr<Block> next;
    };
    void release(Block& block);

    hal::Scheduler& m_scheduler;
    proc::Thread& m_waiter;
    Block m_first;
    Block* m_last { &m_first };
    bool m_registering { true };
    int m_error { 0 };
};

} // namespace sirius::fs
