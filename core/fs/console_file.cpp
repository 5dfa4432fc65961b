#include "core/fs/console_file.h"

namespace sirius::fs {

namespace {

// Copies between a kernel chunk and the user bytes `offset` into `buffer`.
// Errors: EFAULT.
Result<void> copy_in(UserMemory& memory, u8* chunk, UserAddress buffer, usize offset, usize size)
{
    const UserAddress from = TRY(buffer.offset(offset));
    return memory.copy_from_user(chunk, from, size);
}

Result<void> copy_out(UserMemory& memory, UserAddress buffer, usize offset, const u8* chunk, usize size)
{
    const UserAddress to = TRY(buffer.offset(offset));
    return memory.copy_to_user(to, chunk, size);
}

} // namespace

Result<usize> ConsoleFile::read(IoContext& io, UserAddress buffer, usize count, i64&)
{
    u8 chunk[kChunkSize];
    usize done = 0;
    while (done < count) {
        const usize wanted = min(count - done, kChunkSize);
        const usize got = min(m_sink.read(chunk, wanted), wanted);
        if (got == 0) {
            break;
        }
        auto copied = copy_out(io.memory, buffer, done, chunk, got);
        if (copied.is_error()) {
            if (done == 0) {
                return copied.error();
            }
            break;
        }
        done += got;
        if (got < wanted) {
            break;
        }
    }
    return done;
}

Result<usize> ConsoleFile::write(IoContext& io, UserAddress buffer, usize count, i64&)
{
    u8 chunk[kChunkSize];
    usize written = 0;
    while (written < count) {
        const usize size = min(count - written, kChunkSize);
        auto copied = copy_in(io.memory, chunk, buffer, written, size);
        if (copied.is_error()) {
            // iterate_tty_write: "if (written) ret = written".
            if (written == 0) {
                return copied.error();
            }
            break;
        }
        m_sink.write(chunk, size);
        written += size;
    }
    return written;
}

} // namespace sirius::fs
