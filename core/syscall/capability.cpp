#include "core/syscall/capability.h"

#include <linux/capability.h>

#include "core/base/user_ptr.h"
#include "core/proc/kernel.h"
#include "core/proc/set_capabilities.h"

namespace sirius::syscall {

namespace {

using UserHeader = struct __user_cap_header_struct;
using UserData = struct __user_cap_data_struct;
static_assert(sizeof(UserHeader) == 8 && sizeof(UserData) == 12);

// cap_validate_magic: how many 32-bit words of each set the caller's
// version exchanges. An unknown version is EINVAL, and the kernel's
// preferred one is written back so that user space can learn it.
Result<u32> words_for_version(SyscallContext& context, u64 header)
{
    const u32 version = TRY(UserPtr<u32>(header).read(memory_of(context)));
    switch (version) {
    case _LINUX_CAPABILITY_VERSION_1:
        return u32 { _LINUX_CAPABILITY_U32S_1 };
    case _LINUX_CAPABILITY_VERSION_2:
    case _LINUX_CAPABILITY_VERSION_3:
        return u32 { _LINUX_CAPABILITY_U32S_3 };
    default:
        TRY(UserPtr<u32>(header).write(memory_of(context), u32 { _LINUX_CAPABILITY_VERSION_3 }));
        return errno_error(EINVAL);
    }
}

// The header's pid: 0 or the caller's own, or (capget) another thread.
Result<i32> header_pid(SyscallContext& context, u64 header)
{
    return static_cast<i32>(TRY(UserPtr<u32>(header + sizeof(u32)).read(memory_of(context))));
}

// mk_kernel_cap: the two words, limited to the capabilities that exist.
proc::CapabilitySet from_words(u32 low, u32 high)
{
    const u64 bits = u64 { low } | (u64 { high } << 32);
    return proc::CapabilitySet(bits & proc::CapabilitySet::full().bits());
}

Result<i64> capget(SyscallContext& context, const SyscallArguments& args)
{
    const u64 header = args[0];
    const u64 data = args[1];
    auto words = words_for_version(context, header);
    // "If data is NULL and the version is not supported, the call returns
    // 0": a version probe.
    if (data == 0) {
        if (words.is_error() && words.error().code() != EINVAL) {
            return words.error();
        }
        return 0;
    }
    const u32 count = TRY(words);
    const i32 pid = TRY(header_pid(context, header));
    if (pid < 0) {
        return errno_error(EINVAL);
    }
    const proc::Thread* target = &context.current;
    if (pid != 0 && static_cast<PidNr>(pid) != context.current.pid().nr_in(context.current.active_pid_namespace())) {
        target = context.kernel.find_thread(context.current.active_pid_namespace(), static_cast<PidNr>(pid));
        if (target == nullptr || target->credentials == nullptr) {
            return errno_error(ESRCH);
        }
    }
    const proc::Credentials& credentials = *target->credentials;
    UserData sets[2] {};
    for (u32 word = 0; word < 2; ++word) {
        sets[word].effective = static_cast<u32>(credentials.effective.bits() >> (32 * word));
        sets[word].permitted = static_cast<u32>(credentials.permitted.bits() >> (32 * word));
        sets[word].inheritable = static_cast<u32>(credentials.inheritable.bits() >> (32 * word));
    }
    TRY(memory_of(context).copy_to_user(UserAddress(data), sets, count * sizeof(UserData)));
    return 0;
}

Result<i64> capset(SyscallContext& context, const SyscallArguments& args)
{
    const u64 header = args[0];
    const u32 count = TRY(words_for_version(context, header));
    const i32 pid = TRY(header_pid(context, header));
    // "may only affect current now"
    if (pid != 0 && static_cast<PidNr>(pid) != context.current.pid().nr_in(context.current.active_pid_namespace())) {
        return errno_error(EPERM);
    }
    UserData sets[2] {};
    TRY(memory_of(context).copy_from_user(sets, UserAddress(args[1]), count * sizeof(UserData)));
    auto changed = TRY(proc::set_capabilities(context.current.credentials, from_words(sets[0].effective, sets[1].effective),
        from_words(sets[0].permitted, sets[1].permitted), from_words(sets[0].inheritable, sets[1].inheritable)));
    TRY(context.kernel.commit_credentials(context.current, move(changed)));
    return 0;
}

} // namespace

i64 sys_capget(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(capget(context, args));
}

i64 sys_capset(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(capset(context, args));
}

} // namespace sirius::syscall
