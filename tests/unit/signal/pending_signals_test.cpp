// Pending signals as Linux keeps them (kernel/signal.c legacy_queue,
// __send_signal_locked, next_signal, collect_signal) and signal(7):
// "standard signals do not queue", "real-time signals are queued ... in the
// order they were sent", "if both standard and real-time signals are
// pending ... (Linux) standard signals first", synchronous faults first.
#include <signal.h>

#include "core/signal/pending_signals.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

signal::SignalInfo info_for(int signo, i32 code = signal::kSiUser, u64 value = 0)
{
    signal::SignalInfo info;
    info.signo = signo;
    info.code = code;
    info.set_sender(42, 1000);
    info.set_value(value);
    return info;
}

constexpr int kRt = signal::kFirstRealtimeSignal;

// One user's quota for every test here; each test leaves it at 0.
signal::SignalQuota& test_quota()
{
    static signal::SignalQuota quota(1000);
    return quota;
}
// A charge with room to spare, and one whose user is at its limit.
signal::QueueCharge room() { return { &test_quota(), 1024, false }; }
signal::QueueCharge full() { return { &test_quota(), test_quota().queued(), false }; }

TEST(PendingSignalsTest, StandardSignal_DoesNotQueueTwice)
{
    signal::PendingSignals pending;
    EXPECT_EQ(pending.enqueue(info_for(SIGUSR1), room()).release_value(), signal::PendingSignals::Queued::WithInfo);
    EXPECT_EQ(pending.enqueue(info_for(SIGUSR1), room()).release_value(), signal::PendingSignals::Queued::AlreadyPending);
    EXPECT_EQ(pending.queued_count(), 1U);
    EXPECT_EQ(pending.dequeue({}).signo, SIGUSR1);
    EXPECT_EQ(pending.dequeue({}).signo, 0);
}

TEST(PendingSignalsTest, RealtimeSignal_QueuesEveryInstanceInOrderWithItsInfo)
{
    signal::PendingSignals pending;
    for (u64 value = 1; value <= 3; ++value) {
        ASSERT_TRUE(pending.enqueue(info_for(kRt + 1, signal::kSiQueue, value), room()).has_value());
    }
    EXPECT_EQ(pending.queued_count(), 3U);
    for (u64 value = 1; value <= 3; ++value) {
        EXPECT_TRUE(pending.set().contains(kRt + 1));
        const signal::SignalInfo info = pending.dequeue({});
        EXPECT_EQ(info.signo, kRt + 1);
        EXPECT_EQ(info.value(), value);
        EXPECT_EQ(info.code, signal::kSiQueue);
    }
    EXPECT_FALSE(pending.set().contains(kRt + 1)); // gone with its last instance
}

TEST(PendingSignalsTest, Dequeue_SynchronousFaultsFirstThenLowestNumber)
{
    signal::PendingSignals pending;
    for (int signo : { kRt, SIGUSR1, SIGHUP, SIGSEGV }) {
        ASSERT_TRUE(pending.enqueue(info_for(signo), room()).has_value());
    }
    EXPECT_EQ(pending.dequeue({}).signo, SIGSEGV);
    EXPECT_EQ(pending.dequeue({}).signo, SIGHUP);
    EXPECT_EQ(pending.dequeue({}).signo, SIGUSR1);
    EXPECT_EQ(pending.dequeue({}).signo, kRt);
}

TEST(PendingSignalsTest, Dequeue_SkipsBlockedSignalsAndKeepsThem)
{
    signal::PendingSignals pending;
    pending.add(SIGUSR1);
    signal::SignalSet blocked;
    blocked.add(SIGUSR1);
    EXPECT_EQ(pending.dequeue(blocked).signo, 0);
    EXPECT_TRUE(pending.set().contains(SIGUSR1));
}

TEST(PendingSignalsTest, SignalWithoutQueuedInfo_IsDeliveredAsSiUserFromNobody)
{
    signal::PendingSignals pending;
    pending.add(SIGTERM);
    const signal::SignalInfo info = pending.dequeue({});
    EXPECT_EQ(info.signo, SIGTERM);
    EXPECT_EQ(info.code, signal::kSiUser);
    EXPECT_EQ(info.sender_pid(), 0);
    EXPECT_EQ(info.sender_uid(), 0U);
}

TEST(PendingSignalsTest, OverSigpendingLimit_RealtimeWithData_IsEagain)
{
    // sigqueue(3) EAGAIN: "The limit of signals which may be queued has been reached."
    signal::PendingSignals pending;
    EXPECT_EQ(errno_of(pending.enqueue(info_for(kRt, signal::kSiQueue), full())), EAGAIN);
    EXPECT_TRUE(pending.set().is_empty());
}

