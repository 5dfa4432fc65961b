#include "core/ns/time_namespace.h"

namespace sirius::ns {

TimeNamespace::TimeNamespace(RefPtr<UserNamespace> owner, u32 inode, TimeOffsets offsets)
    : OwnedNamespace(move(owner), inode)
    , m_offsets(offsets)
{
}

Result<RefPtr<TimeNamespace>> TimeNamespace::create_initial(RefPtr<UserNamespace> owner)
{
    auto ns = TRY(try_make_ref<TimeNamespace>(move(owner), kInitTimeInode, TimeOffsets {}));
    // init_time_ns: ".frozen_offsets = true".
    ns->freeze_offsets();
    return ns;
}

Result<void> TimeNamespace::set_offsets(const TimeOffsets& offsets)
{
    if (m_frozen) {
        return errno_error(EACCES);
    }
    m_offsets = offsets;
    return {};
}

Result<RefPtr<TimeNamespace>> TimeNamespace::clone(NamespaceInodeAllocator& inodes, RefPtr<UserNamespace> owner) const
{
    return try_make_ref<TimeNamespace>(move(owner), inodes.allocate(), m_offsets);
}

} // namespace sirius::ns
