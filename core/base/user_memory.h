#pragma once

// The one door to user memory. An address space implements it; the core never
// dereferences a user address itself. A bad address is EFAULT, never a crash.
#include "core/base/result.h"

namespace sirius {

// A user-space virtual address, kept distinct from kernel pointers.
class UserAddress {
public:
    constexpr UserAddress() = default;
    constexpr explicit UserAddress(u64 value)
        : m_value(value)
    {
    }
    [[nodiscard]] constexpr u64 value() const { return m_value; }
    [[nodiscard]] constexpr bool is_null() const { return m_value == 0; }
    constexpr bool operator==(const UserAddress&) const = default;

    // The address `bytes` further on; EFAULT when that wraps around.
    [[nodiscard]] Result<UserAddress> offset(u64 bytes) const
    {
        u64 sum = 0;
        if (!checked_add(m_value, bytes, sum)) {
            return errno_error(EFAULT);
        }
        return UserAddress(sum);
    }

private:
    u64 m_value { 0 };
};

// access_ok(): [address, address + size) lies wholly at or below
// `user_limit` (Mmu::user_address_limit, Linux TASK_SIZE_MAX) and does not
// wrap. It says nothing of what is mapped: a copy may still fault.
[[nodiscard]] constexpr bool is_user_range(u64 address, u64 size, u64 user_limit)
{
    return size <= user_limit && address <= user_limit - size;
}

class UserMemory {
public:
    // Copies `size` bytes from user address `source` into kernel memory.
    // Preconditions: `destination` has room for `size` bytes.
    // Errors: EFAULT if any byte of the user range is not readable by the user.
    // On EFAULT the destination may be partly written.
    virtual Result<void> copy_from_user(void* destination, UserAddress source, usize size) = 0;

    // Copies `size` bytes of kernel memory to user address `destination`.
    // Errors: EFAULT if any byte of the user range is not writable by the user.
    virtual Result<void> copy_to_user(UserAddress destination, const void* source, usize size) = 0;

protected:
    ~UserMemory() = default;
};

} // namespace sirius
