#include "core/proc/futex.h"

#include <linux/capability.h>
#include <linux/futex.h>

#include "core/base/user_ptr.h"
#include "core/proc/kernel.h"
#include "core/proc/ptrace_access.h"

// Like the rest of proc::Kernel, the table takes no lock: the core runs on
// one CPU and the kernel is not preempted (platform/baremetal/scheduler.h),
// so one operation's reads and writes of the table and of user words never
// interleave with another's, nor with user code. That is also what makes
// FUTEX_WAKE_OP's read-modify-write and the robust-list walk's
// compare-and-store atomic, which Linux does with locked instructions on the
// user word (futex_atomic_op_inuser, futex_cmpxchg_value_locked). SMP needs a
// lock per bucket and a user-memory cmpxchg from the hal.

namespace sirius::proc {

namespace {

// KTIME_MAX: the deadline that never comes.
constexpr hal::Nanoseconds kForever = static_cast<hal::Nanoseconds>(~u64 { 0 } >> 1);

hal::Nanoseconds saturating_add(hal::Nanoseconds a, hal::Nanoseconds b)
{
    hal::Nanoseconds sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        return b > 0 ? kForever : -kForever;
    }
    return sum;
}

hal::Nanoseconds saturating_sub(hal::Nanoseconds a, hal::Nanoseconds b)
{
    hal::Nanoseconds difference = 0;
    if (__builtin_sub_overflow(a, b, &difference)) {
        return b < 0 ? kForever : -kForever;
    }
    return difference;
}

Result<u32> read_word(Thread& thread, UserAddress address)
{
    return UserPtr<u32>(address).read(thread.memory->address_space());
}

Result<void> write_word(Thread& thread, UserAddress address, u32 value)
{
    return UserPtr<u32>(address).write(thread.memory->address_space(), value);
}

// sign_extend32(field, 11): FUTEX_OP's 12-bit arguments are signed.
i32 sign_extend_12(u32 field)
{
    return static_cast<i32>(field << 20) >> 20;
}

// Linux futex_atomic_op_inuser and the x86 arch_futex_atomic_op_inuser:
// "*(int *)UADDR2 = *(int *)UADDR2 OP OPARG", then "oldval CMP CMPARG".
// Returns whether to wake the second futex.
Result<bool> apply_wake_op(Thread& thread, UserAddress address, u32 encoded_op)
{
    const u32 op = (encoded_op >> 28) & 7;
    const u32 cmp = (encoded_op >> 24) & 15;
    u32 oparg = static_cast<u32>(sign_extend_12((encoded_op >> 12) & 0xfff));
    const i32 cmparg = sign_extend_12(encoded_op & 0xfff);
    if ((encoded_op & (static_cast<u32>(FUTEX_OP_OPARG_SHIFT) << 28)) != 0) {
        // "kill this print and return -EINVAL when userspace is sane again":
        // a shift out of 0..31 is taken modulo 32.
        oparg = u32 { 1 } << (oparg & 31);
    }
    // The x86 code checks the operation before it touches the word.
    if (op > FUTEX_OP_XOR) {
        return errno_error(ENOSYS);
    }
    const u32 old_value = TRY(read_word(thread, address));
    u32 new_value = oparg;
    switch (op) {
    case FUTEX_OP_SET:
        break;
    case FUTEX_OP_ADD:
        new_value = old_value + oparg;
        break;
    case FUTEX_OP_OR:
        new_value = old_value | oparg;
        break;
    case FUTEX_OP_ANDN:
        new_value = old_value & ~oparg;
        break;
    default: // FUTEX_OP_XOR
        new_value = old_value ^ oparg;
        break;
    }
    TRY(write_word(thread, address, new_value));
    // The comparison is checked after the store: an unknown one is ENOSYS
    // with the word already changed (so is Linux's, as the host shows).
    const auto old_signed = static_cast<i32>(old_value);
    switch (cmp) {
    case FUTEX_OP_CMP_EQ:
        return old_signed == cmparg;
    case FUTEX_OP_CMP_NE:
        return old_signed != cmparg;
    case FUTEX_OP_CMP_LT:
        return old_signed < cmparg;
    case FUTEX_OP_CMP_LE:
        return old_signed <= cmparg;
    case FUTEX_OP_CMP_GT:
        return old_signed > cmparg;
    case FUTEX_OP_CMP_GE:
        return old_signed >= cmparg;
    default:
        return errno_error(ENOSYS);
    }
}

// One pointer of the robust list (Linux fetch_robust_entry): bit 0 marks a
// PI futex.
struct RobustEntry {
    u64 address { 0 };
    bool pi { false };
};

Result<RobustEntry> fetch_robust_entry(Thread& thread, u64 address)
{
    const u64 value = TRY(UserPtr<u64>(address).read(thread.memory->address_space()));
    return RobustEntry { value & ~u64 { 1 }, (value & 1) != 0 };
}

} // namespace

