#include "core/tty/terminal_file.h"

#include <linux/fcntl.h>

namespace sirius::tty {

Result<usize> TerminalFile::read(fs::IoContext& io, UserAddress buffer, usize count, i64&)
{
    return m_terminal->read(io, buffer, count, (status_flags() & O_NONBLOCK) != 0);
}

Result<usize> TerminalFile::write(fs::IoContext& io, UserAddress buffer, usize count, i64&)
{
    return m_terminal->write(io, buffer, count);
}

} // namespace sirius::tty
