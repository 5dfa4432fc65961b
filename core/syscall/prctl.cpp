#include "core/syscall/prctl.h"

#include <linux/capability.h>
#include <linux/prctl.h>
#include <linux/securebits.h>

#include "core/base/user_ptr.h"

namespace sirius::syscall {

namespace {

Result<i64> store_int(SyscallContext& context, u64 address, i32 value)
{
    TRY(UserPtr<i32>(address).write(memory_of(context), value));
    return 0;
}

// PR_SET_NAME: "The name can be up to 16 bytes long, including the
// terminating null byte"; a longer one is silently truncated.
Result<i64> set_name(SyscallContext& context, u64 address)
{
    char name[sizeof(context.current.name)] {};
    for (usize i = 0; i + 1 < sizeof(name); ++i) {
        TRY(memory_of(context).copy_from_user(&name[i], UserAddress(address + i), 1));
        if (name[i] == '\0') {
            break;
        }
    }
    copy_bytes(context.current.name, name, sizeof(name));
    return 0;
}

// Commits a changed copy of the caller's credentials (prepare_creds and
// commit_creds): credentials are shared and never changed in place.
template<typename Change>
Result<i64> change_credentials(SyscallContext& context, Change change)
{
    auto credentials = TRY(context.current.credentials->clone());
    change(*credentials);
    context.current.credentials = move(credentials);
    return 0;
}

bool is_valid_capability(u64 capability)
{
    return capability <= CAP_LAST_CAP;
}

// security_task_prctl (cap_task_prctl): the capability options.
Result<i64> capability_prctl(SyscallContext& context, int option, u64 arg2)
{
    const proc::Credentials& credentials = *context.current.credentials;
    switch (option) {
    case PR_CAPBSET_DROP:
        // cap_prctl_drop: "if (!ns_capable(current_user_ns(), CAP_SETPCAP))
        // return -EPERM; if (!cap_valid(cap)) return -EINVAL".
        if (!proc::has_capability_in(credentials, *credentials.user_ns, CAP_SETPCAP)) {
            return errno_error(EPERM);
        }
        if (!is_valid_capability(arg2)) {
            return errno_error(EINVAL);
        }
        return change_credentials(context, [&](proc::Credentials& changed) { changed.bounding.remove(static_cast<int>(arg2)); });
    case PR_GET_KEEPCAPS:
        return (credentials.securebits & issecure_mask(SECURE_KEEP_CAPS)) != 0 ? 1 : 0;
    case PR_SET_KEEPCAPS:
        if (arg2 > 1) {
            return errno_error(EINVAL);
        }
        if ((credentials.securebits & issecure_mask(SECURE_KEEP_CAPS_LOCKED)) != 0) {
            return errno_error(EPERM);
        }
        return change_credentials(context, [&](proc::Credentials& changed) {
            if (arg2 != 0) {
                changed.securebits |= issecure_mask(SECURE_KEEP_CAPS);
            } else {
                changed.securebits &= ~static_cast<u32>(issecure_mask(SECURE_KEEP_CAPS));
            }
        });
    default:
        return errno_error(ENOSYS); // not a capability option
    }
}

Result<i64> prctl(SyscallContext& context, const SyscallArguments& args)
{
    const int option = static_cast<int>(args[0]);
    const u64 arg2 = args[1];
    auto capability_result = capability_prctl(context, option, arg2);
    if (capability_result.is_error() && capability_result.error().code() == ENOSYS) {
        // Not one of the LSM's: the generic options below.
    } else {
        return capability_result;
    }
    proc::Thread& current = context.current;
    switch (option) {
    case PR_SET_PDEATHSIG:
        if (arg2 > 64) {
            return errno_error(EINVAL);
        }
        current.parent_death_signal = static_cast<int>(arg2);
        return 0;
    case PR_GET_PDEATHSIG:
        return store_int(context, arg2, current.parent_death_signal);
    case PR_GET_DUMPABLE:
        return static_cast<i64>(current.memory->dumpable());
    case PR_SET_DUMPABLE:
        // Only SUID_DUMP_DISABLE and SUID_DUMP_USER may be set.
        if (arg2 != 0 && arg2 != 1) {
            return errno_error(EINVAL);
        }
        current.memory->set_dumpable(arg2 == 0 ? mm::Dumpable::Disabled : mm::Dumpable::User);
        return 0;
    case PR_SET_NAME:
        return set_name(context, arg2);
    case PR_GET_NAME:
        TRY(memory_of(context).copy_to_user(UserAddress(arg2), current.name, sizeof(current.name)));
        return 0;
    case PR_SET_CHILD_SUBREAPER:
        current.process().set_child_subreaper(arg2 != 0);
        return 0;
    case PR_GET_CHILD_SUBREAPER:
        return store_int(context, arg2, current.process().is_child_subreaper() ? 1 : 0);
    case PR_SET_NO_NEW_PRIVS:
        // "arg2 must be 1 ... and arg3, arg4, arg5 must be zero"; it can
        // never be unset.
        if (arg2 != 1 || args[2] != 0 || args[3] != 0 || args[4] != 0) {
            return errno_error(EINVAL);
        }
        current.no_new_privs = true;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        if (arg2 != 0 || args[2] != 0 || args[3] != 0 || args[4] != 0) {
            return errno_error(EINVAL);
        }
        return current.no_new_privs ? 1 : 0;
    case PR_CAPBSET_READ:
        if (!is_valid_capability(arg2)) {
            return errno_error(EINVAL);
        }
        return current.credentials->bounding.has(static_cast<int>(arg2)) ? 1 : 0;
    default:
        // Options Sirius does not implement are refused as Linux refuses an
        // option it does not know; docs/syscalls.md lists the ones that work.
        return errno_error(EINVAL);
    }
}

} // namespace

i64 sys_prctl(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(prctl(context, args));
}

} // namespace sirius::syscall