hal::Nanoseconds futex_deadline(const Kernel& kernel, const Thread& current, hal::Nanoseconds timeout, FutexTimeout kind)
{
    const hal::Clock& clock = kernel.clock();
    switch (kind) {
    case FutexTimeout::Relative:
        // ktime_add_safe(ktime_get(), t).
        return saturating_add(clock.monotonic_now(), timeout);
    case FutexTimeout::AbsoluteMonotonic: {
        // timens_ktime_to_host: "if it's lesser than the time namespace's
        // offset - it's already expired"; past KTIME_MAX it is KTIME_MAX.
        i64 offset = 0;
        if (current.namespaces && current.namespaces->namespaces().time) {
            offset = current.namespaces->namespaces().time->offsets().monotonic_ns;
        }
        if (timeout < offset) {
            return 0;
        }
        return saturating_sub(timeout, offset);
    }
    case FutexTimeout::AbsoluteRealtime: {
        // Linux arms a CLOCK_REALTIME timer, which follows clock_settime
        // and NTP steps made during the wait. The scheduler sleeps on the
        // monotonic clock only, so the wall-clock time becomes a monotonic
        // one through the two clocks' difference at the start of the wait;
        // a later step of the wall clock does not move the deadline.
        const hal::Nanoseconds remaining = saturating_sub(timeout, clock.realtime_now());
        const hal::Nanoseconds deadline = saturating_add(clock.monotonic_now(), remaining);
        return deadline < 0 ? 0 : deadline;
    }
    }
    return kForever;
}

Result<UserAddress> robust_list_of(const Thread& caller, const Thread& target)
{
    if (!ptrace_may_access(caller, target, PtraceMode::ReadRealCreds)) {
        return errno_error(EPERM);
    }
    return target.robust_list;
}

FutexTable::FutexTable(hal::Mmu& mmu, hal::Scheduler& scheduler)
    : m_mmu(mmu)
    , m_scheduler(scheduler)
{
}

Result<FutexKey> FutexTable::key_for(Thread& current, UserAddress address, FutexScope scope) const
{
    // "The futex address must be "naturally" aligned."
    if (address.value() % sizeof(u32) != 0) {
        return errno_error(EINVAL);
    }
    if (!is_user_range(address.value(), sizeof(u32), m_mmu.user_address_limit())) {
        return errno_error(EFAULT);
    }
    const bool shared = scope == FutexScope::Shared;
    if (shared) {
        // get_user_pages_fast: a shared key is taken from the page, so the
        // word must be mapped even for an operation that does not read it.
        TRY(read_word(current, address));
        // A word in MAP_SHARED memory is the same futex for every process
        // that maps its page, wherever: Linux keys it by the shared object
        // and the offset in it (inode, pgoff). Sirius never moves or swaps
        // a shared page while it is mapped, so the frame's physical address
        // names the word as well.
        mm::Vma vma;
        if (current.memory->find_vma(address, vma) && vma.flags.shared) {
            const u64 physical = TRY(current.memory->address_space().translate(address));
            return FutexKey { nullptr, physical, true };
        }
    }
    // Private memory (Linux FUT_OFF_MMSHARED for a shared operation): the
    // word of this memory descriptor at this address; a forked child's
    // copy of the page is another futex.
    return FutexKey { current.memory.get(), address.value(), shared };
}

FutexTable::Bucket& FutexTable::bucket_for(const FutexKey& key)
{
    static_assert((kBucketCount & (kBucketCount - 1)) == 0);
    // Any mix will do: the bucket narrows the search, the key decides.
    const u64 mixed = (key.address ^ (reinterpret_cast<uptr>(key.memory) << 7)) * 0x9e3779b97f4a7c15ULL;
    return m_buckets[mixed >> (64 - __builtin_ctzll(kBucketCount))];
}

void FutexTable::wake_waiter(Waiter& waiter)
{
    // futex_wake_mark: off its bucket, marked woken, then made runnable.
    waiter.node.unlink();
    waiter.woken = true;
    m_scheduler.wake_one(waiter.queue);
}

u32 FutexTable::wake_matching(const FutexKey& key, u32 bitset, i32 count)
{
    u32 woken = 0;
    // Oldest first: a bucket is a FIFO (Linux's plist, all at one priority).
    for (Waiter& waiter : bucket_for(key)) {
        if (!(waiter.key == key) || (waiter.bitset & bitset) == 0) {
            continue;
        }
        wake_waiter(waiter);
        // "if (++ret >= nr_wake) break;": a count of 0 or less wakes one.
        if (static_cast<i64>(++woken) >= count) {
            break;
        }
    }
    return woken;
}

