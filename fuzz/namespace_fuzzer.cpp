// Fuzzes sequences of process and namespace operations across nested pid
// and user namespaces: clone with any CLONE_NEW* flags, unshare, setuid to
// an unprivileged user, kill (SIGKILL too, and a namespace init's death),
// delivery, exit, exit_group, wait4 and waitid, and mount namespace
// operations (mount, umount2, MS_MOVE, propagation types, chroot,
// pivot_root), setns by pidfd or by /proc/<pid>/ns file, from any live
// thread.
// Invariants, checked after every step:
//  - pid translation is a bijection in every namespace: each live thread's
//    number in each namespace on its way to the root finds that thread's
//    Pid again, and the number is 0 in no namespace it belongs to;
//  - getpid/gettid/getppid agree with the pid numbers in the caller's own
//    namespace;
//  - every errno is one the man pages document;
//  - each task's root and working directory are on mounts of its own mount
//    namespace, or on mounts unmounted since (a lazy unmount);
//  - nothing leaks once every process is gone (LeakSanitizer): every
//    namespace is freed with its last member.
#include <asm/unistd_64.h>
#include <fcntl.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "core/fs/fs_context.h"
#include "core/proc/clone.h"
#include "core/proc/clone_args.h"
#include "core/syscall/syscall_entry.h"
#include "core/syscall/syscall_table.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_machine.h"
#include "platform/host/host_machine.h"

namespace sirius::fuzz {
namespace {

constexpr u64 kNamespaceFlags[] = { CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWTIME };

bool is_documented(i64 result)
{
    return fuzz::is_documented(result, { EINVAL, EFAULT, ENOMEM, EPERM, ESRCH, EAGAIN, EINTR, ECHILD, EBADF, ENOSPC, EUSERS, EBUSY, ENOENT, ENOTDIR, EEXIST, ELOOP, EACCES, EMFILE });
}

// Where mount operations put their names in a thread's memory.
constexpr u64 kName = host::kUserData;
constexpr u64 kName2 = host::kUserData + 1024;
constexpr u64 kType = host::kUserData + 2048;

// The names mount operations take, so that they meet: directories the
// boot makes (below) and ".".
constexpr const char* kMountNames[] = { "/mnt", "/mnt/a", "/mnt/b", "/mnt/a/c", "/", "." };

class NamespaceScenario {
public:
    NamespaceScenario(host::HostMachine& machine, FuzzedDataProvider& data)
        : m_machine(machine)
        , m_kernel(*machine.kernel)
        , m_data(data)
    {
        // Waits end as interrupted unless a vfork child can run to exit.
        machine.scheduler.on_block = [this](hal::WaitQueue&) {
            if (run_vfork_child_to_exit(m_kernel)) {
                return hal::WakeReason::Woken;
            }
            return hal::WakeReason::Interrupted;
        };
    }

    void run()
    {
        // The directories mount operations use, in the root tmpfs.
        for (const char* name : { "/mnt", "/mnt/a", "/mnt/b" }) {
            call(*m_machine.init, __NR_mkdir, put(*m_machine.init, name, kName), 0755);
        }
        run_steps(m_machine, m_data, 64, [this](proc::Thread& thread) { step_with(thread); }, [this] { check_machine(); });
    }

private:
    proc::Thread* pick_thread() { return fuzz::pick_thread(m_kernel, m_data); }

    u64 namespace_flags()
    {
        u64 flags = 0;
        for (u64 flag : kNamespaceFlags) {
            if (m_data.ConsumeIntegralInRange<int>(0, 3) == 0) {
                flags |= flag;
            }
        }
        return flags;
    }

    // A pid as the caller sees it: some thread's, its process group's, or
    // anything.
    u64 pick_pid(proc::Thread& caller)
    {
        proc::Thread* other = pick_thread();
        const ns::PidNamespace& ns = caller.active_pid_namespace();
        switch (m_data.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: return other != nullptr ? other->process().pid().nr_in(ns) : 0;
        case 1: return static_cast<u64>(-1);
        case 2: return 0;
        default: return static_cast<u64>(static_cast<i64>(m_data.ConsumeIntegralInRange<i32>(-3, 8)));
        }
    }

    // A whole syscall with the return to user space.
    void run_syscall(proc::Thread& thread, u64 number, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0)
    {
        const RefPtr<proc::Thread> keep(&thread);
        syscall::SyscallContext context { m_kernel, thread };
        syscall::SyscallArguments args { { a0, a1, a2, a3, 0, 0 } };
        (void)syscall::run_syscall(context, number, args);
    }

