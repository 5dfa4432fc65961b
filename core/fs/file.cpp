#include "core/fs/file.h"

#include <linux/eventpoll.h>
#include <linux/fcntl.h>

namespace sirius::fs {

namespace {

// OPEN_FMODE: "((flag + 1) & O_ACCMODE)" turns O_RDONLY (0), O_WRONLY (1),
// O_RDWR (2) and the ioctl-only 3 into FMODE_READ (1), FMODE_WRITE (2),
// both (3) and neither (0).
constexpr u32 kModeRead = 1;
constexpr u32 kModeWrite = 2;
constexpr u32 open_mode(u32 status_flags)
{
    return (status_flags + 1) & O_ACCMODE;
}

} // namespace

u32 default_poll_mask()
{
    return EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM;
}

bool File::is_readable() const
{
    // An O_PATH description neither reads nor writes (FMODE_PATH: fdget
    // refuses it with EBADF).
    if ((m_status_flags & O_PATH) != 0) {
        return false;
    }
    return (open_mode(m_status_flags) & kModeRead) != 0;
}

bool File::is_writable() const
{
    if ((m_status_flags & O_PATH) != 0) {
        return false;
    }
    return (open_mode(m_status_flags) & kModeWrite) != 0;
}

} // namespace sirius::fs