Result<void> FutexTable::wait(Thread& current, UserAddress address, FutexScope scope, u32 expected, u32 bitset, const hal::Nanoseconds* deadline)
{
    // __futex_wait: "if (!bitset) return -EINVAL;"
    if (bitset == 0) {
        return errno_error(EINVAL);
    }
    Waiter waiter;
    waiter.key = TRY(key_for(current, address, scope));
    waiter.bitset = bitset;
    // futex_wait_setup: the word is read and the waiter queued with no
    // chance for a waker to run in between (Linux holds the bucket lock;
    // the kernel is not preempted here), so a FUTEX_WAKE that follows a
    // change of the word cannot be lost.
    const u32 value = TRY(read_word(current, address));
    // futex(2) EAGAIN: "The value pointed to by uaddr was not equal to the
    // expected value val at the time of the call."
    if (value != expected) {
        return errno_error(EAGAIN);
    }
    bucket_for(waiter.key).append(waiter);
    // From here every return unqueues the waiter (its node unlinks itself).
    // A signal already pending ends the sleep at once, as in Linux, where
    // schedule() does not sleep in TASK_INTERRUPTIBLE with one pending.
    auto ready = [&] { return waiter.woken || current.has_deliverable_signal(); };
    const hal::WakeReason reason = deadline != nullptr
        ? m_scheduler.wait_until_deadline(waiter.queue, hal::BlockMode::Interruptible, ready, *deadline)
        : m_scheduler.wait_until(waiter.queue, hal::BlockMode::Interruptible, ready);
    // "If we were woken (and unqueued), we succeeded, whatever."
    if (waiter.woken) {
        return {};
    }
    waiter.node.unlink();
    if (reason == hal::WakeReason::TimedOut) {
        return errno_error(ETIMEDOUT);
    }
    // A signal, or a wake-up without one (which the restart turns into
    // Linux's retry: the word is read again). Without a timeout Linux
    // returns ERESTARTSYS: EINTR to a handler unless SA_RESTART. With one it
    // returns ERESTART_RESTARTBLOCK (EINTR to any handler, otherwise
    // restart_syscall(2) goes on to the same absolute deadline); Sirius has
    // no restart_block yet, so ERESTARTNOHAND gives the same EINTR and,
    // without a handler, restarts the call itself: the same deadline for an
    // absolute timeout, a fresh relative one for FUTEX_WAIT.
    return errno_error(deadline != nullptr ? ERESTARTNOHAND : ERESTARTSYS);
}

Result<u32> FutexTable::wake(Thread& current, UserAddress address, FutexScope scope, i32 count, u32 bitset)
{
    // futex_wake: "if (!bitset) return -EINVAL;"
    if (bitset == 0) {
        return errno_error(EINVAL);
    }
    const FutexKey key = TRY(key_for(current, address, scope));
    return wake_matching(key, bitset, count);
}

Result<u32> FutexTable::requeue(Thread& current, UserAddress from, UserAddress to, FutexScope scope, i32 wake_count, i32 requeue_count, const u32* expected)
{
    // futex_requeue: "if (nr_wake < 0 || nr_requeue < 0) return -EINVAL;"
    // Unlike FUTEX_CMP_REQUEUE_PI, the same word on both sides is allowed.
    if (wake_count < 0 || requeue_count < 0) {
        return errno_error(EINVAL);
    }
    const FutexKey source_key = TRY(key_for(current, from, scope));
    const FutexKey target_key = TRY(key_for(current, to, scope));
    // futex(2) FUTEX_CMP_REQUEUE: "If the value at uaddr is not equal to
    // val3, the operation fails with the error EAGAIN."
    if (expected != nullptr) {
        const u32 value = TRY(read_word(current, from));
        if (value != *expected) {
            return errno_error(EAGAIN);
        }
    }
    Bucket& source = bucket_for(source_key);
    Bucket& target = bucket_for(target_key);
    i64 count = 0;
    for (Waiter& waiter : source) {
        if (count - wake_count >= requeue_count) {
            break;
        }
        if (!(waiter.key == source_key)) {
            continue;
        }
        if (++count <= wake_count) {
            wake_waiter(waiter);
            continue;
        }
        // requeue_futex: "If key1 and key2 hash to the same bucket, no need
        // to requeue" - only the key changes, so a waiter requeued to its
        // own word keeps its place and is counted once.
        waiter.key = target_key;
        if (&source != &target) {
            waiter.node.unlink();
            target.append(waiter);
        }
    }
    return static_cast<u32>(count);
}

