#pragma once

// The core's view of a process's memory (Linux struct mm_struct): the
// platform's AddressSpace plus the policy state the core keeps about it.
// Shared by CLONE_VM; fork makes a copy-on-write copy. The memory issue adds
// VMAs, brk and mmap policy here.
#include "core/hal/address_space.h"

namespace sirius::mm {

// Linux SUID_DUMP_* (include/linux/sched/coredump.h), prctl(PR_SET_DUMPABLE).
enum class Dumpable : u8 { Disabled = 0, User = 1, Root = 2 };

class MemoryDescriptor : public RefCounted<MemoryDescriptor> {
public:
    static Result<RefPtr<MemoryDescriptor>> create(RefPtr<hal::AddressSpace> space)
    {
        return try_make_ref<MemoryDescriptor>(move(space));
    }
    // fork without CLONE_VM (Linux dup_mm): a copy-on-write address space and
    // the same policy state. Errors: ENOMEM.
    Result<RefPtr<MemoryDescriptor>> clone_for_fork() const
    {
        auto space = TRY(m_address_space->clone_for_fork());
        auto copy = TRY(create(move(space)));
        copy->m_dumpable = m_dumpable;
        return copy;
    }

    [[nodiscard]] hal::AddressSpace& address_space() const { return *m_address_space; }
    [[nodiscard]] Dumpable dumpable() const { return m_dumpable; }
    void set_dumpable(Dumpable value) { m_dumpable = value; }

    explicit MemoryDescriptor(RefPtr<hal::AddressSpace> space)
        : m_address_space(move(space))
    {
    }

private:
    RefPtr<hal::AddressSpace> m_address_space;
    Dumpable m_dumpable { Dumpable::User };
};

} // namespace sirius::mm