    u64 put(proc::Thread& thread, const char* text, u64 at)
    {
        usize length = 0;
        while (text[length] != '\0') {
            ++length;
        }
        (void)thread.memory->address_space().copy_to_user(UserAddress(at), text, length + 1);
        return at;
    }

    const char* pick_name() { return m_data.PickValueInArray(kMountNames); }

    // One mount namespace operation, with names from kMountNames.
    void mount_step(proc::Thread& thread)
    {
        switch (m_data.ConsumeIntegralInRange<int>(0, 7)) {
        case 0: // a tmpfs, and directories in it for what comes next
            put(thread, "tmpfs", kType);
            if (call(thread, __NR_mount, put(thread, "none", kName2), put(thread, pick_name(), kName), kType, 0) == 0) {
                for (const char* name : { "/mnt/a", "/mnt/b", "/mnt/a/c" }) {
                    call(thread, __NR_mkdir, put(thread, name, kName), 0755);
                }
            }
            break;
        case 1:
            call(thread, __NR_umount2, put(thread, pick_name(), kName), m_data.PickValueInArray<u64>({ 0, MNT_DETACH, MNT_EXPIRE }));
            break;
        case 2: // a propagation type, perhaps recursive
            call(thread, __NR_mount, put(thread, "none", kName2), put(thread, pick_name(), kName), 0,
                m_data.PickValueInArray<u64>({ MS_SHARED, MS_SLAVE, MS_PRIVATE, MS_UNBINDABLE }) | (m_data.ConsumeBool() ? MS_REC : 0));
            break;
        case 3:
            call(thread, __NR_mount, put(thread, pick_name(), kName2), put(thread, pick_name(), kName), 0, m_data.ConsumeBool() ? MS_MOVE : MS_BIND);
            break;
        case 4:
            call(thread, __NR_chroot, put(thread, pick_name(), kName));
            break;
        case 5:
            call(thread, __NR_chdir, put(thread, pick_name(), kName));
            break;
        default:
            call(thread, __NR_pivot_root, put(thread, pick_name(), kName), put(thread, pick_name(), kName2));
            break;
        }
    }

    i64 call(proc::Thread& thread, u64 number, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0)
    {
        syscall::SyscallContext context { m_kernel, thread };
        syscall::SyscallArguments args { { a0, a1, a2, a3, 0, 0 } };
        const i64 result = syscall::dispatch_syscall(context, number, args);
        check(is_documented(result), "undocumented errno");
        return result;
    }

    void step_with(proc::Thread& thread)
    {
        switch (m_data.ConsumeIntegralInRange<int>(0, 9)) {
        case 0:
        case 1: { // clone with new namespaces (bounded machine size)
            if (m_kernel.thread_count() >= 12) {
                break;
            }
            proc::CloneRequest request = proc::clone_request_for_fork();
            request.flags = namespace_flags();
            if (m_data.ConsumeIntegralInRange<int>(0, 4) == 0) {
                request.flags |= CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
                request.exit_signal = 0;
            }
            auto result = proc::kernel_clone(m_kernel, thread, request);
            // ERESTARTNOINTR: a signal came first; the syscall restarts.
            check(result.has_value() || result.error().code() == ERESTARTNOINTR || is_documented(-static_cast<i64>(result.error().code())), "clone errno");
            break;
        }
        case 2:
            call(thread, __NR_unshare, namespace_flags() | (m_data.ConsumeBool() ? CLONE_FILES | CLONE_FS : 0));
            break;
        case 3: // drop privileges
            call(thread, __NR_setresuid, 1000, 1000, 1000);
            break;
        case 4: // signal someone (SIGKILL included), then let the target run
            call(thread, __NR_kill, pick_pid(thread), m_data.PickValueInArray({ 0, SIGKILL, SIGTERM, SIGCHLD, SIGSTOP, SIGCONT }));
            break;
        case 5: // the thread runs: pending signals take effect
            (void)signal::handle_signals(m_kernel, thread, nullptr);
            break;
        case 6: // exit or exit_group (init of the root namespace stays)
            if (thread.process().pid().global_nr() != 1) {
                run_syscall(thread, m_data.ConsumeBool() ? __NR_exit : __NR_exit_group, m_data.ConsumeIntegralInRange<u64>(0, 255));
            }
            break;
        case 7: // collect children
            call(thread, __NR_wait4, pick_pid(thread), 0, WNOHANG | (m_data.ConsumeBool() ? __WALL : 0) | WUNTRACED | WCONTINUED);
            break;
        case 8:
            setns_step(thread);
            break;
        default:
            mount_step(thread);
            break;
        }
    }

