#pragma once

// Futexes (futex(2); Linux kernel/futex/core.c, waitwake.c, requeue.c): the
// kernel-wide table of threads blocked in FUTEX_WAIT, hashed by the futex
// word they wait on, and the operations that wake them or move them to
// another word. Also the robust-list walk of a thread that leaves its memory
// (set_robust_list(2); Linux exit_robust_list).
//
// A waiter lives on the waiting thread's stack for the length of its wait
// (Linux struct futex_q): a wake or requeue touches it only while it is
// queued, and it is unqueued on every way out of the wait, so a thread that
// is interrupted or killed leaves nothing in the table.
#include "core/base/intrusive_list.h"
#include "core/base/result.h"
#include "core/base/user_memory.h"
#include "core/hal/clock.h"
#include "core/hal/wait_queue.h"

namespace sirius::mm {
class MemoryDescriptor;
}

namespace sirius::hal {
class Mmu;
class Scheduler;
} // namespace sirius::hal

namespace sirius::proc {

class Kernel;
class Thread;

// Whether other processes may share the futex (futex(2) FUTEX_PRIVATE_FLAG
// absent) or only the caller's threads (present).
enum class FutexScope : u8 {
    Private,
    Shared,
};

// Which futex a word is (Linux union futex_key). Private and shared
// operations on the same word of private memory name different futexes, as
// in Linux (a shared key carries FUT_OFF_MMSHARED): a FUTEX_WAKE without
// FUTEX_PRIVATE_FLAG does not wake a FUTEX_WAIT_PRIVATE waiter.
// A shared operation on a word of MAP_SHARED memory has no memory
// descriptor: `address` is then the word's physical address, the same in
// every process that maps it.
struct FutexKey {
    const mm::MemoryDescriptor* memory { nullptr };
    u64 address { 0 };
    bool shared { false };
    constexpr bool operator==(const FutexKey&) const = default;
};

// How a futex timeout reads (futex(2), "timeout"): FUTEX_WAIT's is relative,
// FUTEX_WAIT_BITSET's an absolute CLOCK_MONOTONIC time, or CLOCK_REALTIME
// with FUTEX_CLOCK_REALTIME.
enum class FutexTimeout : u8 {
    Relative,
    AbsoluteMonotonic,
    AbsoluteRealtime,
};

// The scheduler's deadline (the machine's CLOCK_MONOTONIC) for a valid
// timeout of `timeout` nanoseconds read as `kind` by `current` (Linux
// futex_init_timeout). A relative timeout starts now, saturating at
// KTIME_MAX (ktime_add_safe). An absolute monotonic time is in the caller's
// time namespace and loses its offset (timens_ktime_to_host). An absolute
// realtime time becomes monotonic through the two clocks' difference now;
// see futex.cpp for what that does not follow.
[[nodiscard]] hal::Nanoseconds futex_deadline(const Kernel& kernel, const Thread& current, hal::Nanoseconds timeout, FutexTimeout kind);

// get_robust_list(2): the robust-list head `target` registered, if `caller`
// may see it: always within its own thread group, otherwise with ptrace read
// access (Linux ptrace_may_access(PTRACE_MODE_READ_REALCREDS)).
// Errors: EPERM.
Result<UserAddress> robust_list_of(const Thread& caller, const Thread& target);

class FutexTable {
public:
    FutexTable(hal::Mmu& mmu, hal::Scheduler& scheduler);
    FutexTable(const FutexTable&) = delete;
    FutexTable& operator=(const FutexTable&) = delete;

    // FUTEX_WAIT and FUTEX_WAIT_BITSET (Linux futex_wait): if the word at
    // `address` still holds `expected`, `current` sleeps until a wake whose
    // bitset shares a bit with `bitset` picks it, `deadline` (the
    // scheduler's clock; nullptr: none) passes, or a signal comes.
    // Errors, in Linux's order: EINVAL (bitset 0, address not 4-aligned),
    // EFAULT (not a user address, or the word is unreadable), EAGAIN (the
    // word differs), ETIMEDOUT, ERESTARTSYS (a signal, no timeout: SA_RESTART
    // restarts it) or ERESTARTNOHAND (a signal during a timed wait: EINTR to
    // a handler; see futex.cpp for the restart without one).
    Result<void> wait(Thread& current, UserAddress address, FutexScope scope, u32 expected, u32 bitset, const hal::Nanoseconds* deadline);

