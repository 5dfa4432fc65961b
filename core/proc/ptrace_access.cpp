#include "core/proc/ptrace_access.h"

#include <linux/capability.h>

#include "core/proc/process.h"
#include "core/proc/thread.h"

namespace sirius::proc {

bool ptrace_may_access(const Thread& caller, const Thread& target, PtraceMode mode)
{
    // "Don't let security modules deny introspection."
    if (&caller.process() == &target.process()) {
        return true;
    }
    const bool fs_creds = mode == PtraceMode::ReadFsCreds || mode == PtraceMode::AttachFsCreds;
    const Credentials& mine = *caller.credentials;
    const Credentials& theirs = *target.credentials;
    // ptrace_has_cap: CAP_SYS_PTRACE in the target's user namespace.
    const bool has_ptrace_capability = has_capability_in(mine, *theirs.user_ns, CAP_SYS_PTRACE);
    // The caller's fsuid/fsgid (FSCREDS) or real ids (REALCREDS) against
    // each of the target's real, effective and saved ones.
    const u32 uid = fs_creds ? mine.uid.filesystem : mine.uid.real;
    const u32 gid = fs_creds ? mine.gid.filesystem : mine.gid.real;
    const bool same_ids = uid == theirs.uid.real && uid == theirs.uid.effective && uid == theirs.uid.saved
        && gid == theirs.gid.real && gid == theirs.gid.effective && gid == theirs.gid.saved;
    if (!same_ids && !has_ptrace_capability) {
        return false;
    }
    // A task that is not dumpable needs CAP_SYS_PTRACE "in the mm's user
    // namespace"; the memory descriptor records none yet, so the target's
    // own user namespace stands in for it.
    if (target.memory && target.memory->dumpable() != mm::Dumpable::User && !has_ptrace_capability) {
        return false;
    }
    // cap_ptrace_access_check: the same user namespace and the target's
    // permitted capabilities a subset of the caller's ("caller_caps =
    // &cred->cap_effective" with FSCREDS, cap_permitted otherwise), or
    // CAP_SYS_PTRACE.
    const CapabilitySet caller_caps = fs_creds ? mine.effective : mine.permitted;
    if (mine.user_ns.get() == theirs.user_ns.get() && (theirs.permitted.bits() & ~caller_caps.bits()) == 0) {
        return true;
    }
    return has_ptrace_capability;
}

} // namespace sirius::proc