    // setns(2) into someone's namespaces: by a pidfd with a set of
    // CLONE_NEW* flags, or by one of its /proc/<pid>/ns files (with the
    // file's type, 0, or a wrong one).
    void setns_step(proc::Thread& thread)
    {
        const u64 pid = pick_pid(thread);
        i64 fd = -1;
        u64 nstype = 0;
        if (m_data.ConsumeBool()) {
            fd = call(thread, __NR_pidfd_open, pid, 0);
            nstype = namespace_flags() | (m_data.ConsumeBool() ? CLONE_NEWUSER : 0);
        } else {
            static constexpr const char* kTypes[] = { "uts", "ipc", "mnt", "pid", "pid_for_children", "net", "user", "cgroup", "time", "time_for_children" };
            char path[64];
            usize length = 0;
            auto append = [&](const char* text) {
                while (*text != '\0' && length + 1 < sizeof path) {
                    path[length++] = *text++;
                }
            };
            char number[24];
            usize digits = 0;
            u64 value = static_cast<u32>(pid);
            do {
                number[digits++] = static_cast<char>('0' + (value % 10));
                value /= 10;
            } while (value != 0 && digits < sizeof number);
            append("/proc/");
            while (digits > 0 && length + 1 < sizeof path) {
                path[length++] = number[--digits];
            }
            append("/ns/");
            append(m_data.PickValueInArray(kTypes));
            path[length] = '\0';
            fd = call(thread, __NR_open, put(thread, path, kName), O_RDONLY | O_CLOEXEC);
            nstype = m_data.ConsumeBool() ? 0 : m_data.PickValueInArray(kNamespaceFlags) | (m_data.ConsumeBool() ? CLONE_NEWUSER : 0);
        }
        if (fd >= 0) {
            call(thread, __NR_setns, static_cast<u64>(fd), nstype);
            call(thread, __NR_close, static_cast<u64>(fd));
        }
    }

    void check_machine()
    {
        for (proc::Thread& thread : m_kernel.threads()) {
            const proc::Pid& pid = thread.pid();
            // The bijection, namespace by namespace up to the root.
            for (const ns::PidNamespace* ns = &pid.innermost_namespace(); ns != nullptr; ns = ns->parent()) {
                const PidNr nr = pid.nr_in(*ns);
                check(nr != 0, "a thread has no number in a namespace it belongs to");
                check(ns->find(nr) == &pid, "a pid number does not find its Pid");
            }
            const ns::PidNamespace& own = thread.active_pid_namespace();
            check(call(thread, __NR_gettid) == static_cast<i64>(pid.nr_in(own)), "gettid disagrees");
            check(call(thread, __NR_getpid) == static_cast<i64>(thread.process().pid().nr_in(own)), "getpid disagrees");
            const proc::Process* parent = thread.process().parent();
            const i64 ppid = parent != nullptr ? static_cast<i64>(parent->pid().nr_in(own)) : 0;
            check(call(thread, __NR_getppid) == ppid, "getppid disagrees");
            // Mounts of the task's own namespace, or unmounted ones.
            if (thread.fs && thread.namespaces) {
                const fs::MountTable* own = &thread.namespaces->namespaces().mount->mounts();
                const fs::MountTable* root = thread.fs->root().mount->table();
                const fs::MountTable* cwd = thread.fs->cwd().mount->table();
                check(root == own || root == nullptr, "a root on another namespace's mount");
                check(cwd == own || cwd == nullptr, "a working directory on another namespace's mount");
            }
        }
    }

    host::HostMachine& m_machine;
    proc::Kernel& m_kernel;
    FuzzedDataProvider& m_data;
};

} // namespace
} // namespace sirius::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    using namespace sirius;
    FuzzedDataProvider data(bytes, size);
    host::HostMachine machine;
    if (!machine.boot()) {
        return 0;
    }
    fuzz::NamespaceScenario scenario(machine, data);
    scenario.run();
    machine.shut_down();
    return 0;
}
