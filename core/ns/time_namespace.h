#pragma once

// A time namespace (time_namespaces(7)): offsets added to CLOCK_MONOTONIC and
// CLOCK_BOOTTIME for its members. A process enters the namespace created by
// CLONE_NEWTIME only through its children (time_for_children).
#include "core/ns/owned_namespace.h"

namespace sirius::ns {

struct TimeOffsets {
    i64 monotonic_ns { 0 };
    i64 boottime_ns { 0 };
};

class TimeNamespace
    : public RefCounted<TimeNamespace>
    , public OwnedNamespace {
public:
    static Result<RefPtr<TimeNamespace>> create_initial(RefPtr<UserNamespace> owner);
    // A new namespace inheriting this one's offsets (Linux clone_time_ns).
    Result<RefPtr<TimeNamespace>> clone(NamespaceInodeAllocator&, RefPtr<UserNamespace> owner) const;

    [[nodiscard]] const TimeOffsets& offsets() const { return m_offsets; }

    TimeNamespace(RefPtr<UserNamespace> owner, u32 inode, TimeOffsets offsets);

private:
    TimeOffsets m_offsets;
};

} // namespace sirius::ns
