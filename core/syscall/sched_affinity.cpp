#include <linux/capability.h>

#include "core/proc/kernel.h"
#include "core/syscall/sched_affinity.h"

namespace sirius::syscall {

namespace {

// nr_cpu_ids, and cpumask_size(): BITS_TO_LONGS(nr_cpu_ids) longs.
constexpr u64 kCpuCount = 1;
constexpr usize kCpumaskSize = sizeof(u64);
// cpu_active_mask: CPU 0.
constexpr u64 kActiveCpus = 1;

// find_process_by_pid: "pid ? find_task_by_vpid(pid) : current" - a
// thread id as well as a process id.
Result<proc::Thread*> find_target(SyscallContext& context, i32 pid)
{
    if (pid == 0) {
        return &context.current;
    }
    proc::Thread* target = context.kernel.find_thread(context.current.active_pid_namespace(), static_cast<PidNr>(pid));
    if (target == nullptr) {
        return errno_error(ESRCH);
    }
    return target;
}

Result<i64> get_affinity(SyscallContext& context, i32 pid, u32 length, UserAddress mask)
{
    // "if ((len * BITS_PER_BYTE) < nr_cpu_ids) return -EINVAL; if (len &
    // (sizeof(unsigned long)-1)) return -EINVAL;"
    if (u64 { length } * 8 < kCpuCount || (length & (sizeof(u64) - 1)) != 0) {
        return errno_error(EINVAL);
    }
    TRY(find_target(context, pid));
    // "unsigned int retlen = min(len, cpumask_size());" copied out, and
    // returned.
    const usize copied = length < kCpumaskSize ? length : kCpumaskSize;
    const u64 bits = kActiveCpus;
    TRY(memory_of(context).copy_to_user(mask, &bits, copied));
    return static_cast<i64>(copied);
}

Result<i64> set_affinity(SyscallContext& context, i32 pid, u32 length, UserAddress mask)
{
    // get_user_cpu_mask: a shorter mask is zero-extended, a longer one cut
    // to cpumask_size(); EFAULT before anything else.
    u64 bits = 0;
    TRY(memory_of(context).copy_from_user(&bits, mask, length < kCpumaskSize ? length : kCpumaskSize));
    proc::Thread* target = TRY(find_target(context, pid));
    // check_same_owner ("uid_eq(cred->euid, pcred->euid) ||
    // uid_eq(cred->euid, pcred->uid)"), or CAP_SYS_NICE over the target.
    const proc::Credentials& caller = *context.current.credentials;
    const proc::Credentials& owner = *target->credentials;
    if (caller.uid.effective != owner.uid.effective && caller.uid.effective != owner.uid.real && !proc::has_capability_in(caller, *owner.user_ns, CAP_SYS_NICE)) {
        return errno_error(EPERM);
    }
    // __set_cpus_allowed_ptr_locked: "if (!cpumask_intersects(new_mask,
    // cpu_valid_mask)) ret = -EINVAL".
    if ((bits & kActiveCpus) == 0) {
        return errno_error(EINVAL);
    }
    return 0;
}

} // namespace

i64 sys_sched_setaffinity(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(set_affinity(context, static_cast<i32>(args[0]), static_cast<u32>(args[1]), UserAddress(args[2])));
}

i64 sys_sched_getaffinity(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(get_affinity(context, static_cast<i32>(args[0]), static_cast<u32>(args[1]), UserAddress(args[2])));
}

} // namespace sirius::syscall
