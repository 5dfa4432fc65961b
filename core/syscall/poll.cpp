#include "core/syscall/poll.h"

#include <asm/poll.h>
#include <linux/eventpoll.h>
#include <linux/resource.h>

#include "core/base/user_ptr.h"
#include "core/base/vector.h"
#include "core/fs/fd_table.h"
#include "core/fs/poll_table.h"
#include "core/syscall/poll_wait.h"
#include "core/syscall/time.h"

namespace sirius::syscall {

namespace {

constexpr hal::Nanoseconds kNanosecondsPerMillisecond = 1'000'000;

// do_pollfd: what one entry reports. A negative fd is skipped (0); a
// descriptor that is not open is POLLNVAL; otherwise what the file is
// ready for, of what `events` asks, and always POLLERR and POLLHUP. On
// x86_64 the POLL* bits are the EPOLL* ones (mangle_poll is the identity).
u16 poll_one(const fs::FdTable& files, const pollfd& entry, fs::PollTable* table)
{
    if (entry.fd < 0) {
        return 0;
    }
    const RefPtr<fs::File> file = files.get(entry.fd);
    if (!file) {
        return POLLNVAL;
    }
    const u32 filter = static_cast<u16>(entry.events) | u32 { EPOLLERR | EPOLLHUP };
    return static_cast<u16>(file->poll(table) & filter);
}

// One pass of do_poll over every entry: fills each revents and returns how
// many entries have one. Registration stops at the first ready entry: the
// call will not sleep.
usize poll_pass(const fs::FdTable& files, Vector<pollfd>& entries, fs::PollTable* table)
{
    usize count = 0;
    for (pollfd& entry : entries) {
        entry.revents = static_cast<i16>(poll_one(files, entry, table != nullptr && table->is_registering() ? table : nullptr));
        if (entry.revents != 0) {
            ++count;
            if (table != nullptr) {
                table->stop_registering();
            }
        }
    }
    return count;
}

// do_poll: passes over the entries, sleeping between them, until one is
// ready, the time is up, a signal is pending or an entry could not be
// registered. Returns the ready count. Errors: ERESTARTNOHAND (a signal,
// nothing ready), ENOMEM.
Result<i64> wait_for_entries(SyscallContext& context, Vector<pollfd>& entries, const PollDeadline& deadline)
{
    const fs::FdTable& files = *context.current.files;
    fs::PollTable table(context.kernel.scheduler(), context.current);
    // "Optimize the poll for zero timeout": one pass, nothing registered.
    bool timed_out = deadline.is_zero();
    if (timed_out) {
        table.stop_registering();
    }
    for (;;) {
        const usize count = poll_pass(files, entries, &table);
        table.stop_registering();
        if (count != 0) {
            return static_cast<i64>(count);
        }
        // "count = wait->error; if (signal_pending(current)) count =
        // -ERESTARTNOHAND;"
        if (context.current.has_deliverable_signal()) {
            return errno_error(ERESTARTNOHAND);
        }
        if (table.error() != 0) {
            return errno_error(table.error());
        }
        if (timed_out) {
            return 0;
        }
        // Each wake asks with a pass that registers nothing.
        timed_out = sleep_for_events(context, deadline, [&] { return poll_pass(files, entries, nullptr) != 0; });
    }
}

// do_sys_poll: the entries come in, are polled, and every revents goes
// back. Errors: EINVAL (more entries than RLIMIT_NOFILE), EFAULT, ENOMEM,
// and do_poll's.
Result<i64> poll_entries(SyscallContext& context, u64 address, u32 count, const PollDeadline& deadline)
{
    if (count > context.current.process().limits().get(RLIMIT_NOFILE).soft) {
        return errno_error(EINVAL);
    }
    hal::AddressSpace& memory = memory_of(context);
    Vector<pollfd> entries;
    TRY(entries.try_reserve(count));
    for (u32 i = 0; i < count; ++i) {
        const UserAddress at = TRY(UserAddress(address).offset(u64 { i } * sizeof(pollfd)));
        const pollfd entry = TRY(UserPtr<pollfd>(at).read(memory));
        TRY(entries.try_append(entry));
    }
    Result<i64> ready = wait_for_entries(context, entries, deadline);
    // Every revents goes back, also after an interruption; a fault there
    // makes the call EFAULT.
    for (u32 i = 0; i < count; ++i) {
        const UserAddress at = TRY(UserAddress(address).offset(u64 { i } * sizeof(pollfd) + offsetof(pollfd, revents)));
        TRY(UserPtr<i16>(at).write(memory, entries[i].revents));
    }
    return ready;
}

Result<i64> poll(SyscallContext& context, const SyscallArguments& args)
{
    // The timeout is an int of milliseconds; a negative one waits forever.
    const auto milliseconds = static_cast<i32>(args[2]);
    PollDeadline deadline;
    if (milliseconds >= 0) {
        deadline = poll_deadline(context, hal::Nanoseconds { milliseconds } * kNanosecondsPerMillisecond);
    }
    // Linux sets up restart_syscall(2) to go on to the same end time
    // (ERESTART_RESTARTBLOCK); without restart blocks the call restarts
    // from the start when no handler runs, with its whole timeout again.
    return poll_entries(context, args[0], static_cast<u32>(args[1]), deadline);
}

Result<i64> ppoll(SyscallContext& context, const SyscallArguments& args)
{
    PollDeadline deadline;
    if (args[2] != 0) {
        deadline = poll_deadline(context, TRY(read_user_timespec(context, args[2])));
    }
    TRY(set_poll_signal_mask(context, args[3], args[4]));
    Result<i64> result = poll_entries(context, args[0], static_cast<u32>(args[1]), deadline);
    return finish_poll(context, deadline, args[2], RemainingTimeFormat::Timespec, move(result));
}

} // namespace

i64 sys_poll(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(poll(context, args));
}

i64 sys_ppoll(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(ppoll(context, args));
}

} // namespace sirius::syscall