Result<u32> FutexTable::wake_op(Thread& current, UserAddress address, UserAddress address2, FutexScope scope, i32 count, i32 count2, u32 encoded_op)
{
    const FutexKey first = TRY(key_for(current, address, scope));
    const FutexKey second = TRY(key_for(current, address2, scope));
    const bool wake_second = TRY(apply_wake_op(current, address2, encoded_op));
    // futex_wake_op wakes by key alone: bitsets are not looked at.
    u32 woken = wake_matching(first, FUTEX_BITSET_MATCH_ANY, count);
    if (wake_second) {
        woken += wake_matching(second, FUTEX_BITSET_MATCH_ANY, count2);
    }
    return woken;
}

bool FutexTable::handle_futex_death(Thread& thread, u64 address, bool pi, bool pending_op)
{
    // "Futex address must be 32bit aligned"; a fault ends the walk.
    if (address % sizeof(u32) != 0) {
        return false;
    }
    auto value = read_word(thread, UserAddress(address));
    if (value.is_error()) {
        return false;
    }
    const u32 old_value = value.value();
    const u32 owner = old_value & FUTEX_TID_MASK;
    // A lock being released when the thread died: its owner field is
    // already 0, and a waiter may not have been told. Wake one, leave the
    // word alone.
    if (pending_op && !pi && owner == 0) {
        (void)wake(thread, UserAddress(address), FutexScope::Shared, 1, FUTEX_BITSET_MATCH_ANY);
        return true;
    }
    if (owner != static_cast<u32>(thread.pid().nr_in(thread.active_pid_namespace()))) {
        return true;
    }
    // "Set the OWNER_DIED bit atomically via cmpxchg, and if the value had
    // FUTEX_WAITERS set, wake up a waiter": the owner becomes 0.
    const u32 new_value = (old_value & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if (write_word(thread, UserAddress(address), new_value).is_error()) {
        return false;
    }
    // A PI futex's waiters are woken by its PI state, which Sirius has not.
    if (!pi && (old_value & FUTEX_WAITERS) != 0) {
        (void)wake(thread, UserAddress(address), FutexScope::Shared, 1, FUTEX_BITSET_MATCH_ANY);
    }
    return true;
}

void FutexTable::exit_robust_list(Thread& thread)
{
    // "Walk curr->robust_list (very carefully, it's a userspace list!) and
    // mark any locks found there dead, and notify any waiters. We silently
    // return on any sign of list-walking problem."
    using Head = struct robust_list_head;
    static_assert(sizeof(Head) == 24 && __builtin_offsetof(Head, list) == 0 && __builtin_offsetof(Head, futex_offset) == 8
        && __builtin_offsetof(Head, list_op_pending) == 16);
    static_assert(__builtin_offsetof(struct robust_list, next) == 0);
    const u64 head = exchange(thread.robust_list, UserAddress()).value();
    if (head == 0 || !thread.memory) {
        return;
    }
    auto first = fetch_robust_entry(thread, head);
    if (first.is_error()) {
        return;
    }
    auto offset = UserPtr<i64>(head + __builtin_offsetof(Head, futex_offset)).read(thread.memory->address_space());
    if (offset.is_error()) {
        return;
    }
    // The entry's futex word is `futex_offset` bytes from it (either way).
    const u64 futex_offset = static_cast<u64>(offset.value());
    // A lock being taken or released when the thread died.
    auto pending_entry = fetch_robust_entry(thread, head + __builtin_offsetof(Head, list_op_pending));
    if (pending_entry.is_error()) {
        return;
    }
    const RobustEntry pending = pending_entry.value();
    RobustEntry entry = first.value();
    // "Avoid excessively long or circular lists."
    for (u32 limit = ROBUST_LIST_LIMIT; entry.address != head;) {
        // The next entry is fetched before the lock is handled: the death
        // may let another thread take (and unlink) this one.
        auto next = fetch_robust_entry(thread, entry.address);
        // "A pending lock might already be on the list, so don't process
        // it twice."
        if (entry.address != pending.address && !handle_futex_death(thread, entry.address + futex_offset, entry.pi, false)) {
            return;
        }
        if (next.is_error()) {
            return;
        }
        entry = next.value();
        if (--limit == 0) {
            break;
        }
    }
    if (pending.address != 0) {
        (void)handle_futex_death(thread, pending.address + futex_offset, pending.pi, true);
    }
}

usize FutexTable::waiter_count() const
{
    usize count = 0;
    for (const Bucket& bucket : m_buckets) {
        count += bucket.size();
    }
    return count;
}

} // namespace sirius::proc
