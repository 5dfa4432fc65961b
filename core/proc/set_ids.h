#pragma once

// Changing user and group ids (credentials(7); Linux kernel/sys.c
// __sys_setresuid and friends, security/commoncap.c cap_task_fix_setuid).
// Each function takes the caller's credentials and the ids as user space
// passed them - relative to the caller's user namespace, -1 meaning "leave
// unchanged" where the call allows it - and returns the credentials to
// commit (Kernel::commit_credentials). Credentials are never changed in
// place. Capabilities follow uid changes as capabilities(7), "Effect of
// user ID changes on capabilities", says.
#include "core/proc/credentials.h"

namespace sirius::proc {

// The "-1" of the set*id calls.
inline constexpr u32 kUnchangedId = 0xFFFFFFFF;

// setresuid(2)/setresgid(2): an unprivileged caller may set each id only
// to its current real, effective or saved id.
// Errors: EINVAL (an id with no mapping), EPERM, ENOMEM.
Result<RefPtr<Credentials>> set_res_uids(const RefPtr<Credentials>& old, u32 real, u32 effective, u32 saved);
Result<RefPtr<Credentials>> set_res_gids(const RefPtr<Credentials>& old, u32 real, u32 effective, u32 saved);

// setreuid(2)/setregid(2): the saved id becomes the new effective one if
// the real id is set, or the effective one to other than the old real id.
// Errors: EINVAL, EPERM, ENOMEM.
Result<RefPtr<Credentials>> set_re_uids(const RefPtr<Credentials>& old, u32 real, u32 effective);
Result<RefPtr<Credentials>> set_re_gids(const RefPtr<Credentials>& old, u32 real, u32 effective);

// setuid(2)/setgid(2): privileged, all of real, effective and saved;
// otherwise only the effective id, to the real or saved one.
// Errors: EINVAL (-1 or unmapped), EPERM, ENOMEM.
Result<RefPtr<Credentials>> set_uid(const RefPtr<Credentials>& old, u32 id);
Result<RefPtr<Credentials>> set_gid(const RefPtr<Credentials>& old, u32 id);

// setfsuid(2)/setfsgid(2): never fails; a change that is not allowed (or
// cannot be made) leaves the credentials as they are.
RefPtr<Credentials> set_fs_uid(const RefPtr<Credentials>& old, u32 id);
RefPtr<Credentials> set_fs_gid(const RefPtr<Credentials>& old, u32 id);

// setgroups(2): `gids` in the caller's namespace; the list is kept sorted.
// Errors: EPERM (no CAP_SETGID, or a user namespace whose gid_map is not
// written), EINVAL (an unmapped gid), ENOMEM.
Result<RefPtr<Credentials>> set_groups(const RefPtr<Credentials>& old, const Vector<u32>& gids);

} // namespace sirius::proc