TEST(PendingSignalsTest, OverSigpendingLimit_KillStillMakesSignalPending)
{
    signal::PendingSignals pending;
    EXPECT_EQ(pending.enqueue(info_for(kRt, signal::kSiUser), full()).release_value(), signal::PendingSignals::Queued::WithoutInfo);
    EXPECT_EQ(pending.enqueue(info_for(SIGUSR2, signal::kSiTkill), full()).release_value(), signal::PendingSignals::Queued::WithoutInfo);
    EXPECT_EQ(pending.queued_count(), 0U);
    EXPECT_TRUE(pending.set().contains(kRt));
    EXPECT_TRUE(pending.set().contains(SIGUSR2));
}

TEST(PendingSignalsTest, OutOfMemory_BehavesAsOverTheLimit)
{
    signal::PendingSignals pending;
    host::AllocationFailureScope fail(0, true);
    EXPECT_EQ(errno_of(pending.enqueue(info_for(kRt, signal::kSiQueue), room())), EAGAIN);
    EXPECT_EQ(pending.enqueue(info_for(SIGUSR1), room()).release_value(), signal::PendingSignals::Queued::WithoutInfo);
}

TEST(PendingSignalsTest, Discard_DropsSignalsAndTheirQueuedInfo)
{
    signal::PendingSignals pending;
    ASSERT_TRUE(pending.enqueue(info_for(kRt, signal::kSiQueue, 1), room()).has_value());
    ASSERT_TRUE(pending.enqueue(info_for(kRt, signal::kSiQueue, 2), room()).has_value());
    ASSERT_TRUE(pending.enqueue(info_for(SIGUSR1), room()).has_value());
    pending.remove(kRt);
    EXPECT_EQ(pending.queued_count(), 1U);
    EXPECT_FALSE(pending.set().contains(kRt));
    EXPECT_EQ(pending.dequeue({}).signo, SIGUSR1);
}

TEST(PendingSignalsTest, IsConsistent_AfterEveryOperation)
{
    signal::PendingSignals pending;
    EXPECT_TRUE(pending.is_consistent());
    ASSERT_TRUE(pending.enqueue(info_for(SIGUSR1), room()).has_value());
    ASSERT_TRUE(pending.enqueue(info_for(kRt, signal::kSiQueue), room()).has_value());
    ASSERT_TRUE(pending.enqueue(info_for(kRt, signal::kSiQueue), room()).has_value());
    EXPECT_TRUE(pending.is_consistent());
    (void)pending.dequeue({});
    pending.remove(kRt);
    EXPECT_TRUE(pending.is_consistent());
}

TEST(SignalInfoTest, SenderAndValue_RoundTrip)
{
    const signal::SignalInfo info = info_for(SIGUSR1, signal::kSiQueue, 0x1122334455667788ULL);
    EXPECT_EQ(info.sender_pid(), 42);
    EXPECT_EQ(info.sender_uid(), 1000U);
    EXPECT_EQ(info.value(), 0x1122334455667788ULL);
    EXPECT_EQ(sizeof(signal::SignalInfo), 128U);
}


TEST(PendingSignalsTest, QueuedInfo_IsChargedToTheUserUntilDequeued)
{
    signal::PendingSignals pending;
    ASSERT_TRUE(pending.enqueue(info_for(kRt, signal::kSiQueue), room()).has_value());
    ASSERT_TRUE(pending.enqueue(info_for(SIGUSR1), room()).has_value());
    EXPECT_EQ(test_quota().queued(), 2U);
    EXPECT_EQ(pending.dequeue(signal::SignalSet()).signo, SIGUSR1);
    EXPECT_EQ(test_quota().queued(), 1U);
    pending.clear();
    EXPECT_EQ(test_quota().queued(), 0U);
}

TEST(PendingSignalsTest, AtTheLimit_OverrideStillQueuesTheInfo)
{
    // __send_signal_locked: a standard signal from kill() or the kernel
    // (override_rlimit) keeps its siginfo past RLIMIT_SIGPENDING.
    signal::PendingSignals pending;
    signal::QueueCharge charge = full();
    charge.override_limit = true;
    EXPECT_EQ(pending.enqueue(info_for(SIGUSR1), charge).release_value(), signal::PendingSignals::Queued::WithInfo);
    EXPECT_EQ(test_quota().queued(), 1U);
    pending.clear();
    EXPECT_EQ(test_quota().queued(), 0U);
}

TEST(PendingSignalsTest, LimitCountsEveryQueueOfTheUser)
{
    // RLIMIT_SIGPENDING is per user: two pending sets share the count.
    signal::PendingSignals first;
    signal::PendingSignals second;
    const signal::QueueCharge one_slot { &test_quota(), 1, false };
    ASSERT_EQ(first.enqueue(info_for(kRt, signal::kSiQueue), one_slot).release_value(), signal::PendingSignals::Queued::WithInfo);
    EXPECT_EQ(errno_of(second.enqueue(info_for(kRt, signal::kSiQueue), one_slot)), EAGAIN);
    first.clear();
    EXPECT_EQ(second.enqueue(info_for(kRt, signal::kSiQueue), one_slot).release_value(), signal::PendingSignals::Queued::WithInfo);
}

} // namespace
} // namespace sirius::testing
