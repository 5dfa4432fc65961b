#include "core/syscall/credentials.h"

#include "core/base/user_ptr.h"
#include "core/proc/set_ids.h"

namespace sirius::syscall {

namespace {

// NGROUPS_MAX (<linux/limits.h>).
constexpr u64 kMaxGroups = 65536;

const proc::Credentials& credentials_of(SyscallContext& context)
{
    return *context.current.credentials;
}

u32 visible_uid(SyscallContext& context, u32 kernel_uid)
{
    return credentials_of(context).user_ns->uid_from_kernel_munged(kernel_uid);
}

u32 visible_gid(SyscallContext& context, u32 kernel_gid)
{
    return credentials_of(context).user_ns->gid_from_kernel_munged(kernel_gid);
}

u32 id_argument(u64 value)
{
    return static_cast<u32>(value);
}

Result<i64> commit(SyscallContext& context, Result<RefPtr<proc::Credentials>> changed)
{
    if (changed.is_error()) {
        return changed.error();
    }
    TRY(context.kernel.commit_credentials(context.current, changed.release_value()));
    return 0;
}

// getresuid(2): each id is stored in turn; the first bad pointer stops it.
Result<i64> store_three(SyscallContext& context, const SyscallArguments& args, const u32 (&ids)[3])
{
    for (usize i = 0; i < 3; ++i) {
        TRY(UserPtr<u32>(args[i]).write(memory_of(context), ids[i]));
    }
    return 0;
}

Result<i64> getgroups(SyscallContext& context, const SyscallArguments& args)
{
    const i32 size = static_cast<i32>(args[0]);
    if (size < 0) {
        return errno_error(EINVAL);
    }
    const Vector<u32>& groups = credentials_of(context).groups;
    if (size == 0) {
        return static_cast<i64>(groups.size());
    }
    if (groups.size() > static_cast<usize>(size)) {
        return errno_error(EINVAL);
    }
    for (usize i = 0; i < groups.size(); ++i) {
        TRY(UserPtr<u32>(args[1] + i * sizeof(u32)).write(memory_of(context), visible_gid(context, groups[i])));
    }
    return static_cast<i64>(groups.size());
}

Result<i64> setgroups(SyscallContext& context, const SyscallArguments& args)
{
    const proc::Credentials& credentials = credentials_of(context);
    // may_setgroups comes first, then the size.
    if (!proc::has_capability_in(credentials, *credentials.user_ns, CAP_SETGID) || !credentials.user_ns->may_setgroups()) {
        return errno_error(EPERM);
    }
    const u64 size = static_cast<u32>(args[0]);
    if (size > kMaxGroups) {
        return errno_error(EINVAL);
    }
    Vector<u32> gids;
    TRY(gids.try_reserve(size));
    for (u64 i = 0; i < size; ++i) {
        const u32 gid = TRY(UserPtr<u32>(args[1] + i * sizeof(u32)).read(memory_of(context)));
        TRY(gids.try_append(gid));
    }
    return commit(context, proc::set_groups(context.current.credentials, gids));
}

} // namespace

i64 sys_getuid(SyscallContext& context, const SyscallArguments&)
{
    return visible_uid(context, credentials_of(context).uid.real);
}

i64 sys_geteuid(SyscallContext& context, const SyscallArguments&)
{
    return visible_uid(context, credentials_of(context).uid.effective);
}

i64 sys_getgid(SyscallContext& context, const SyscallArguments&)
{
    return visible_gid(context, credentials_of(context).gid.real);
}

i64 sys_getegid(SyscallContext& context, const SyscallArguments&)
{
    return visible_gid(context, credentials_of(context).gid.effective);
}

i64 sys_getresuid(SyscallContext& context, const SyscallArguments& args)
{
    const proc::IdSet& uid = credentials_of(context).uid;
    const u32 ids[3] = { visible_uid(context, uid.real), visible_uid(context, uid.effective), visible_uid(context, uid.saved) };
    return to_syscall_return(store_three(context, args, ids));
}

i64 sys_getresgid(SyscallContext& context, const SyscallArguments& args)
{
    const proc::IdSet& gid = credentials_of(context).gid;
    const u32 ids[3] = { visible_gid(context, gid.real), visible_gid(context, gid.effective), visible_gid(context, gid.saved) };
    return to_syscall_return(store_three(context, args, ids));
}

i64 sys_setuid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(commit(context, proc::set_uid(context.current.credentials, id_argument(args[0]))));
}

i64 sys_setgid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(commit(context, proc::set_gid(context.current.credentials, id_argument(args[0]))));
}

i64 sys_setreuid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(commit(context, proc::set_re_uids(context.current.credentials, id_argument(args[0]), id_argument(args[1]))));
}

i64 sys_setregid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(commit(context, proc::set_re_gids(context.current.credentials, id_argument(args[0]), id_argument(args[1]))));
}

i64 sys_setresuid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(
        commit(context, proc::set_res_uids(context.current.credentials, id_argument(args[0]), id_argument(args[1]), id_argument(args[2]))));
}

i64 sys_setresgid(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(
        commit(context, proc::set_res_gids(context.current.credentials, id_argument(args[0]), id_argument(args[1]), id_argument(args[2]))));
}

// setfsuid(2): "On both success and failure, this call returns the
// previous filesystem user ID of the caller."
i64 sys_setfsuid(SyscallContext& context, const SyscallArguments& args)
{
    const u32 old = visible_uid(context, credentials_of(context).uid.filesystem);
    (void)context.kernel.commit_credentials(context.current, proc::set_fs_uid(context.current.credentials, id_argument(args[0])));
    return old;
}

i64 sys_setfsgid(SyscallContext& context, const SyscallArguments& args)
{
    const u32 old = visible_gid(context, credentials_of(context).gid.filesystem);
    (void)context.kernel.commit_credentials(context.current, proc::set_fs_gid(context.current.credentials, id_argument(args[0])));
    return old;
}

i64 sys_getgroups(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getgroups(context, args));
}

i64 sys_setgroups(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(setgroups(context, args));
}

} // namespace sirius::syscall
