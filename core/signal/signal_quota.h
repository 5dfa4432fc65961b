#pragma once

// How many siginfo structures are queued on behalf of one user (Linux
// ucounts' UCOUNT_RLIMIT_SIGPENDING): the count RLIMIT_SIGPENDING bounds.
// Linux charges the *receiving* task's real uid (__sigqueue_alloc uses
// task_ucounts(t)). Each queued siginfo holds a reference, so a quota lives
// as long as something is charged to it; the Kernel keeps the live ones in
// a list to find them by uid.
#include "core/base/intrusive_list.h"
#include "core/base/ref_counted.h"

namespace sirius::signal {

class SignalQuota : public RefCounted<SignalQuota> {
public:
    explicit SignalQuota(u32 uid)
        : m_uid(uid)
    {
    }
    ~SignalQuota()
    {
        if (m_node.is_linked()) {
            m_node.unlink();
        }
    }

    [[nodiscard]] u32 uid() const { return m_uid; }
    [[nodiscard]] u64 queued() const { return m_queued; }

    // Linux inc_rlimit_get_ucounts followed by the limit test: charges one
    // siginfo if `override_limit` or the count stays within `limit`.
    bool try_charge(u64 limit, bool override_limit)
    {
        if (!override_limit && m_queued >= limit) {
            return false;
        }
        ++m_queued;
        return true;
    }
    void uncharge() { --m_queued; }

    IntrusiveListNode m_node; // the Kernel's list of live quotas

private:
    u32 m_uid;
    u64 m_queued { 0 };
};

} // namespace sirius::signal
