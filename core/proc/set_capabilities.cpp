#include "core/proc/set_capabilities.h"

namespace sirius::proc {

namespace {

bool is_subset(CapabilitySet set, CapabilitySet of)
{
    return (set.bits() & ~of.bits()) == 0;
}

CapabilitySet combine(CapabilitySet a, CapabilitySet b)
{
    return CapabilitySet(a.bits() | b.bits());
}

} // namespace

Result<RefPtr<Credentials>> set_capabilities(const RefPtr<Credentials>& old, CapabilitySet effective, CapabilitySet permitted, CapabilitySet inheritable)
{
    // cap_inh_is_capped: "they are so limited unless the current task has
    // the CAP_SETPCAP capability".
    const bool may_raise_inheritable = has_capability_in(*old, *old->user_ns, CAP_SETPCAP);
    if (!may_raise_inheritable && !is_subset(inheritable, combine(old->inheritable, old->permitted))) {
        return errno_error(EPERM);
    }
    // "no new pI capabilities outside bounding set"
    if (!is_subset(inheritable, combine(old->inheritable, old->bounding))) {
        return errno_error(EPERM);
    }
    // "verify restrictions on target's new Permitted set"
    if (!is_subset(permitted, old->permitted)) {
        return errno_error(EPERM);
    }
    // "verify the _new_Effective_ is a subset of the _new_Permitted_"
    if (!is_subset(effective, permitted)) {
        return errno_error(EPERM);
    }
    auto changed = TRY(old->clone());
    changed->effective = effective;
    changed->permitted = permitted;
    changed->inheritable = inheritable;
    changed->ambient = CapabilitySet(changed->ambient.bits() & permitted.bits() & inheritable.bits());
    return changed;
}

} // namespace sirius::proc
