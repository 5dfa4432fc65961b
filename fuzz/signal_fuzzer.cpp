// Fuzzes sequences of signal operations across the threads of a few
// processes: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack,
// kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, rt_sigtimedwait
// and rt_sigsuspend through the syscall table, delivery on the way back to
// user space (handlers, default actions, stop and continue, restart),
// rt_sigreturn, fork, thread creation, exit, exit_group, wait4 and waitid. Whatever the
// scheduler is asked to wait for is decided by the input too: a signal
// arrives, the wait is interrupted, or it times out.
// Invariants, checked after every step:
//  - SIGKILL and SIGSTOP are never blocked, never caught or ignored, never in
//    a handler's mask;
//  - every syscall answers 0, a signal number, or an errno its man page
//    documents;
//  - each pending set is consistent with its queue, and each real-time
//    signal's queued siginfo are in the order they were sent;
//  - every queued siginfo is charged to exactly one user quota
//    (RLIMIT_SIGPENDING accounting balances);
//  - a thread returning to user space has nothing deliverable left, and one
//    with SIGKILL pending never returns;
//  - nothing leaks when every process is gone (LeakSanitizer).
#include <asm/unistd_64.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <vector>

#include "core/proc/clone_args.h"
#include "core/signal/delivery.h"
#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "core/syscall/syscall_table.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_machine.h"
#include "platform/host/fake_user_context.h"
#include "platform/host/host_machine.h"

namespace sirius::fuzz {
namespace {

using host::kUserData;
using host::kUserDataSize;

constexpr u64 kHandler = 0x401000;
constexpr u64 kSaRestorer = 0x04000000;
constexpr u32 kOtherUser = 1000;

u64 pick_pointer(FuzzedDataProvider& data)
{
    switch (data.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return 0;
    case 1: return kUserData + data.ConsumeIntegralInRange<u64>(0, kUserDataSize / 8 - 32) * 8;
    case 2: return kUserData + kUserDataSize - 4; // runs off the end
    default: return data.ConsumeIntegral<u64>();
    }
}

int pick_signal(FuzzedDataProvider& data)
{
    // Mostly real signals, with the edges around them.
    return data.ConsumeBool() ? data.ConsumeIntegralInRange<int>(1, 64) : data.ConsumeIntegralInRange<int>(-1, 66);
}

bool is_documented(i64 result)
{
    return fuzz::is_documented(result, { EINVAL, EFAULT, ENOMEM, EPERM, ESRCH, EAGAIN, EINTR, E2BIG, ECHILD, EBADF });
}

void check_thread(proc::Thread& thread)
{
    check(!thread.blocked.contains(SIGKILL) && !thread.blocked.contains(SIGSTOP), "SIGKILL or SIGSTOP blocked");
    for (int signal : { SIGKILL, SIGSTOP }) {
        check(thread.signal_actions->action(signal).handler == signal::kSigDefault, "SIGKILL or SIGSTOP caught or ignored");
    }
    for (int signal = 1; signal <= signal::kSignalCount; ++signal) {
        const signal::SignalSet mask = thread.signal_actions->action(signal).mask;
        check(!mask.contains(SIGKILL) && !mask.contains(SIGSTOP), "SIGKILL or SIGSTOP in a handler mask");
    }
}

// The values the fuzzer's sigqueue calls send: a tag bit and a sequence
// number, so that they cannot be mistaken for the si_status of a child's
// exit signal (which sits where si_value does).
constexpr u64 kValueTag = u64 { 1 } << 62;

// Every real-time signal's queued siginfo carry increasing values (every
// send below uses a fresh, larger one); returns how many are queued.
u64 check_pending(const signal::PendingSignals& pending)
{
    check(pending.is_consistent(), "pending set and queue disagree");
    u64 last_value[signal::kSignalCount + 1] {};
    u64 count = 0;
    pending.for_each_queued([&](const signal::SignalInfo& info) {
        ++count;
        if (info.signo >= signal::kFirstRealtimeSignal && (info.value() & kValueTag) != 0) {
            check(info.value() > last_value[info.signo], "real-time signals out of order");
            last_value[info.signo] = info.value();
        }
    });
    return count;
}

class SignalScenario {
public:
    SignalScenario(host::HostMachine& machine, FuzzedDataProvider& data)
        : m_machine(machine)
        , m_kernel(*machine.kernel)
        , m_data(data)
    {
        // A wait ends as the input says: a signal arrives for the waiting
        // thread, the wait is interrupted, or its deadline passes. An
        // exhausted input interrupts, so every wait ends.
        machine.scheduler.on_block = [this](hal::WaitQueue&) {
            if (run_vfork_child_to_exit(m_kernel)) {
                return hal::WakeReason::Woken;
            }
            switch (m_data.ConsumeIntegralInRange<int>(0, 3)) {
            case 1: return hal::WakeReason::TimedOut;
            case 2:
            case 3:
                if (proc::Thread* current = m_machine.scheduler.current_thread(); current != nullptr) {
                    signal::SignalInfo info;
                    info.signo = m_data.ConsumeIntegralInRange<int>(1, 64);
                    info.code = signal::kSiKernel;
                    (void)signal::send_signal(m_kernel, info, *current, m_data.ConsumeBool() ? signal::SignalScope::Thread : signal::SignalScope::Process,
                        signal::SignalSender::kernel());
                }
                return hal::WakeReason::Woken;
            default: return hal::WakeReason::Interrupted;
            }
        };
    }

