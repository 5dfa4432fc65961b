#pragma once

// A Linux errno, as the core reports failures. The numbers come from the UAPI
// header, never typed by hand; the syscall layer turns an Error into -errno.
#include <asm-generic/errno.h>

#include "core/base/types.h"

namespace sirius {

class Error {
public:
    static constexpr Error from_errno(int code) { return Error(code); }

    [[nodiscard]] constexpr int code() const { return m_code; }
    constexpr bool operator==(const Error&) const = default;

private:
    explicit constexpr Error(int code)
        : m_code(code)
    {
    }
    int m_code;
};

// Kernel-internal restart codes (Linux include/linux/errno.h). They never reach
// user space: the syscall exit path restarts the call or turns them into EINTR.
inline constexpr int ERESTARTSYS = 512;
inline constexpr int ERESTARTNOINTR = 513;
inline constexpr int ERESTARTNOHAND = 514;
inline constexpr int ERESTART_RESTARTBLOCK = 516;

} // namespace sirius
