#pragma once

// AddressSpace: one set of user page tables, as the core asks the platform to
// manage it. The core decides *what* happens (share on CLONE_VM, copy-on-write
// clone on fork); the platform does it. Reference counted: threads that share
// a memory descriptor share its address space.
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/base/user_memory.h"

namespace sirius::hal {

enum class Protection : u32 {
    None = 0,
    Read = 1U << 0,
    Write = 1U << 1,
    Execute = 1U << 2,
    // Every combination is a value (mmap's PROT_* in any mix).
    ReadWrite = Read | Write,
    ReadExecute = Read | Execute,
    WriteExecute = Write | Execute,
    ReadWriteExecute = Read | Write | Execute,
};
constexpr Protection operator|(Protection a, Protection b)
{
    return static_cast<Protection>(static_cast<u32>(a) | static_cast<u32>(b));
}

class AddressSpace
    : public RefCounted<AddressSpace>
    , public UserMemory {
public:
    virtual ~AddressSpace() = default;

    // A copy-on-write copy of every user mapping, for fork without CLONE_VM.
    // Errors: ENOMEM; on error nothing was created and *this is unchanged.
    virtual Result<RefPtr<AddressSpace>> clone_for_fork() = 0;

    // Maps [address, address + length) with `protection`, demand-zero.
    // Preconditions: address and length page-aligned, length > 0, range within
    // the user half. Errors: ENOMEM.
    virtual Result<void> map(UserAddress address, usize length, Protection protection) = 0;

    // Unmaps [address, address + length); unmapped parts are ignored.
    // Preconditions: page-aligned, within the user half.
    virtual Result<void> unmap(UserAddress address, usize length) = 0;

    // Changes the protection of mapped pages in the range.
    // Preconditions: page-aligned, within the user half. Errors: ENOMEM.
    virtual Result<void> protect(UserAddress address, usize length, Protection protection) = 0;

    // The physical address backing a user address. Errors: EFAULT if unmapped.
    virtual Result<u64> translate(UserAddress address) const = 0;

    // The root of the page tables (CR3 on x86_64), for the context switch.
    [[nodiscard]] virtual u64 page_table_root() const = 0;

protected:
    AddressSpace() = default;
};

class Mmu {
public:
    // A new, empty user address space (for execve and the first process).
    // Errors: ENOMEM.
    virtual Result<RefPtr<AddressSpace>> create_address_space() = 0;

    // The highest user address + 1 (Linux TASK_SIZE_MAX): a user range must end
    // at or below it. Used by access_ok-style checks in the core.
    [[nodiscard]] virtual u64 user_address_limit() const = 0;

    [[nodiscard]] virtual usize page_size() const = 0;

protected:
    ~Mmu() = default;
};

} // namespace sirius::hal
