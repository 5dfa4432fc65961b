#include "core/ns/time_namespace.h"

namespace sirius::ns {

TimeNamespace::TimeNamespace(RefPtr<UserNamespace> owner, u32 inode, TimeOffsets offsets)
    : OwnedNamespace(move(owner), inode)
    , m_offsets(offsets)
{
}

Result<RefPtr<TimeNamespace>> TimeNamespace::create_initial(RefPtr<UserNamespace> owner)
{
    return try_make_ref<TimeNamespace>(move(owner), kInitTimeInode, TimeOffsets {});
}

Result<RefPtr<TimeNamespace>> TimeNamespace::clone(NamespaceInodeAllocator& inodes, RefPtr<UserNamespace> owner) const
{
    return try_make_ref<TimeNamespace>(move(owner), inodes.allocate(), m_offsets);
}

} // namespace sirius::ns
