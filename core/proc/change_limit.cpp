#include "core/proc/change_limit.h"

#include <linux/resource.h>

#include "core/proc/credentials.h"
#include "core/proc/process.h"

namespace sirius::proc {

Result<void> change_limit(Process& process, const Credentials& caller, int resource, const ResourceLimit* new_limit, ResourceLimit* old_limit)
{
    if (resource < 0 || resource >= kResourceLimitCount) {
        return errno_error(EINVAL);
    }
    if (new_limit != nullptr) {
        if (new_limit->soft > new_limit->hard) {
            return errno_error(EINVAL);
        }
        if (resource == RLIMIT_NOFILE && new_limit->hard > kMaxOpenFiles) {
            return errno_error(EPERM);
        }
    }
    ResourceLimit& limit = process.limits().get(resource);
    // "Keep the capable check against init_user_ns until cgroups can
    // contain all limits."
    if (new_limit != nullptr && new_limit->hard > limit.hard) {
        const ns::UserNamespace* initial = caller.user_ns.get();
        while (initial->parent() != nullptr) {
            initial = initial->parent();
        }
        if (!has_capability_in(caller, *initial, CAP_SYS_RESOURCE)) {
            return errno_error(EPERM);
        }
    }
    if (old_limit != nullptr) {
        *old_limit = limit;
    }
    if (new_limit != nullptr) {
        limit = *new_limit;
    }
    return {};
}

bool may_change_limits_of(const Credentials& caller, const Credentials& target)
{
    const bool ids_match = caller.uid.real == target.uid.effective && caller.uid.real == target.uid.saved && caller.uid.real == target.uid.real
        && caller.gid.real == target.gid.effective && caller.gid.real == target.gid.saved && caller.gid.real == target.gid.real;
    return ids_match || has_capability_in(caller, *target.user_ns, CAP_SYS_RESOURCE);
}

} // namespace sirius::proc
