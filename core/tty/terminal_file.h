#pragma once

// An open terminal (Linux tty_fops over a tty_struct): read and write go
// through the terminal's line discipline and job-control checks; ioctl(2)
// has the terminal's commands (terminal_ioctl.cpp).
#include "core/fs/file.h"
#include "core/tty/terminal.h"

namespace sirius::tty {

class TerminalFile final : public fs::File {
public:
    TerminalFile(RefPtr<Terminal> terminal, u32 status_flags)
        : File(status_flags, fs::FileOperations { .read = true, .write = true })
        , m_terminal(move(terminal))
    {
    }

    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Terminal; }
    [[nodiscard]] Terminal& terminal() const { return *m_terminal; }

    // A stream: `position` stays.
    Result<usize> read(fs::IoContext& io, UserAddress buffer, usize count, i64& /*position*/) override;
    Result<usize> write(fs::IoContext& io, UserAddress buffer, usize count, i64& /*position*/) override;
    // tty_ioctl, tty_jobctrl_ioctl, n_tty_ioctl and tty_mode_ioctl.
    Result<i64> ioctl(fs::IoContext& io, u32 command, u64 argument) override;
    u32 poll(fs::PollTable* table) override { return m_terminal->poll(table); }

private:
    RefPtr<Terminal> m_terminal;
};

} // namespace sirius::tty
