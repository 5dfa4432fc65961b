#include "core/signal/pending_signals.h"

#include <asm/signal.h>

namespace sirius::signal {

static_assert(kFirstRealtimeSignal == SIGRTMIN);

namespace {

// Linux SYNCHRONOUS_MASK: faults the thread caused itself are dequeued first.
constexpr u64 bit(int signal) { return u64 { 1 } << (signal - 1); }
constexpr u64 kSynchronous = bit(SIGSEGV) | bit(SIGBUS) | bit(SIGILL) | bit(SIGTRAP) | bit(SIGFPE) | bit(SIGSYS);

int lowest_signal(u64 bits)
{
    return __builtin_ctzll(bits) + 1;
}

} // namespace

Result<PendingSignals::Queued> PendingSignals::enqueue(const SignalInfo& info, const QueueCharge& charge)
{
    const int signal = info.signo;
    // legacy_queue: "support queuing exactly one non-rt signal".
    if (signal < kFirstRealtimeSignal && m_set.contains(signal)) {
        return Queued::AlreadyPending;
    }
    if (charge.quota != nullptr && charge.quota->try_charge(charge.limit, charge.override_limit)) {
        auto queued = try_create<QueuedSignal>(info, *charge.quota);
        if (queued.has_value()) {
            m_queue.append(*queued.value());
            m_set.add(signal);
            return Queued::WithInfo;
        }
        charge.quota->uncharge();
    }
    // "Queue overflow, abort": a real-time signal that carries data must not
    // be delivered without it.
    if (signal >= kFirstRealtimeSignal && info.code != kSiUser) {
        return errno_error(EAGAIN);
    }
    m_set.add(signal);
    return Queued::WithoutInfo;
}

SignalInfo PendingSignals::dequeue(SignalSet blocked)
{
    u64 deliverable = m_set.bits() & ~blocked.bits();
    if (deliverable == 0) {
        return SignalInfo {};
    }
    if ((deliverable & kSynchronous) != 0) {
        deliverable &= kSynchronous;
    }
    const int signal = lowest_signal(deliverable);

    QueuedSignal* first = nullptr;
    bool more = false;
    for (QueuedSignal& queued : m_queue) {
        if (queued.info.signo == signal) {
            if (first != nullptr) {
                more = true;
                break;
            }
            first = &queued;
        }
    }
    if (!more) {
        m_set.remove(signal);
    }
    if (first == nullptr) {
        // "It wasn't in the queue. This must be a fast-pathed signal or we
        // must have been out of queue space. So zero out the info."
        SignalInfo info;
        info.signo = signal;
        info.code = kSiUser;
        return info;
    }
    const SignalInfo info = first->info;
    decltype(m_queue)::remove(*first);
    delete first;
    return info;
}

void PendingSignals::discard(SignalSet signals)
{
    for (QueuedSignal& queued : m_queue) {
        if (signals.contains(queued.info.signo)) {
            decltype(m_queue)::remove(queued);
            delete &queued;
        }
    }
    m_set = SignalSet(m_set.bits() & ~signals.bits());
}

bool PendingSignals::is_consistent() const
{
    u64 standard_seen = 0;
    bool consistent = true;
    m_queue.for_each([&](const QueuedSignal& queued) {
        const int signal = queued.info.signo;
        if (signal < 1 || signal > kSignalCount || !m_set.contains(signal)) {
            consistent = false;
            return;
        }
        if (signal < kFirstRealtimeSignal) {
            consistent = consistent && (standard_seen & bit(signal)) == 0;
            standard_seen |= bit(signal);
        }
    });
    return consistent;
}

void PendingSignals::remove(int signal)
{
    SignalSet one;
    one.add(signal);
    discard(one);
}

} // namespace sirius::signal
