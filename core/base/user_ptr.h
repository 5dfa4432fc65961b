#pragma once

// UserPtr<T>: a typed pointer into user memory. It can only be read or written
// through UserMemory, sizes are overflow-checked, and T must be trivially
// copyable (it crosses the user/kernel boundary as bytes).
#include "core/base/user_memory.h"

namespace sirius {

template<typename T>
class UserPtr {
    static_assert(TriviallyCopyable<T>, "only trivially copyable types cross the user boundary");

public:
    constexpr UserPtr() = default;
    constexpr explicit UserPtr(u64 address)
        : m_address(address)
    {
    }
    constexpr explicit UserPtr(UserAddress address)
        : m_address(address)
    {
    }

    [[nodiscard]] constexpr UserAddress address() const { return m_address; }
    [[nodiscard]] constexpr bool is_null() const { return m_address.is_null(); }

    [[nodiscard]] Result<T> read(UserMemory& memory) const
    {
        T value;
        TRY(memory.copy_from_user(&value, m_address, sizeof(T)));
        return value;
    }

    [[nodiscard]] Result<void> write(UserMemory& memory, const T& value) const
    {
        return memory.copy_to_user(m_address, &value, sizeof(T));
    }

    // Reads `count` consecutive elements into `out`; EFAULT if the byte count
    // overflows or any element is unreadable.
    [[nodiscard]] Result<void> read_array(UserMemory& memory, T* out, usize count) const
    {
        usize bytes = 0;
        if (!checked_mul(count, sizeof(T), bytes)) {
            return errno_error(EFAULT);
        }
        TRY(m_address.offset(bytes));
        return memory.copy_from_user(out, m_address, bytes);
    }

private:
    UserAddress m_address;
};

} // namespace sirius
