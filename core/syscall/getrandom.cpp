#include "core/syscall/getrandom.h"

#include <linux/random.h>

#include "core/random/chacha20.h"

namespace sirius::syscall {

namespace {

constexpr u32 kKnownFlags = GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE;
constexpr u64 kIntMax = 0x7fffffff;
// wait_for_random_bytes: "wait_event_interruptible_timeout(crng_init_wait,
// crng_ready(), HZ)", then another try to make entropy.
constexpr hal::Nanoseconds kSeedRetryPeriod = 1'000'000'000;

// MAX_RW_COUNT (INT_MAX & PAGE_MASK): import_ubuf cuts a longer request.
u64 max_rw_count(const proc::Kernel& kernel)
{
    return kIntMax & ~(u64 { kernel.mmu().page_size() } - 1);
}

// wait_for_random_bytes: until the generator is seeded, asks the platform
// again each second, sleeping interruptibly between tries. A signal ends
// the wait with ERESTARTSYS (EINTR to a handler, restarted under
// SA_RESTART or when none runs).
Result<void> wait_for_random_bytes(SyscallContext& context)
{
    random::Crng& crng = context.kernel.crng();
    hal::Scheduler& scheduler = context.kernel.scheduler();
    while (!crng.try_to_seed()) {
        const hal::Nanoseconds deadline = context.kernel.clock().monotonic_now() + kSeedRetryPeriod;
        const hal::WakeReason reason
            = scheduler.wait_until_deadline(crng.ready_waiters(), hal::BlockMode::Interruptible, [&] { return crng.is_ready(); }, deadline);
        if (reason == hal::WakeReason::Interrupted && context.current.has_deliverable_signal()) {
            return errno_error(ERESTARTSYS);
        }
    }
    return {};
}

// copy_to_iter: as many bytes as reach user memory before the first one
// that faults. A page is writable as a whole or not at all, so the copy
// goes a page at a time and stops at the first page that fails.
usize copy_until_fault(SyscallContext& context, u64 address, const u8* bytes, usize size)
{
    const u64 page_size = context.kernel.mmu().page_size();
    usize copied = 0;
    while (copied < size) {
        const u64 at = address + copied;
        const usize chunk = min<u64>(size - copied, page_size - (at % page_size));
        if (memory_of(context).copy_to_user(UserAddress(at), bytes + copied, chunk).is_error()) {
            break;
        }
        copied += chunk;
    }
    return copied;
}

// The key words of `state` (4-11) from 32 bytes, as Linux's
// crng_make_state writes its random bytes over &chacha_state[4].
void set_key(random::ChaChaState& state, const u8* key)
{
    copy_bytes(&state.words[4], key, random::kChaChaKeySize);
}

// get_random_bytes_user: one state from the generator, whose fresh key
// replaces the generator's at once "in case userspace causes copy_to_iter()
// below to sleep forever". Up to 32 bytes come from that key itself; more
// come block by block, with a look for signals at each page.
Result<i64> get_random_bytes_user(SyscallContext& context, u64 address, usize count)
{
    if (count == 0) {
        return 0;
    }
    random::ChaChaState state;
    u8 key[random::kChaChaKeySize];
    context.kernel.crng().make_state(state, key, sizeof(key));
    set_key(state, key);
    usize done = 0;
    if (count <= random::kChaChaKeySize) {
        done = copy_until_fault(context, address, key, count);
    } else {
        const u64 page_size = context.kernel.mmu().page_size();
        u8 block[random::kChaChaBlockSize];
        for (;;) {
            random::chacha20_block(state, block);
            if (state.words[12] == 0) {
                ++state.words[13];
            }
            const usize wanted = min(count - done, random::kChaChaBlockSize);
            const usize copied = copy_until_fault(context, address + done, block, wanted);
            done += copied;
            if (done == count || copied != wanted) {
                break;
            }
            // "if (ret % PAGE_SIZE == 0) { if (signal_pending(current))
            // break; cond_resched(); }": a signal ends a long read with
            // what it has. The kernel is not preempted and the hal does not
            // say when a slice is over, so there is no cond_resched.
            if (done % page_size == 0 && context.current.has_deliverable_signal()) {
                break;
            }
        }
        random::erase_secret(block, sizeof(block));
    }
    random::erase_secret(key, sizeof(key));
    random::erase_secret(&state, sizeof(state));
    // "return ret ? ret : -EFAULT".
    if (done == 0) {
        return errno_error(EFAULT);
    }
    return static_cast<i64>(done);
}

Result<i64> getrandom(SyscallContext& context, const SyscallArguments& args)
{
    const u64 address = args[0];
    u64 count = args[1];
    // `flags` is an unsigned int: the upper half of the register is not
    // looked at.
    const auto flags = static_cast<u32>(args[2]);
    // getrandom(2): "EINVAL An invalid flag was specified in flags."
    if ((flags & ~kKnownFlags) != 0) {
        return errno_error(EINVAL);
    }
    // "Requesting insecure and blocking randomness at the same time makes
    // no sense."
    if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM)) {
        return errno_error(EINVAL);
    }
    random::Crng& crng = context.kernel.crng();
    // Linux's entropy arrives by interrupt and the generator is seeded
    // behind the caller's back; here the platform is asked when a caller
    // needs it.
    if ((flags & GRND_INSECURE) == 0 && !crng.try_to_seed()) {
        // "EAGAIN The requested entropy was not available, and getrandom()
        // would have blocked if the GRND_NONBLOCK flag was not set."
        if ((flags & GRND_NONBLOCK) != 0) {
            return errno_error(EAGAIN);
        }
        TRY(wait_for_random_bytes(context));
    }
    // import_ubuf: the count is cut to MAX_RW_COUNT, then access_ok (a
    // kernel address is EFAULT even for 0 bytes).
    count = min(count, max_rw_count(context.kernel));
    if (!is_user_range(address, count, context.kernel.mmu().user_address_limit())) {
        return errno_error(EFAULT);
    }
    return get_random_bytes_user(context, address, count);
}

} // namespace

i64 sys_getrandom(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getrandom(context, args));
}

} // namespace sirius::syscall
