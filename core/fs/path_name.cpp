#include "core/fs/path_name.h"

#include "core/hal/allocator.h"

namespace sirius::fs {

namespace {

constexpr usize kPageSize = 4096;

} // namespace

PathName::~PathName()
{
    if (m_bytes != nullptr) {
        hal::deallocate(m_bytes, PATH_MAX);
    }
}

Result<void> PathName::allocate()
{
    if (m_bytes == nullptr) {
        m_bytes = static_cast<u8*>(hal::allocate(PATH_MAX));
        if (m_bytes == nullptr) {
            return errno_error(ENOMEM);
        }
    }
    return {};
}

Result<void> PathName::copy_from_user(UserMemory& memory, UserAddress address, bool allow_empty)
{
    TRY(allocate());
    // strncpy_from_user in pieces that never cross a page: a name may end
    // just before an unmapped page.
    usize length = 0;
    u64 at = address.value();
    while (length < PATH_MAX) {
        const usize chunk = min<usize>(PATH_MAX - length, kPageSize - (at % kPageSize));
        TRY(memory.copy_from_user(m_bytes + length, UserAddress(at), chunk));
        for (usize i = 0; i < chunk; ++i) {
            if (m_bytes[length + i] == '\0') {
                m_length = length + i;
                if (m_length == 0 && !allow_empty) {
                    return errno_error(ENOENT);
                }
                return {};
            }
        }
        length += chunk;
        at += chunk;
    }
    // getname: "if (unlikely(len == EMBEDDED_NAME_MAX/PATH_MAX)) ENAMETOOLONG".
    return errno_error(ENAMETOOLONG);
}

Result<void> PathName::copy_from_kernel(const u8* bytes, usize length, bool allow_empty)
{
    if (length >= PATH_MAX) {
        return errno_error(ENAMETOOLONG);
    }
    if (length == 0 && !allow_empty) {
        return errno_error(ENOENT);
    }
    TRY(allocate());
    copy_bytes(m_bytes, bytes, length);
    m_bytes[length] = '\0';
    m_length = length;
    return {};
}

} // namespace sirius::fs
