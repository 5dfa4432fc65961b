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
    // Whether a task has entered the namespace (Linux frozen_offsets): the
    // initial one is, a new one is not until its first child is made.
    [[nodiscard]] bool offsets_frozen() const { return m_frozen; }
    void freeze_offsets() { m_frozen = true; }
    // proc_timens_set_offset's last step: EACCES once frozen ("err =
    // -EACCES" under offset_lock); the caller validated the values.
    Result<void> set_offsets(const TimeOffsets& offsets);

    TimeNamespace(RefPtr<UserNamespace> owner, u32 inode, TimeOffsets offsets);

private:
    TimeOffsets m_offsets;
    bool m_frozen { false };
};

} // namespace sirius::ns
