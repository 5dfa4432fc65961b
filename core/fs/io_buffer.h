#pragma once

// Where the bytes of a file read go, or a write's come from: the caller's
// memory (read(2), write(2)) or a kernel buffer (exec reading a program).
// Linux has struct iov_iter for this; Sirius needs only one contiguous run.
#include "core/base/user_memory.h"

namespace sirius::fs {

class IoBuffer {
public:
    static IoBuffer user(UserMemory& memory, UserAddress address) { return IoBuffer(&memory, address, nullptr); }
    static IoBuffer kernel(u8* bytes) { return IoBuffer(nullptr, UserAddress(), bytes); }

    // Copies `size` bytes from `source` to the buffer at `offset`. EFAULT.
    Result<void> copy_out(usize offset, const void* source, usize size)
    {
        if (m_memory == nullptr) {
            copy_bytes(m_kernel + offset, source, size);
            return {};
        }
        return m_memory->copy_to_user(UserAddress(m_address.value() + offset), source, size);
    }
    // Copies `size` bytes of the buffer at `offset` to `destination`. EFAULT.
    Result<void> copy_in(void* destination, usize offset, usize size)
    {
        if (m_memory == nullptr) {
            copy_bytes(destination, m_kernel + offset, size);
            return {};
        }
        return m_memory->copy_from_user(destination, UserAddress(m_address.value() + offset), size);
    }

private:
    IoBuffer(UserMemory* memory, UserAddress address, u8* kernel)
        : m_memory(memory)
        , m_address(address)
        , m_kernel(kernel)
    {
    }
    UserMemory* m_memory;
    UserAddress m_address;
    u8* m_kernel;
};

} // namespace sirius::fs
