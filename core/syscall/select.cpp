#include "core/syscall/select.h"

#include <linux/eventpoll.h>
#include <linux/time_types.h>

#include "core/base/user_ptr.h"
#include "core/base/vector.h"
#include "core/fs/fd_table.h"
#include "core/fs/poll_table.h"
#include "core/syscall/poll_wait.h"
#include "core/syscall/time.h"

namespace sirius::syscall {

namespace {

// An fd_set is an array of longs, bit i of word i / 64 for descriptor i.
constexpr usize kBitsPerWord = 64;

// What readiness answers each set (POLLIN_SET, POLLOUT_SET, POLLEX_SET).
constexpr u32 kReadEvents = EPOLLRDNORM | EPOLLRDBAND | EPOLLIN | EPOLLHUP | EPOLLERR;
constexpr u32 kWriteEvents = EPOLLWRBAND | EPOLLWRNORM | EPOLLOUT | EPOLLERR;
constexpr u32 kExceptEvents = EPOLLPRI;

struct FdSets {
    Vector<u64> in;
    Vector<u64> out;
    Vector<u64> except;
};

// get_fd_set: the words of a user set, all of them (bits at and above the
// count included); no set reads as empty. Errors: EFAULT, ENOMEM.
Result<Vector<u64>> read_fd_set(SyscallContext& context, u64 address, usize words)
{
    Vector<u64> set;
    TRY(set.try_reserve(words));
    for (usize i = 0; i < words; ++i) {
        u64 word = 0;
        if (address != 0) {
            const UserAddress at = TRY(UserAddress(address).offset(i * sizeof(u64)));
            word = TRY(UserPtr<u64>(at).read(memory_of(context)));
        }
        TRY(set.try_append(word));
    }
    return set;
}

// set_fd_set: the result words back over a user set given.
Result<void> write_fd_set(SyscallContext& context, u64 address, const Vector<u64>& set)
{
    if (address == 0) {
        return {};
    }
    for (usize i = 0; i < set.size(); ++i) {
        const UserAddress at = TRY(UserAddress(address).offset(i * sizeof(u64)));
        TRY(UserPtr<u64>(at).write(memory_of(context), set[i]));
    }
    return {};
}

// max_select_fd: one past the highest descriptor asked about, below
// `count`. Errors: EBADF when one asked about is not open.
Result<usize> highest_asked(const fs::FdTable& files, const FdSets& sets, usize count)
{
    usize highest = 0;
    for (usize fd = 0; fd < count; ++fd) {
        const u64 bit = u64 { 1 } << (fd % kBitsPerWord);
        const usize word = fd / kBitsPerWord;
        if (((sets.in[word] | sets.out[word] | sets.except[word]) & bit) == 0) {
            continue;
        }
        if (!files.is_allocated(static_cast<int>(fd))) {
            return errno_error(EBADF);
        }
        highest = fd + 1;
    }
    return highest;
}

// One pass of do_select over descriptors [0, count): the ready ones go to
// `results`; returns how many bits were set. A descriptor closed since
// the EBADF check is ready for nothing (EPOLLNVAL is in no set).
usize select_pass(const fs::FdTable& files, const FdSets& asked, usize count, FdSets& results, fs::PollTable* table)
{
    usize ready = 0;
    for (usize word = 0; word < results.in.size(); ++word) {
        results.in[word] = results.out[word] = results.except[word] = 0;
    }
    for (usize fd = 0; fd < count; ++fd) {
        const usize word = fd / kBitsPerWord;
        const u64 bit = u64 { 1 } << (fd % kBitsPerWord);
        if (((asked.in[word] | asked.out[word] | asked.except[word]) & bit) == 0) {
            continue;
        }
        const RefPtr<fs::File> file = files.get(static_cast<int>(fd));
        const u32 mask = file ? file->poll(table != nullptr && table->is_registering() ? table : nullptr) : u32 { EPOLLNVAL };
        const auto answer = [&](const Vector<u64>& wanted, Vector<u64>& result, u32 events) {
            if ((mask & events) != 0 && (wanted[word] & bit) != 0) {
                result[word] |= bit;
                ++ready;
                if (table != nullptr) {
                    table->stop_registering();
                }
            }
        };
        answer(asked.in, results.in, kReadEvents);
        answer(asked.out, results.out, kWriteEvents);
        answer(asked.except, results.except, kExceptEvents);
    }
    return ready;
}

Result<FdSets> empty_sets(usize words)
{
    FdSets sets;
    TRY(sets.in.try_reserve(words));
    TRY(sets.out.try_reserve(words));
    TRY(sets.except.try_reserve(words));
    for (usize i = 0; i < words; ++i) {
        TRY(sets.in.try_append(u64 { 0 }));
        TRY(sets.out.try_append(u64 { 0 }));
        TRY(sets.except.try_append(u64 { 0 }));
    }
    return sets;
}

// do_select: passes until a descriptor is ready, the time is up or a
// signal is pending. Returns the bits set in `results`. Errors: EBADF,
// ENOMEM.
Result<usize> wait_for_sets(SyscallContext& context, const FdSets& asked, usize count, FdSets& results, const PollDeadline& deadline)
{
    const fs::FdTable& files = *context.current.files;
    count = TRY(highest_asked(files, asked, count));
    fs::PollTable table(context.kernel.scheduler(), context.current);
    bool timed_out = deadline.is_zero();
    if (timed_out) {
        table.stop_registering();
    }
    for (;;) {
        const usize ready = select_pass(files, asked, count, results, &table);
        table.stop_registering();
        if (ready != 0 || timed_out || context.current.has_deliverable_signal()) {
            return ready;
        }
        if (table.error() != 0) {
            return errno_error(table.error());
        }
        timed_out = sleep_for_events(context, deadline, [&] { return select_pass(files, asked, count, results, nullptr) != 0; });
    }
}

// core_sys_select. Errors: EINVAL (a negative count), EFAULT, EBADF,
// ENOMEM, ERESTARTNOHAND (a signal before any descriptor was ready: the
// sets are left as they were).
Result<i64> select_descriptors(SyscallContext& context, i32 count, u64 in, u64 out, u64 except, const PollDeadline& deadline)
{
    if (count < 0) {
        return errno_error(EINVAL);
    }
    // "max_fds can increase, so grab it once": descriptors from the
    // table's size on are not looked at.
    usize n = min(static_cast<usize>(count), context.current.files->max_fds());
    const usize words = (n + kBitsPerWord - 1) / kBitsPerWord;
    FdSets asked;
    asked.in = TRY(read_fd_set(context, in, words));
    asked.out = TRY(read_fd_set(context, out, words));
    asked.except = TRY(read_fd_set(context, except, words));
    FdSets results = TRY(empty_sets(words));
    const usize ready = TRY(wait_for_sets(context, asked, n, results, deadline));
    if (ready == 0 && context.current.has_deliverable_signal()) {
        return errno_error(ERESTARTNOHAND);
    }
    // A set that cannot be written back makes the call EFAULT, after the
    // sets before it were.
    if (write_fd_set(context, in, results.in).is_error() || write_fd_set(context, out, results.out).is_error()
        || write_fd_set(context, except, results.except).is_error()) {
        return errno_error(EFAULT);
    }
    return static_cast<i64>(ready);
}

Result<i64> select(SyscallContext& context, const SyscallArguments& args)
{
    PollDeadline deadline;
    const u64 time_address = args[4];
    if (time_address != 0) {
        const auto time = TRY(UserPtr<__kernel_old_timeval>(time_address).read(memory_of(context)));
        // kern_select: microseconds past a second carry into the seconds;
        // then timespec64_valid.
        i64 seconds = 0;
        if (__builtin_add_overflow(time.tv_sec, time.tv_usec / 1'000'000, &seconds)) {
            return errno_error(EINVAL);
        }
        const i64 nanoseconds = (time.tv_usec % 1'000'000) * 1000;
        if (seconds < 0 || nanoseconds < 0) {
            return errno_error(EINVAL);
        }
        deadline = poll_deadline(context, time::seconds_to_nanoseconds(seconds, nanoseconds));
    }
    Result<i64> result = select_descriptors(context, static_cast<i32>(args[0]), args[1], args[2], args[3], deadline);
    return finish_poll(context, deadline, time_address, RemainingTimeFormat::Timeval, move(result));
}

// pselect6's sixth argument: where the mask is and its size (struct
// sigset_argpack).
struct SignalMaskArgument {
    u64 address;
    u64 size;
};

Result<i64> pselect6(SyscallContext& context, const SyscallArguments& args)
{
    SignalMaskArgument mask {};
    if (args[5] != 0) {
        mask = TRY(UserPtr<SignalMaskArgument>(args[5]).read(memory_of(context)));
    }
    PollDeadline deadline;
    if (args[4] != 0) {
        deadline = poll_deadline(context, TRY(read_user_timespec(context, args[4])));
    }
    TRY(set_poll_signal_mask(context, mask.address, mask.size));
    Result<i64> result = select_descriptors(context, static_cast<i32>(args[0]), args[1], args[2], args[3], deadline);
    return finish_poll(context, deadline, args[4], RemainingTimeFormat::Timespec, move(result));
}

} // namespace

i64 sys_select(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(select(context, args));
}

i64 sys_pselect6(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(pselect6(context, args));
}

} // namespace sirius::syscall
