#include "core/syscall/wait.h"

#include <asm/siginfo.h>
#include <asm/signal.h>
#include <linux/fcntl.h>
#include <linux/wait.h>

#include "core/base/user_ptr.h"
#include "core/proc/pidfd_file.h"
#include "core/proc/wait.h"
#include "core/syscall/resource_usage.h"

namespace sirius::syscall {

namespace {

proc::Pid* find_pid(SyscallContext& context, i32 nr)
{
    return context.current.active_pid_namespace().find(static_cast<PidNr>(nr));
}

// The child's rusage, if asked for (RUSAGE_BOTH: its CPU times and its
// waited-for children's; the other fields are 0, see resource_usage.h).
Result<void> store_usage(SyscallContext& context, u64 address, const proc::WaitReport& report)
{
    if (address == 0) {
        return {};
    }
    return write_user_rusage(context, address, report.usage);
}

Result<i64> wait4(SyscallContext& context, const SyscallArguments& args)
{
    const i32 upid = static_cast<i32>(args[0]);
    const u64 status_address = args[1];
    const u32 options = static_cast<u32>(args[2]);
    if ((options & ~static_cast<u32>(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) != 0) {
        return errno_error(EINVAL);
    }
    // "-INT_MIN is not defined."
    if (upid == INT32_MIN) {
        return errno_error(ESRCH);
    }
    proc::WaitSelector selector;
    if (upid < -1) {
        selector = { proc::WaitSelector::Kind::ProcessGroup, find_pid(context, -upid) };
    } else if (upid == 0) {
        selector = { proc::WaitSelector::Kind::ProcessGroup, &context.current.process().process_group().pid() };
    } else if (upid > 0) {
        selector = { proc::WaitSelector::Kind::Process, find_pid(context, upid) };
    }
    const proc::WaitReport report = TRY(proc::wait_for_child(context.kernel, context.current, selector, options | WEXITED));
    if (report.pid == 0) {
        return 0;
    }
    // The child is collected even if its status cannot be stored.
    if (status_address != 0) {
        TRY(UserPtr<i32>(status_address).write(memory_of(context), report.status));
    }
    TRY(store_usage(context, args[3], report));
    return report.pid;
}

// Linux kernel_waitid's selector: P_ALL, P_PID, P_PGID, P_PIDFD.
Result<proc::WaitSelector> waitid_selector(SyscallContext& context, u64 which, i32 upid, u32& options)
{
    switch (which) {
    case P_ALL:
        return proc::WaitSelector {};
    case P_PID:
        if (upid <= 0) {
            return errno_error(EINVAL);
        }
        return proc::WaitSelector { proc::WaitSelector::Kind::Process, find_pid(context, upid) };
    case P_PGID:
        if (upid < 0) {
            return errno_error(EINVAL);
        }
        if (upid == 0) {
            return proc::WaitSelector { proc::WaitSelector::Kind::ProcessGroup, &context.current.process().process_group().pid() };
        }
        return proc::WaitSelector { proc::WaitSelector::Kind::ProcessGroup, find_pid(context, upid) };
    case P_PIDFD: {
        if (upid < 0) {
            return errno_error(EINVAL);
        }
        RefPtr<fs::File> file = context.current.files->get(upid);
        if (file == nullptr || file->kind() != fs::FileKind::Pidfd) {
            return errno_error(EBADF);
        }
        // A non-blocking pidfd makes the wait WNOHANG.
        if ((file->status_flags() & O_NONBLOCK) != 0) {
            options |= WNOHANG;
        }
        return proc::WaitSelector { proc::WaitSelector::Kind::Process, static_cast<proc::PidfdFile&>(*file).pid().get() };
    }
    default:
        return errno_error(EINVAL);
    }
}

// kernel_waitid: the report, or an errno.
Result<proc::WaitReport> waitid_report(SyscallContext& context, const SyscallArguments& args)
{
    u32 options = static_cast<u32>(args[3]);
    if ((options & ~static_cast<u32>(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) != 0) {
        return errno_error(EINVAL);
    }
    if ((options & (WEXITED | WSTOPPED | WCONTINUED)) == 0) {
        return errno_error(EINVAL);
    }
    const proc::WaitSelector selector = TRY(waitid_selector(context, args[0], static_cast<i32>(args[1]), options));
    return proc::wait_for_child(context.kernel, context.current, selector, options);
}

Result<i64> waitid(SyscallContext& context, const SyscallArguments& args)
{
    const auto result = waitid_report(context, args);
    proc::WaitReport report;
    if (result.has_value()) {
        report = result.value();
        if (report.pid != 0) {
            TRY(store_usage(context, args[4], report));
        }
    }
    // sys_waitid stores the siginfo whatever the outcome - zeros for an
    // error or nothing to report - so a bad pointer is EFAULT even then.
    // Only these fields are written (si_signo, si_errno, si_code; si_pid,
    // si_uid, si_status); the rest of the caller's siginfo is left alone.
    const u64 info_address = args[2];
    if (info_address != 0) {
        const i32 head[3] = { report.pid != 0 ? SIGCHLD : 0, 0, report.code };
        const i32 child[3] = { static_cast<i32>(report.pid), static_cast<i32>(report.uid), report.child_status };
        static_assert(__builtin_offsetof(siginfo_t, si_pid) == 16 && __builtin_offsetof(siginfo_t, si_status) == 24);
        TRY(memory_of(context).copy_to_user(UserAddress(info_address), head, sizeof(head)));
        TRY(memory_of(context).copy_to_user(UserAddress(info_address + __builtin_offsetof(siginfo_t, si_pid)), child, sizeof(child)));
    }
    if (result.is_error()) {
        return result.error();
    }
    return 0;
}

} // namespace

i64 sys_wait4(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(wait4(context, args));
}

i64 sys_waitid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(waitid(context, args));
}

} // namespace sirius::syscall
