#pragma once

// Signals sent but not yet delivered (Linux struct sigpending): a set, and
// the queued siginfo of each send. One per thread, one per process (shared).
// Standard signals coalesce: one pending instance at most. Real-time signals
// (SIGRTMIN..SIGRTMAX) queue, each with its siginfo, in the order sent.
// A clone child starts with none (fork(2): "the child's set of pending
// signals is initially empty").
#include "core/base/heap_object.h"
#include "core/base/intrusive_list.h"
#include "core/base/ref_ptr.h"
#include "core/base/result.h"
#include "core/signal/signal_info.h"
#include "core/signal/signal_quota.h"
#include "core/signal/signal_set.h"

namespace sirius::signal {

// Linux's SIGRTMIN (the kernel's; glibc reserves the first few for itself).
inline constexpr int kFirstRealtimeSignal = 32;

// Where a queued siginfo is charged against RLIMIT_SIGPENDING.
struct QueueCharge {
    SignalQuota* quota { nullptr }; // nullptr: no quota, so no room
    u64 limit { 0 };                // the receiver's RLIMIT_SIGPENDING
    bool override_limit { false };  // Linux's override_rlimit
};

class PendingSignals {
public:
    PendingSignals() = default;
    PendingSignals(const PendingSignals&) = delete;
    PendingSignals& operator=(const PendingSignals&) = delete;
    ~PendingSignals() { clear(); }

    [[nodiscard]] const SignalSet& set() const { return m_set; }
    [[nodiscard]] usize queued_count() const { return m_queue.size(); }

    enum class Queued {
        WithInfo,       // pending, its siginfo queued
        WithoutInfo,    // pending, but no room for its siginfo
        AlreadyPending, // a standard signal that was pending already
    };

    // Linux __send_signal_locked's queueing: a standard signal already
    // pending is not queued again (legacy_queue). Otherwise its siginfo is
    // queued if `charge` has room (the receiver's user is within
    // RLIMIT_SIGPENDING) and memory allows; failing that, a real-time signal
    // whose code is not SI_USER (sigqueue, timers) is EAGAIN - "queue
    // overflow" - and any other is pending without its info. A queued
    // siginfo stays charged until it is dequeued or discarded.
    // Preconditions: 1 <= info.signo <= 64.
    Result<Queued> enqueue(const SignalInfo& info, const QueueCharge& charge);

    // Marks `signal` pending with no siginfo (what enqueue does when there is
    // no room). Preconditions: 1 <= signal <= 64.
    void add(int signal) { m_set.add(signal); }

    // Linux next_signal and collect_signal: the signal to deliver among
    // those not in `blocked` - synchronous faults first (SIGSEGV, SIGBUS,
    // SIGILL, SIGTRAP, SIGFPE, SIGSYS), then the lowest number - with its
    // oldest queued siginfo, or an SI_USER one if none was queued. It stays
    // pending while more of its siginfo are queued. Returns signo 0 when
    // nothing is deliverable.
    SignalInfo dequeue(SignalSet blocked);

    // Discards `signals` and their queued siginfo (flush_sigqueue_mask).
    void discard(SignalSet signals);
    void remove(int signal);
    void clear() { discard(SignalSet(~u64 { 0 })); }

    // Visits the queued siginfo in queue order (for /proc's SigQ, fuzzers
    // and tests).
    template<typename Callback>
    void for_each_queued(Callback callback) const
    {
        m_queue.for_each([&](const QueuedSignal& queued) { callback(queued.info); });
    }

    // The structure's own invariants, for fuzzers and tests: every queued
    // siginfo's signal is in the set, and no standard signal has more than
    // one queued siginfo.
    [[nodiscard]] bool is_consistent() const;

private:
    struct QueuedSignal : HeapObject {
        QueuedSignal(const SignalInfo& queued, SignalQuota& charged_to)
            : info(queued)
            , quota(&charged_to)
        {
        }
        QueuedSignal(const QueuedSignal&) = delete;
        QueuedSignal& operator=(const QueuedSignal&) = delete;
        ~QueuedSignal() { quota->uncharge(); }
        SignalInfo info;
        RefPtr<SignalQuota> quota;
        IntrusiveListNode node;
    };

    IntrusiveList<QueuedSignal, &QueuedSignal::node> m_queue;
    SignalSet m_set;
};

} // namespace sirius::signal