    // FUTEX_WAKE and FUTEX_WAKE_BITSET (Linux futex_wake): wakes the oldest
    // waiters on the word whose bitset shares a bit with `bitset`, `count`
    // of them but at least one (Linux wakes one for a count <= 0). Returns
    // how many it woke. Errors: EINVAL (bitset 0, misaligned), EFAULT (not a
    // user address; for a shared futex, an unreadable word).
    Result<u32> wake(Thread& current, UserAddress address, FutexScope scope, i32 count, u32 bitset);

    // FUTEX_REQUEUE and, with `expected`, FUTEX_CMP_REQUEUE (Linux
    // futex_requeue): wakes up to `wake_count` waiters of `from` and moves
    // up to `requeue_count` more to `to`, bitsets kept. Returns how many it
    // woke or moved. Errors: EINVAL (a negative count, misaligned), EFAULT,
    // EAGAIN (the word at `from` is not `*expected`).
    Result<u32> requeue(Thread& current, UserAddress from, UserAddress to, FutexScope scope, i32 wake_count, i32 requeue_count, const u32* expected);

    // FUTEX_WAKE_OP (Linux futex_wake_op): applies `encoded_op` (FUTEX_OP()
    // of <linux/futex.h>) to the word at `address2`, wakes up to `count`
    // waiters of `address` and, if the comparison of the old value holds,
    // up to `count2` of `address2` (each at least one). Returns how many it
    // woke. Errors: EINVAL (misaligned), EFAULT (not a user address, the
    // second word not writable), ENOSYS (an unknown operation, the word left
    // alone; an unknown comparison, the word already changed).
    Result<u32> wake_op(Thread& current, UserAddress address, UserAddress address2, FutexScope scope, i32 count, i32 count2, u32 encoded_op);

    // A thread leaves its memory, by exit or exec (Linux futex_cleanup,
    // exit_robust_list): each lock on its robust list that it owns is marked
    // FUTEX_OWNER_DIED (owner 0, FUTEX_WAITERS kept) and, with waiters, one
    // of them woken; a pending lock with no owner has a waiter woken. The
    // walk stops at the first fault or misaligned word, and after
    // ROBUST_LIST_LIMIT entries. The list is forgotten afterwards.
    // Preconditions: `thread` still has its memory.
    void exit_robust_list(Thread& thread);

    // Threads blocked on any futex (for tests and leak checks).
    [[nodiscard]] usize waiter_count() const;

private:
    struct Waiter {
        FutexKey key;
        u32 bitset { 0 };
        bool woken { false };
        // Where the thread sleeps: nobody else waits on it, so a wake
        // reaches exactly this waiter, wherever a requeue put it.
        hal::WaitQueue queue;
        IntrusiveListNode node; // its bucket's list
    };
    using Bucket = IntrusiveList<Waiter, &Waiter::node>;

    // Linux get_futex_key, the one place a key is made.
    Result<FutexKey> key_for(Thread& current, UserAddress address, FutexScope scope) const;
    Bucket& bucket_for(const FutexKey& key);
    void wake_waiter(Waiter& waiter);
    u32 wake_matching(const FutexKey& key, u32 bitset, i32 count);
    bool handle_futex_death(Thread& thread, u64 address, bool pi, bool pending_op);

    // Linux sizes its table by CPUs (256 per CPU); one CPU here.
    static constexpr usize kBucketCount = 256;

    hal::Mmu& m_mmu;
    hal::Scheduler& m_scheduler;
    Bucket m_buckets[kBucketCount];
};

} // namespace sirius::proc
