#include "core/syscall/uts.h"

#include <linux/capability.h>

#include "core/proc/credentials.h"

namespace sirius::syscall {

namespace {

ns::UtsNamespace& uts_of(SyscallContext& context) { return *context.current.namespaces->namespaces().uts; }

// kernel/sys.c sethostname/setdomainname: "if (!ns_capable(current->
// nsproxy->uts_ns->user_ns, CAP_SYS_ADMIN)) return -EPERM; if (len < 0 ||
// len > __NEW_UTS_LEN) return -EINVAL;", then the copy (EFAULT), then the
// name is the `len` bytes copied, zero-padded: a name need not end in NUL.
template<usize N>
Result<i64> set_name(SyscallContext& context, const SyscallArguments& args, char (new_utsname::*field)[N])
{
    ns::UtsNamespace& uts = uts_of(context);
    if (!proc::has_capability_in(*context.current.credentials, uts.owner(), CAP_SYS_ADMIN)) {
        return errno_error(EPERM);
    }
    // `len` is an int: the upper half of the register is not looked at.
    auto length = static_cast<i32>(args[1]);
    if (length < 0 || length > __NEW_UTS_LEN) {
        return errno_error(EINVAL);
    }
    char name[__NEW_UTS_LEN] {};
    TRY(memory_of(context).copy_from_user(name, UserAddress(args[0]), static_cast<usize>(length)));
    static_assert(N == __NEW_UTS_LEN + 1);
    char(&target)[N] = uts.names().*field;
    fill_bytes(target, 0, N);
    copy_bytes(target, name, static_cast<usize>(length));
    return 0;
}

Result<i64> uname(SyscallContext& context, UserAddress destination)
{
    // newuname: one copy of the whole struct; EFAULT if it does not fit.
    const new_utsname& names = uts_of(context).names();
    TRY(memory_of(context).copy_to_user(destination, &names, sizeof(names)));
    return 0;
}

} // namespace

i64 sys_uname(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(uname(context, UserAddress(args[0])));
}

i64 sys_sethostname(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(set_name(context, args, &new_utsname::nodename));
}

i64 sys_setdomainname(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(set_name(context, args, &new_utsname::domainname));
}

} // namespace sirius::syscall
