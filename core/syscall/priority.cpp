// <linux/resource.h> first: PRIO_* and RLIMIT_NICE.
#include <linux/resource.h>

// The rest after it.
#include "core/proc/kernel.h"
#include "core/syscall/priority.h"

namespace sirius::syscall {

namespace {

// include/linux/sched/prio.h.
constexpr int kMinNice = -20;
constexpr int kMaxNice = 19;

// nice_to_rlimit: "[19,-20] to [1,40]", the scale of RLIMIT_NICE and of
// the raw getpriority result.
i64 nice_to_rlimit(int nice)
{
    return kMaxNice - nice + 1;
}

// The threads `which` and `who` name, as sys_setpriority and
// sys_getpriority find them, each passed to `visit`. Returns false when
// `who` names nothing at all (the group or user is unknown).
template<typename Visit>
bool for_each_target(proc::Kernel& kernel, proc::Thread& caller, int which, i32 who, Visit visit)
{
    const ns::PidNamespace& caller_ns = caller.active_pid_namespace();
    const proc::Credentials& credentials = *caller.credentials;
    switch (which) {
    case PRIO_PROCESS: {
        // "if (who) p = find_task_by_vpid(who); else p = current;": one
        // task, a thread id as well as a process id.
        proc::Thread* target = who != 0 ? kernel.find_thread(caller_ns, static_cast<PidNr>(who)) : &caller;
        if (target == nullptr) {
            return false;
        }
        visit(*target);
        return true;
    }
    case PRIO_PGRP: {
        // "if (who) pgrp = find_vpid(who); else pgrp = task_pgrp(current);"
        // then every thread of every process of that group.
        const proc::ProcessGroup* group = &caller.process().process_group();
        if (who != 0) {
            proc::Pid* named = caller_ns.find(static_cast<PidNr>(who));
            group = named != nullptr ? named->process_group : nullptr;
        }
        if (group == nullptr) {
            return false;
        }
        for (proc::Thread& thread : kernel.threads()) {
            if (&thread.process().process_group() == group) {
                visit(thread);
            }
        }
        return true;
    }
    default: {
        // PRIO_USER: "uid = make_kuid(cred->user_ns, who); if (!who) uid =
        // cred->uid;" then every thread of that real uid the caller's pid
        // namespace can see ("task_pid_vnr(p)").
        const u32 uid = who != 0 ? credentials.user_ns->uid_to_kernel(static_cast<u32>(who)) : credentials.uid.real;
        for (proc::Thread& thread : kernel.threads()) {
            if (thread.credentials->uid.real == uid && thread.pid().nr_in(caller_ns) != 0) {
                visit(thread);
            }
        }
        return true;
    }
    }
}

// sys_setpriority's "if (which > PRIO_USER || which < PRIO_PROCESS)".
bool valid_which(int which)
{
    return which >= PRIO_PROCESS && which <= PRIO_USER;
}

// set_one_prio_perm: the target's real or effective uid is the caller's
// effective uid, or the caller has CAP_SYS_NICE over the target's user
// namespace.
bool may_renice(const proc::Credentials& caller, const proc::Credentials& target)
{
    return target.uid.real == caller.uid.effective || target.uid.effective == caller.uid.effective
        || proc::has_capability_in(caller, *target.user_ns, CAP_SYS_NICE);
}

// set_one_prio: EPERM without permission; EACCES to lower the nice value
// (raise the priority) past RLIMIT_NICE without CAP_SYS_NICE (can_nice);
// cap_task_setnice's EPERM for a target with capabilities the caller has
// not, without CAP_SYS_NICE over it. The first success turns the ESRCH
// the call started with into 0; a failure replaces the result.
void set_one_priority(proc::Kernel& kernel, proc::Thread& caller, proc::Thread& target, int nice, i64& result)
{
    const proc::Credentials& credentials = *caller.credentials;
    const proc::Credentials& target_credentials = *target.credentials;
    if (!may_renice(credentials, target_credentials)) {
        result = -EPERM;
        return;
    }
    // can_nice's capable(): against the initial user namespace.
    const bool capable = proc::has_capability_in(credentials, *kernel.initial_user_namespace(), CAP_SYS_NICE);
    if (nice < target.nice && nice_to_rlimit(nice) > static_cast<i64>(target.process().limits().get(RLIMIT_NICE).soft) && !capable) {
        result = -EACCES;
        return;
    }
    const bool subset = (target_credentials.permitted.bits() & ~credentials.permitted.bits()) == 0;
    if (!subset && !proc::has_capability_in(credentials, *target_credentials.user_ns, CAP_SYS_NICE)) {
        result = -EPERM;
        return;
    }
    if (result == -ESRCH) {
        result = 0;
    }
    target.nice = nice;
}

} // namespace

i64 sys_setpriority(SyscallContext& context, const SyscallArguments& args)
{
    const int which = static_cast<int>(args[0]);
    const i32 who = static_cast<i32>(args[1]);
    int nice = static_cast<int>(args[2]);
    if (!valid_which(which)) {
        return -EINVAL;
    }
    // "normalize: avoid signed division (rounding problems)": out-of-range
    // values are clamped, not refused.
    if (nice < kMinNice) {
        nice = kMinNice;
    }
    if (nice > kMaxNice) {
        nice = kMaxNice;
    }
    i64 result = -ESRCH;
    (void)for_each_target(context.kernel, context.current, which, who, [&](proc::Thread& target) { set_one_priority(context.kernel, context.current, target, nice, result); });
    return result;
}

i64 sys_getpriority(SyscallContext& context, const SyscallArguments& args)
{
    const int which = static_cast<int>(args[0]);
    const i32 who = static_cast<i32>(args[1]);
    if (!valid_which(which)) {
        return -EINVAL;
    }
    // The highest priority (lowest nice value) of the targets, on the
    // 1..40 scale; ESRCH when there is none. No permission is needed.
    i64 result = -ESRCH;
    (void)for_each_target(context.kernel, context.current, which, who, [&](proc::Thread& target) {
        const i64 value = nice_to_rlimit(target.nice);
        if (value > result) {
            result = value;
        }
    });
    return result;
}

} // namespace sirius::syscall
