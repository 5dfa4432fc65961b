#include "core/syscall/pidfd.h"

#include <asm/siginfo.h>
#include <linux/fcntl.h>
#include <linux/pidfd.h>
#include <linux/resource.h>

#include "core/proc/pidfd_file.h"
#include "core/proc/ptrace_access.h"
#include "core/signal/kill.h"
#include "core/syscall/user_siginfo.h"

namespace sirius::syscall {

namespace {

// Linux 6.9 additions, not in Debian 12's UAPI headers (<linux/pidfd.h>
// of 6.1): thread pidfds, and pidfd_send_signal's scope flags. Sirius
// follows the host's kernel here, as it does for CLONE_PIDFD|CLONE_THREAD.
constexpr u32 kPidfdThread = O_EXCL;
constexpr u32 kSignalThread = 1U << 0;
constexpr u32 kSignalThreadGroup = 1U << 1;
constexpr u32 kSignalProcessGroup = 1U << 2;

Result<i64> pidfd_open(SyscallContext& context, const SyscallArguments& args)
{
    const i32 nr = static_cast<i32>(args[0]);
    const u32 flags = static_cast<u32>(args[1]);
    if ((flags & ~(PIDFD_NONBLOCK | kPidfdThread)) != 0 || nr <= 0) {
        return errno_error(EINVAL);
    }
    proc::Pid* pid = context.current.active_pid_namespace().find(static_cast<PidNr>(nr));
    if (pid == nullptr) {
        return errno_error(ESRCH);
    }
    // pidfd_prepare: a process pidfd names a thread-group leader; a thread
    // pidfd any thread.
    const bool thread = (flags & kPidfdThread) != 0;
    if ((thread && pid->thread == nullptr) || (!thread && pid->thread_group == nullptr)) {
        return errno_error(EINVAL);
    }
    const int fd = TRY(context.current.files->reserve(0, context.current.process().limits().get(RLIMIT_NOFILE).soft));
    auto file = try_make_ref<proc::PidfdFile>(RefPtr<proc::Pid>(pid), static_cast<u32>(O_RDWR | O_CLOEXEC) | flags);
    if (file.is_error()) {
        context.current.files->unreserve(fd);
        return file.error();
    }
    context.current.files->install(fd, file.release_value(), true);
    return fd;
}

// access_pidfd_pidns: the pidfd's process is in the caller's pid namespace
// or one below it.
bool is_visible(const proc::Pid& pid, const ns::PidNamespace& active)
{
    for (const ns::PidNamespace* ns = &pid.innermost_namespace(); ns != nullptr; ns = ns->parent()) {
        if (ns == &active) {
            return true;
        }
    }
    return false;
}

Result<i64> pidfd_send_signal(SyscallContext& context, const SyscallArguments& args)
{
    const int fd = static_cast<int>(args[0]);
    const int signal_number = static_cast<int>(args[1]);
    const u32 flags = static_cast<u32>(args[3]);
    constexpr u32 kScopes = kSignalThread | kSignalThreadGroup | kSignalProcessGroup;
    // "Enforce flags be set to 0 until we add an extension", then "only a
    // single signal scope determining flag".
    if ((flags & ~kScopes) != 0 || __builtin_popcount(flags) > 1) {
        return errno_error(EINVAL);
    }
    RefPtr<fs::File> file = fd >= 0 ? context.current.files->get(fd) : RefPtr<fs::File>();
    if (file == nullptr || file->kind() != fs::FileKind::Pidfd) {
        return errno_error(EBADF);
    }
    proc::Pid& pid = *static_cast<proc::PidfdFile&>(*file).pid();
    if (!is_visible(pid, context.current.active_pid_namespace())) {
        return errno_error(EINVAL);
    }
    signal::PidTarget target = (file->status_flags() & kPidfdThread) != 0 ? signal::PidTarget::Thread : signal::PidTarget::ThreadGroup;
    if (flags == kSignalThread) {
        target = signal::PidTarget::Thread;
    } else if (flags == kSignalThreadGroup) {
        target = signal::PidTarget::ThreadGroup;
    } else if (flags == kSignalProcessGroup) {
        target = signal::PidTarget::ProcessGroup;
    }
    signal::SignalInfo info;
    if (args[2] != 0) {
        info = TRY(read_user_siginfo(context, args[2]));
        if (info.signo != signal_number) {
            return errno_error(EINVAL);
        }
        // "Only allow sending arbitrary signals to yourself."
        const bool to_self = &pid == &context.current.pid() && target != signal::PidTarget::ProcessGroup;
        if (!to_self && (info.code >= 0 || info.code == signal::kSiTkill)) {
            return errno_error(EPERM);
        }
    } else {
        info = signal::sender_info(context.current, signal_number, target == signal::PidTarget::Thread ? signal::kSiTkill : signal::kSiUser);
    }
    TRY(signal::kill_pid_object(context.kernel, context.current, pid, target, info));
    return 0;
}

// SYSCALL_DEFINE3(pidfd_getfd, int, pidfd, int, fd, unsigned int, flags)
// and kernel/pid.c's pidfd_getfd, __pidfd_fget.
Result<i64> pidfd_getfd(SyscallContext& context, const SyscallArguments& args)
{
    const int pidfd = static_cast<int>(args[0]);
    const int target_fd = static_cast<int>(args[1]);
    const u32 flags = static_cast<u32>(args[2]);
    // "flags is currently unused - make sure it's unset".
    if (flags != 0) {
        return errno_error(EINVAL);
    }
    // fdget (no O_PATH), then pidfd_pid: EBADF for a file that is not a
    // pidfd.
    RefPtr<fs::File> file = pidfd >= 0 ? context.current.files->get(pidfd) : RefPtr<fs::File>();
    if (file == nullptr || (file->status_flags() & O_PATH) != 0 || file->kind() != fs::FileKind::Pidfd) {
        return errno_error(EBADF);
    }
    // "task = get_pid_task(pid, PIDTYPE_PID); if (!task) return -ESRCH;"
    const proc::Thread* task = static_cast<proc::PidfdFile&>(*file).pid()->thread;
    if (task == nullptr) {
        return errno_error(ESRCH);
    }
    if (!proc::ptrace_may_access(context.current, *task, proc::PtraceMode::AttachRealCreds)) {
        return errno_error(EPERM);
    }
    // fget_task: nothing there is EBADF, but "if (task->flags & PF_EXITING)
    // file = ERR_PTR(-ESRCH)" for a task whose files are gone or going.
    RefPtr<fs::File> taken = task->files && target_fd >= 0 ? task->files->get(target_fd) : RefPtr<fs::File>();
    if (taken == nullptr) {
        return errno_error(task->exiting ? ESRCH : EBADF);
    }
    // receive_fd(file, NULL, O_CLOEXEC).
    const int fd = TRY(context.current.files->reserve(0, context.current.process().limits().get(RLIMIT_NOFILE).soft));
    context.current.files->install(fd, move(taken), true);
    return fd;
}

} // namespace

i64 sys_pidfd_getfd(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(pidfd_getfd(context, args));
}

i64 sys_pidfd_open(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(pidfd_open(context, args));
}

i64 sys_pidfd_send_signal(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(pidfd_send_signal(context, args));
}

} // namespace sirius::syscall
