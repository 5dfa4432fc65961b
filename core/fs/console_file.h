#pragma once

// The console device (/dev/console: init's stdin, stdout and stderr):
// writes go to the platform's ConsoleSink, reads take what input it has.
// Not a terminal until the terminal issue: no line discipline, no termios,
// no window size, so every ioctl is ENOTTY (File's default) and libc's
// stdio treats it as a plain file (musl buffers stdout fully and flushes it
// at exit).
#include "core/fs/file.h"
#include "core/hal/console_sink.h"

namespace sirius::fs {

class ConsoleFile final : public File {
public:
    // Bytes cross between user memory and the sink through a buffer of this
    // size on the kernel stack.
    static constexpr usize kChunkSize = 256;

    // `sink` outlives the file (the platform's console lives as long as the
    // kernel). `status_flags` as open(2) gave them (init's console: O_RDWR).
    ConsoleFile(hal::ConsoleSink& sink, u32 status_flags)
        : File(status_flags, FileOperations { .read = true, .write = true })
        , m_sink(sink)
    {
    }

    [[nodiscard]] FileKind kind() const override { return FileKind::Console; }

    // Takes the input the sink has now, up to `count` bytes: 0 when there is
    // none (end of file, until the terminal brings blocking reads). Input
    // taken from the sink that cannot be copied out is lost: EFAULT if
    // nothing was copied, else the bytes copied. A stream: `position` stays.
    Result<usize> read(IoContext& io, UserAddress buffer, usize count, i64& position) override;

    // Copies the bytes to the sink one chunk at a time. A chunk that faults
    // is not written: the result is the bytes of the chunks before it, or
    // EFAULT when there were none (Linux iterate_tty_write: "if (written)
    // ret = written"; Linux's chunk is 2048 bytes, so the count after a
    // fault midway can differ from a Linux tty's). A stream: `position`
    // stays.
    Result<usize> write(IoContext& io, UserAddress buffer, usize count, i64& position) override;

private:
    hal::ConsoleSink& m_sink;
};

} // namespace sirius::fs
