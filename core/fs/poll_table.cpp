#include "core/fs/poll_table.h"

#include "core/hal/scheduler.h"

namespace sirius::fs {

PollTable::PollTable(hal::Scheduler& scheduler, proc::Thread& waiter)
    : m_scheduler(scheduler)
    , m_waiter(waiter)
{
}

PollTable::~PollTable()
{
    for (Block* block = &m_first; block != nullptr; block = block->next.get()) {
        release(*block);
    }
}

void PollTable::release(Block& block)
{
    for (usize i = 0; i < block.used; ++i) {
        m_scheduler.remove_waiter(*block.queues[i], block.entries[i]);
    }
    block.used = 0;
}

void PollTable::wait_on(hal::WaitQueue& queue)
{
    if (!m_registering) {
        return;
    }
    if (m_last->used == kEntriesPerBlock) {
        // poll_get_entry: "if (!new_table) { p->error = -ENOMEM; return NULL; }"
        auto block = try_make_own<Block>();
        if (block.is_error()) {
            m_error = ENOMEM;
            return;
        }
        m_last->next = move(block.value());
        m_last = m_last->next.get();
    }
    const usize index = m_last->used++;
    hal::WaitQueueEntry& entry = m_last->entries[index];
    entry.thread = &m_waiter;
    m_last->queues[index] = &queue;
    m_scheduler.add_waiter(queue, entry);
}

} // namespace sirius::fs
