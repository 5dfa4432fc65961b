#include "core/proc/credentials.h"

namespace sirius::proc {

Result<RefPtr<Credentials>> Credentials::create_root(RefPtr<ns::UserNamespace> user_ns)
{
    auto credentials = TRY(try_make_ref<Credentials>());
    credentials->permitted = CapabilitySet::full();
    credentials->effective = CapabilitySet::full();
    credentials->bounding = CapabilitySet::full();
    credentials->user_ns = move(user_ns);
    return credentials;
}

Result<RefPtr<Credentials>> Credentials::clone() const
{
    auto copy = TRY(try_make_ref<Credentials>());
    copy->uid = uid;
    copy->gid = gid;
    copy->groups = TRY(groups.try_clone());
    copy->inheritable = inheritable;
    copy->permitted = permitted;
    copy->effective = effective;
    copy->bounding = bounding;
    copy->ambient = ambient;
    copy->securebits = securebits;
    copy->user_ns = user_ns;
    return copy;
}

bool has_capability_in(const Credentials& credentials, const ns::UserNamespace& target, int capability)
{
    // security/commoncap.c cap_capable, walking from `target` up to the root.
    for (const ns::UserNamespace* ns = &target;; ns = ns->parent()) {
        if (ns == credentials.user_ns.get()) {
            return credentials.effective.has(capability);
        }
        // A namespace at or above ours that is not ours: no rights there.
        if (ns->level() <= credentials.user_ns->level()) {
            return false;
        }
        // The owner of a child of our namespace has every capability in it.
        if (ns->parent() == credentials.user_ns.get() && ns->owner_uid() == credentials.uid.effective) {
            return true;
        }
    }
}

} // namespace sirius::proc
