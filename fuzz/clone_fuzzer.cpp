// Fuzzes kernel_clone with sequences of calls from changing callers and
// caller states. Invariants, checked here (ASan/UBSan/LSan check the rest):
//  - a rejected call changes nothing: thread count, every pid table, the
//    caller's references;
//  - an accepted child, after exit and reap, leaves thread count and pid
//    tables exactly as before the call;
//  - the errno is one clone(2) documents;
//  - the same holds when an allocation fails part-way (injected ENOMEM).
#include <fuzzer/FuzzedDataProvider.h>
#include <linux/sched.h>
#include <signal.h>

#include <vector>

#include "core/proc/clone_args.h"
#include "fuzz/fuzz_check.h"
#include "platform/host/allocator.h"
#include "platform/host/host_machine.h"

namespace sirius::fuzz {
namespace {

using host::kUserData;
using host::kUserDataSize;

struct Snapshot {
    u32 threads;
    usize pids_in_caller_ns;
    usize pids_in_root_ns;
    u32 space_refs;
    u32 files_refs;
    u32 fs_refs;
    u32 sighand_refs;
    u32 creds_refs;
    u32 ns_refs;
    usize open_fds;
    usize children;
    bool operator==(const Snapshot&) const = default;
};

Snapshot take(proc::Kernel& kernel, proc::Thread& caller)
{
    return Snapshot {
        kernel.thread_count(),
        caller.active_pid_namespace().count(),
        kernel.root_pid_namespace().count(),
        caller.memory->address_space().ref_count(),
        caller.files->ref_count(),
        caller.fs->ref_count(),
        caller.signal_actions->ref_count(),
        caller.credentials->ref_count(),
        caller.namespaces->ref_count(),
        caller.files->open_count(),
        caller.process().children().size(),
    };
}

bool is_documented_errno(int code)
{
    switch (code) {
    case EINVAL: case EPERM: case EAGAIN: case ENOMEM: case ENOSPC: case EEXIST: case EFAULT:
    case EMFILE: case EBADF: case ENODEV: case EBUSY: case EOPNOTSUPP: case EINTR: case ERESTARTNOINTR:
    case EUSERS:
    // CLONE_INTO_CGROUP with a cgroup that was removed: Linux 6.x answers
    // ENOENT (cgroup_css_set_fork's "if (cgroup_is_dead(dst_cgrp))"),
    // where older kernels gave ENODEV; without write access to the
    // cgroup's cgroup.procs (cgroup_attach_permissions), EACCES.
    case ENOENT:
    case EACCES:
        return true;
    default:
        return false;
    }
}

// Flags the fuzzer picks from: every clone flag, each as likely.
constexpr u64 kFlagBits[] = {
    CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_PIDFD, CLONE_PTRACE, CLONE_VFORK, CLONE_PARENT,
    CLONE_THREAD, CLONE_NEWNS, CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID,
    CLONE_DETACHED, CLONE_UNTRACED, CLONE_CHILD_SETTID, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
    CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_IO, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP, CLONE_NEWTIME,
};

u64 pick_address(FuzzedDataProvider& data)
{
    switch (data.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return 0;
    case 1: return kUserData + data.ConsumeIntegralInRange<u64>(0, kUserDataSize / 4 - 1) * 4;
    case 2: return data.ConsumeIntegral<u64>();
    default: return kUserData + kUserDataSize - 2; // straddles the end
    }
}

proc::CloneRequest pick_request(FuzzedDataProvider& data)
{
    proc::CloneRequest request;
    const u32 count = data.ConsumeIntegralInRange<u32>(0, 5);
    for (u32 i = 0; i < count; ++i) {
        request.flags |= data.PickValueInArray(kFlagBits);
    }
    if (data.ConsumeBool()) {
        request.flags |= data.ConsumeIntegral<u64>(); // any bits at all
    }
    request.exit_signal = data.ConsumeBool() ? SIGCHLD : data.ConsumeIntegralInRange<int>(0, 64);
    request.pidfd = UserAddress(pick_address(data));
    request.parent_tid = data.ConsumeBool() ? request.pidfd : UserAddress(pick_address(data));
    request.child_tid = UserAddress(pick_address(data));
    request.stack = data.ConsumeBool() ? 0 : pick_address(data);
    request.tls = data.ConsumeBool() ? 0x7000'0000 : data.ConsumeIntegral<u64>();
    request.cgroup = data.ConsumeIntegralInRange<u64>(0, 8);
    request.set_tid_size = data.ConsumeIntegralInRange<usize>(0, 3);
    for (usize i = 0; i < request.set_tid_size; ++i) {
        request.set_tid[i] = data.ConsumeIntegralInRange<PidNr>(-1, 40);
    }
    return request;
}

// Changes the caller's state the way other syscalls would.
void perturb_caller(FuzzedDataProvider& data, proc::Kernel& kernel, proc::Thread& caller)
{
    switch (data.ConsumeIntegralInRange<int>(0, 5)) {
    case 0: { // drop privileges (setresuid to an unprivileged user)
        auto credentials = caller.credentials->clone();
        if (credentials.has_value()) {
            credentials.value()->uid = { 1000, 1000, 1000, 1000 };
            credentials.value()->effective = proc::CapabilitySet();
            credentials.value()->permitted = proc::CapabilitySet();
            caller.credentials = credentials.release_value();
        }
        break;
    }
    case 1: { // unshare(CLONE_NEWPID)
        auto child_ns = ns::PidNamespace::create_child(kernel.namespace_inodes(), caller.namespaces->namespaces().pid_for_children, caller.credentials->user_ns);
        auto proxy = ns::NsProxy::create_for_clone(kernel.namespace_inodes(), *caller.namespaces, 0, caller.credentials->user_ns, caller.active_pid_namespace());
        if (child_ns.has_value() && proxy.has_value()) {
            proxy.value()->namespaces().pid_for_children = child_ns.release_value();
            caller.namespaces = proxy.release_value();
        }
        break;
    }
    case 2: { // unshare(CLONE_NEWTIME)
        auto proxy = ns::NsProxy::create_for_clone(kernel.namespace_inodes(), *caller.namespaces, CLONE_NEWTIME, caller.credentials->user_ns, caller.active_pid_namespace());
        if (proxy.has_value()) {
            caller.namespaces = proxy.release_value();
        }
        break;
    }
    case 3: // a pending signal, blocked or not
        caller.pending.add(data.ConsumeIntegralInRange<int>(1, 64));
        if (data.ConsumeBool()) {
            caller.blocked = signal::SignalSet(data.ConsumeIntegral<u64>());
        }
        break;
    case 4: // limits
        caller.process().limits().get(data.ConsumeIntegralInRange<int>(0, proc::kResourceLimitCount - 1)).soft = data.ConsumeIntegralInRange<u64>(0, 8);
        break;
    default: // chroot(2)
        caller.fs->set_chrooted(true);
        break;
    }
}

std::vector<proc::Thread*> live_threads(proc::Kernel& kernel)
{
    std::vector<proc::Thread*> threads;
    for (proc::Thread& thread : kernel.threads()) {
        threads.push_back(&thread);
    }
    return threads;
}

} // namespace
} // namespace sirius::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    using namespace sirius;
    using namespace sirius::fuzz;
    using namespace sirius::host;
    FuzzedDataProvider data(bytes, size);
    host::HostMachine machine;
    if (!machine.boot()) {
        return 0;
    }
    proc::Kernel& kernel = *machine.kernel;
    for (int step = 0; step < 24 && data.remaining_bytes() > 0; ++step) {
        std::vector<proc::Thread*> threads = live_threads(kernel);
        proc::Thread& caller = *threads[data.ConsumeIntegralInRange<usize>(0, threads.size() - 1)];
        if (data.ConsumeIntegralInRange<int>(0, 3) == 0) {
            perturb_caller(data, kernel, caller);
            continue;
        }
        const proc::CloneRequest request = pick_request(data);
        const Snapshot before = take(kernel, caller);
        // Sometimes the heap runs out part-way through: the rollback must be
        // as complete as for any other error.
        const bool inject = data.ConsumeIntegralInRange<int>(0, 3) == 0;
        if (inject) {
            host::fail_allocation_after(data.ConsumeIntegralInRange<std::int64_t>(0, 40));
        }
        auto result = proc::kernel_clone(kernel, caller, request);
        host::stop_failing_allocations();
        if (result.is_error()) {
            check(is_documented_errno(result.error().code()), "errno clone(2) does not document");
            check(take(kernel, caller) == before, "a rejected clone changed state");
            continue;
        }
        proc::Thread* child = kernel.find_thread(caller.active_pid_namespace(), result.value().pid);
        if ((request.flags & CLONE_VFORK) != 0) {
            continue; // the vfork child already ran to exit in on_block
        }
        check(child != nullptr, "accepted child not found by its pid");
        if (data.ConsumeBool()) {
            continue; // keep it as a future caller
        }
        // Exit and reap the child: the machine is as before the call.
        proc::Process& process = child->process();
        const bool own_process = &process != &caller.process();
        kernel.exit_thread(*child, 0);
        if (own_process && process.state() == proc::ProcessState::Zombie && process.parent() != nullptr) {
            kernel.reap(process);
        }
        if (own_process && (request.flags & CLONE_NEWPID) == 0) {
            check(kernel.thread_count() == before.threads, "thread count after exit and reap");
            check(kernel.root_pid_namespace().count() == before.pids_in_root_ns, "root pid table after exit and reap");
        }
    }
    machine.shut_down();
    return 0;
}