    void run()
    {
        run_steps(m_machine, m_data, 96, [this](proc::Thread& thread) { step_with(thread); }, [this] { check_machine(); });
    }

private:
    proc::Thread* pick_thread() { return fuzz::pick_thread(m_kernel, m_data); }

    // A pid argument: some thread's tid or tgid, 0, -1, a process group, or
    // any number.
    u64 pick_pid(proc::Thread& caller)
    {
        proc::Thread* other = pick_thread();
        const ns::PidNamespace& ns = caller.active_pid_namespace();
        switch (m_data.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: return other != nullptr ? other->process().pid().nr_in(ns) : 0;
        case 1: return other != nullptr ? other->pid().nr_in(ns) : 0;
        case 2: return 0;
        case 3: return static_cast<u64>(-1);
        case 4: return other != nullptr ? static_cast<u64>(-static_cast<i64>(other->process().process_group().pid().nr_in(ns))) : 0;
        default: return static_cast<u64>(static_cast<i64>(m_data.ConsumeIntegral<i32>()));
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

    // The whole syscall with the return to user space; false if the thread
    // died on the way.
    bool run_syscall(proc::Thread& thread, u64 number, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0)
    {
        registers(thread).orig_rax = number;
        syscall::SyscallContext context { m_kernel, thread };
        syscall::SyscallArguments args { { a0, a1, a2, a3, 0, 0 } };
        const RefPtr<proc::Thread> keep(&thread);
        if (!after_return(thread, syscall::run_syscall(context, number, args))) {
            return false;
        }
        // User space never sees a kernel-internal restart code: the call
        // was restarted (rax holds a syscall number again) or a handler
        // frame was set up, or it is an errno the man pages document.
        if (number != __NR_rt_sigreturn) {
            const i64 rax = static_cast<i64>(registers(thread).rax);
            check(rax > -512 || rax < -516, "a restart code reached user space");
        }
        return true;
    }

    bool after_return(proc::Thread& thread, signal::ReturnToUser result)
    {
        if (result == signal::ReturnToUser::Exited) {
            return false;
        }
        check(!thread.has_deliverable_signal(), "returned to user space with a deliverable signal");
        check(!thread.has_fatal_signal(), "returned to user space with SIGKILL pending");
        return true;
    }

    static host::FakeUserContext& registers(proc::Thread& thread) { return static_cast<host::FakeUserContext&>(*thread.context); }

    UserAddress scratch(usize offset) const { return UserAddress(kUserData + offset); }

    void step_with(proc::Thread& thread)
    {
        auto& memory = thread.memory->address_space();
        const int signal_number = pick_signal(m_data);
        switch (m_data.ConsumeIntegralInRange<int>(0, 15)) {
        case 0: { // rt_sigaction: default, ignore or a handler, random flags and mask
            const u64 handlers[] = { signal::kSigDefault, signal::kSigIgnore, kHandler, kHandler + 0x100 };
            const u64 action[4] = { handlers[m_data.ConsumeIntegralInRange<int>(0, 3)], m_data.ConsumeIntegral<u64>() | kSaRestorer,
                0x403000, m_data.ConsumeIntegral<u64>() };
            (void)memory.copy_to_user(scratch(0), action, sizeof(action));
            call(thread, __NR_rt_sigaction, static_cast<u64>(signal_number), m_data.ConsumeBool() ? scratch(0).value() : pick_pointer(m_data),
                pick_pointer(m_data), m_data.ConsumeBool() ? 8 : m_data.ConsumeIntegralInRange<u64>(0, 16));
            break;
        }
        case 1: { // rt_sigprocmask, then back to user space
            const u64 set = m_data.ConsumeIntegral<u64>();
            (void)memory.copy_to_user(scratch(64), &set, sizeof(set));
            run_syscall(thread, __NR_rt_sigprocmask, m_data.ConsumeIntegralInRange<u64>(0, 3), m_data.ConsumeBool() ? scratch(64).value() : pick_pointer(m_data),
                pick_pointer(m_data), m_data.ConsumeBool() ? 8 : m_data.ConsumeIntegralInRange<u64>(0, 16));
            break;
        }
        case 2:
            call(thread, __NR_rt_sigpending, pick_pointer(m_data), m_data.ConsumeIntegralInRange<u64>(0, 16));
            break;
        case 3: { // sigaltstack
            const u64 stack[3] = { kUserData + m_data.ConsumeIntegralInRange<u64>(0, kUserDataSize), m_data.ConsumeIntegralInRange<u64>(0, 8),
                m_data.ConsumeIntegralInRange<u64>(0, 1 << 14) };
            (void)memory.copy_to_user(scratch(128), stack, sizeof(stack));
            call(thread, __NR_sigaltstack, m_data.ConsumeBool() ? scratch(128).value() : pick_pointer(m_data), pick_pointer(m_data));
            break;
        }
        case 4:
            run_syscall(thread, __NR_kill, pick_pid(thread), static_cast<u64>(signal_number));
            break;
        case 5:
            if (m_data.ConsumeBool()) {
                run_syscall(thread, __NR_tkill, pick_pid(thread), static_cast<u64>(signal_number));
            } else {
                run_syscall(thread, __NR_tgkill, pick_pid(thread), pick_pid(thread), static_cast<u64>(signal_number));
            }
            break;
        case 6: { // rt_sigqueueinfo / rt_tgsigqueueinfo with a fresh value
            signal::SignalInfo info;
            info.signo = m_data.ConsumeIntegral<i32>();
            info.code = m_data.ConsumeBool() ? signal::kSiQueue : m_data.ConsumeIntegralInRange<i32>(-8, 8);
            info.set_sender(m_data.ConsumeIntegral<i32>(), m_data.ConsumeIntegral<u32>());
            info.set_value(kValueTag | ++m_sequence);
            if (m_data.ConsumeBool()) {
                info.fields[m_data.ConsumeIntegralInRange<usize>(16, sizeof(info.fields) - 1)] = m_data.ConsumeIntegral<u8>();
            }
            (void)memory.copy_to_user(scratch(256), &info, sizeof(info));
            const u64 where = m_data.ConsumeIntegralInRange<int>(0, 7) != 0 ? scratch(256).value() : pick_pointer(m_data);
            if (m_data.ConsumeBool()) {
                run_syscall(thread, __NR_rt_sigqueueinfo, pick_pid(thread), static_cast<u64>(signal_number), where);
            } else {
                run_syscall(thread, __NR_rt_tgsigqueueinfo, pick_pid(thread), pick_pid(thread), static_cast<u64>(signal_number), where);
            }
            break;
        }
        case 7: { // back to user space, maybe from an interrupted syscall
            const i64 results[] = { 0, -EINTR, -ERESTARTSYS, -ERESTARTNOINTR, -ERESTARTNOHAND, -ERESTART_RESTARTBLOCK };
            const i64 result = results[m_data.ConsumeIntegralInRange<int>(0, 5)];
            registers(thread).rax = static_cast<u64>(result);
            after_return(thread, signal::handle_signals(m_kernel, thread, m_data.ConsumeBool() ? &result : nullptr));
            break;
        }
        case 8: // a handler returns: rt_sigreturn from where its frame is (or is not)
            registers(thread).rsp += m_data.ConsumeBool() ? 8 : m_data.ConsumeIntegralInRange<u64>(0, 512);
            run_syscall(thread, __NR_rt_sigreturn);
            break;
        case 9: { // rt_sigtimedwait
            const u64 set = m_data.ConsumeIntegral<u64>();
            const i64 time[2] = { m_data.ConsumeIntegralInRange<i64>(-1, 2), m_data.ConsumeIntegralInRange<i64>(-1, 1'000'000'000) };
            (void)memory.copy_to_user(scratch(512), &set, sizeof(set));
            (void)memory.copy_to_user(scratch(520), time, sizeof(time));
            run_syscall(thread, __NR_rt_sigtimedwait, m_data.ConsumeBool() ? scratch(512).value() : pick_pointer(m_data),
                m_data.ConsumeBool() ? scratch(640).value() : pick_pointer(m_data), m_data.ConsumeBool() ? scratch(520).value() : 0,
                m_data.ConsumeBool() ? 8 : m_data.ConsumeIntegralInRange<u64>(0, 16));
            break;
        }
        case 10: { // rt_sigsuspend
            const u64 set = m_data.ConsumeIntegral<u64>();
            (void)memory.copy_to_user(scratch(768), &set, sizeof(set));
            run_syscall(thread, __NR_rt_sigsuspend, m_data.ConsumeBool() ? scratch(768).value() : pick_pointer(m_data),
                m_data.ConsumeBool() ? 8 : m_data.ConsumeIntegralInRange<u64>(0, 16));
            break;
        }
        case 11: // a new process or thread
            if (m_kernel.thread_count() < 8) {
                proc::CloneRequest request = proc::clone_request_for_fork();
                if (m_data.ConsumeBool()) {
                    request.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
                    request.exit_signal = 0;
                } else {
                    request.exit_signal = m_data.ConsumeBool() ? SIGCHLD : m_data.ConsumeIntegralInRange<int>(0, 64);
                }
                auto child = proc::kernel_clone(m_kernel, thread, request);
                if (child.has_value()) {
                    proc::Thread* created = m_kernel.find_thread(m_kernel.root_pid_namespace(), child.value().pid);
                    if (created != nullptr && m_data.ConsumeBool()) {
                        created->parent_death_signal = m_data.ConsumeIntegralInRange<int>(0, 64);
                    }
                }
            }
            break;
        case 12: // the thread exits: exit(2) or exit_group(2)
            if (thread.process().pid().global_nr() != 1) {
                run_syscall(thread, m_data.ConsumeBool() ? __NR_exit : __NR_exit_group, m_data.ConsumeIntegral<u64>());
            }
            break;
        case 13: { // wait4 or waitid for children, with any selector and options
            const u32 options = m_data.ConsumeIntegral<u32>() & (WNOHANG | WUNTRACED | WCONTINUED | WEXITED | WNOWAIT | __WCLONE | __WALL | __WNOTHREAD);
            if (m_data.ConsumeBool()) {
                run_syscall(thread, __NR_wait4, pick_pid(thread), pick_pointer(m_data), options, pick_pointer(m_data));
            } else {
                run_syscall(thread, __NR_waitid, m_data.ConsumeIntegralInRange<u64>(0, 4), pick_pid(thread), pick_pointer(m_data), options);
            }
            break;
        }
        case 14: { // another user, or a small RLIMIT_SIGPENDING
            if (m_data.ConsumeBool()) {
                auto credentials = thread.credentials->clone();
                if (credentials.has_value()) {
                    credentials.value()->uid = { kOtherUser, kOtherUser, kOtherUser, kOtherUser };
                    credentials.value()->effective = proc::CapabilitySet();
                    thread.credentials = credentials.release_value();
                }
            } else {
                thread.process().limits().get(RLIMIT_SIGPENDING).soft = m_data.ConsumeIntegralInRange<u64>(0, 4);
            }
            break;
        }
        default: // the stack moves (frames may then not fit)
            registers(thread).rsp = kUserData + m_data.ConsumeIntegralInRange<u64>(0, kUserDataSize + 64);
            break;
        }
    }

    void check_machine()
    {
        u64 queued = 0;
        for (proc::Thread& thread : m_kernel.threads()) {
            check_thread(thread);
            queued += check_pending(thread.pending);
        }
        for (proc::Process& process : m_kernel.processes()) {
            queued += check_pending(process.shared_pending());
            // Zombie leaders keep what was queued for them (Linux frees it at release).
            if (proc::Thread* leader = process.leader(); leader != nullptr && leader->exiting) {
                queued += check_pending(leader->pending);
            }
        }
        u64 charged = 0;
        for (u32 uid : { 0U, kOtherUser }) {
            auto quota = m_kernel.signal_quota(uid);
            if (quota.has_value()) {
                charged += quota.value()->queued();
            }
        }
        check(queued == charged, "queued siginfo and RLIMIT_SIGPENDING charges disagree");
    }

    host::HostMachine& m_machine;
    proc::Kernel& m_kernel;
    FuzzedDataProvider& m_data;
    u64 m_sequence { 0 };
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
    host::FakeUserContext& init_registers = static_cast<host::FakeUserContext&>(*machine.init->context);
    init_registers.rsp = host::kUserData + host::kUserDataSize - 64;
    fuzz::SignalScenario scenario(machine, data);
    scenario.run();
    machine.shut_down();
    return 0;
}
