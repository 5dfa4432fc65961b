#pragma once

// A path name copied in from user memory (Linux getname / struct filename):
// up to PATH_MAX bytes including the NUL, in a buffer of its own.
#include <linux/limits.h>

#include "core/base/user_memory.h"

namespace sirius::fs {

class PathName {
public:
    PathName() = default;
    ~PathName();
    PathName(const PathName&) = delete;
    PathName& operator=(const PathName&) = delete;

    // getname_flags: strncpy_from_user of at most PATH_MAX bytes. Errors:
    // EFAULT (the first byte cannot be read, or a later one before the NUL),
    // ENAMETOOLONG (no NUL in PATH_MAX bytes), ENOENT for "" unless
    // `allow_empty` (LOOKUP_EMPTY: AT_EMPTY_PATH), ENOMEM.
    Result<void> copy_from_user(UserMemory& memory, UserAddress address, bool allow_empty = false);
    // The same from kernel bytes (the boot, tests). Errors as above.
    Result<void> copy_from_kernel(const u8* bytes, usize length, bool allow_empty = false);

    [[nodiscard]] const u8* data() const { return m_bytes; }
    [[nodiscard]] usize length() const { return m_length; }
    [[nodiscard]] bool is_empty() const { return m_length == 0; }

private:
    Result<void> allocate();
    u8* m_bytes { nullptr };
    usize m_length { 0 };
};

} // namespace sirius::fs
