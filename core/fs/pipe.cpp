#include "core/fs/pipe.h"

#include <asm/ioctls.h>
#include <asm/signal.h>
#include <linux/eventpoll.h>
#include <linux/fcntl.h>

#include "core/base/user_ptr.h"
#include "core/fs/poll_table.h"
#include "core/hal/scheduler.h"
#include "core/proc/thread.h"
#include "core/signal/kill.h"
#include "core/signal/send_signal.h"

namespace sirius::fs {

namespace {

// round_pipe_size: 0 (refused) above 2^31, at least a page, else the next
// power of two.
u64 round_pipe_size(u64 size)
{
    if (size > (u64 { 1 } << 31)) {
        return 0;
    }
    if (size < Pipe::kBufferSize) {
        return Pipe::kBufferSize;
    }
    u64 rounded = 1;
    while (rounded < size) {
        rounded <<= 1;
    }
    return rounded;
}

} // namespace

Pipe::Pipe(hal::Scheduler& scheduler, u32 owner_uid, u32 owner_gid)
    : m_scheduler(scheduler)
    , m_owner_uid(owner_uid)
    , m_owner_gid(owner_gid)
{
}

Pipe::~Pipe() = default;

Result<RefPtr<Pipe>> Pipe::create(hal::Scheduler& scheduler, u32 owner_uid, u32 owner_gid)
{
    auto pipe = TRY(try_make_ref<Pipe>(scheduler, owner_uid, owner_gid));
    TRY(pipe->m_ring.try_reserve(kDefaultBuffers));
    for (u32 i = 0; i < kDefaultBuffers; ++i) {
        TRY(pipe->m_ring.try_append(Buffer {}));
    }
    return pipe;
}

usize Pipe::readable_bytes() const
{
    usize total = 0;
    for (u32 index = m_tail; index != m_head; ++index) {
        total += at(index).length;
    }
    return total;
}

void Pipe::release_tail()
{
    Buffer& buffer = at(m_tail);
    // anon_pipe_buf_release keeps one page as pipe->tmp_page for the next
    // write; Sirius simply frees it.
    buffer.page = nullptr;
    buffer.offset = 0;
    buffer.length = 0;
    ++m_tail;
}

Result<usize> Pipe::read(IoContext& io, UserAddress buffer, usize count, bool nonblocking)
{
    // pipe_read: "Null read succeeds."
    if (count == 0) {
        return 0;
    }
    const bool was_full = is_full();
    usize done = 0;
    usize wanted = count;
    for (;;) {
        while (!is_empty()) {
            Buffer& source = at(m_tail);
            const usize chars = min<usize>(source.length, wanted);
            const UserAddress to = TRY(buffer.offset(done));
            if (io.memory.copy_to_user(to, source.page->bytes + source.offset, chars).is_error()) {
                // "if (unlikely(written < chars)) { if (!ret) ret = -EFAULT;"
                if (done == 0) {
                    return errno_error(EFAULT);
                }
                return done;
            }
            done += chars;
            source.offset += static_cast<u32>(chars);
            source.length -= static_cast<u32>(chars);
            // "Was it a packet buffer? Clean up and exit": the rest of the
            // packet is dropped and the read ends.
            if (source.packet) {
                wanted = chars;
                source.length = 0;
            }
            if (source.length == 0) {
                release_tail();
            }
            wanted -= chars;
            if (wanted == 0) {
                break;
            }
        }
        if (wanted == 0 || m_writers == 0 || done != 0) {
            break;
        }
        if (nonblocking) {
            return errno_error(EAGAIN);
        }
        if (was_full) {
            m_scheduler.wake_all(m_write_wait);
        }
        const auto reason = m_scheduler.wait_until(m_read_wait, hal::BlockMode::Interruptible, [this] { return !is_empty() || m_writers == 0; });
        if (reason != hal::WakeReason::Woken) {
            return errno_error(ERESTARTSYS);
        }
    }
    // Room was made: a writer waiting for it may go on.
    if (done != 0) {
        m_scheduler.wake_all(m_write_wait);
    }
    return done;
}

Result<usize> Pipe::merge_into_last(IoContext& io, UserAddress buffer, usize count)
{
    // pipe_write: "chars = total_len & (PAGE_SIZE-1)" goes into the last
    // buffer if it may merge and the bytes fit there whole.
    const usize chars = count & (kBufferSize - 1);
    if (chars == 0 || is_empty()) {
        return 0;
    }
    Buffer& last = at(m_head - 1);
    const usize offset = usize { last.offset } + last.length;
    if (!last.can_merge || offset + chars > kBufferSize) {
        return 0;
    }
    TRY(io.memory.copy_from_user(last.page->bytes + offset, buffer, chars));
    last.length += static_cast<u32>(chars);
    return chars;
}

void Pipe::send_sigpipe(IoContext& io)
{
    // send_sig(SIGPIPE, current, 0): SI_USER from the caller itself, to its
    // thread group.
    const signal::SignalInfo info = signal::sender_info(io.caller, SIGPIPE, signal::kSiUser);
    (void)signal::send_signal(io.kernel, info, io.caller, signal::SignalScope::Process, signal::SignalSender::user(io.caller));
}

Result<usize> Pipe::write(IoContext& io, UserAddress buffer, usize count, bool nonblocking, bool packet)
{
    // pipe_write: "Null write succeeds." - even with no reader, no SIGPIPE.
    if (count == 0) {
        return 0;
    }
    if (m_readers == 0) {
        send_sigpipe(io);
        return errno_error(EPIPE);
    }
    bool was_empty = is_empty();
    usize done = 0;
    if (!packet) {
        done = TRY(merge_into_last(io, buffer, count));
    }
    // What ended the write early; the caller sees it only if no byte moved
    // ("if (!ret) ret = -E...").
    int error = 0;
    while (done < count) {
        if (m_readers == 0) {
            send_sigpipe(io);
            error = EPIPE;
            break;
        }
        if (!is_full()) {
            error = fill_next_buffer(io, buffer, count, done, packet);
            if (error != 0) {
                break;
            }
            continue;
        }
        // Full: wait for a reader to make room.
        if (nonblocking) {
            error = EAGAIN;
            break;
        }
        if (was_empty || done != 0) {
            m_scheduler.wake_all(m_read_wait);
        }
        const auto reason = m_scheduler.wait_until(m_write_wait, hal::BlockMode::Interruptible, [this] { return !is_full() || m_readers == 0; });
        if (reason != hal::WakeReason::Woken) {
            error = ERESTARTSYS;
            break;
        }
        was_empty = is_empty();
    }
    // "if (was_empty || pipe->poll_usage) wake_up_interruptible_sync_poll(
    // &pipe->rd_wait, ...)": readers learn of the new data.
    if (done != 0) {
        m_scheduler.wake_all(m_read_wait);
        return done;
    }
    return errno_error(error);
}

int Pipe::fill_next_buffer(IoContext& io, UserAddress buffer, usize count, usize& done, bool packet)
{
    auto page = try_make_own<Page>();
    if (page.is_error()) {
        return ENOMEM;
    }
    const usize chunk = min(count - done, kBufferSize);
    // A chunk that faults is not kept: Linux leaves its buffer empty and
    // counts none of its bytes.
    auto from = buffer.offset(done);
    if (from.is_error() || io.memory.copy_from_user(page.value()->bytes, from.value(), chunk).is_error()) {
        return EFAULT;
    }
    Buffer& fresh = at(m_head);
    fresh.page = page.release_value();
    fresh.offset = 0;
    fresh.length = static_cast<u32>(chunk);
    fresh.packet = packet;
    fresh.can_merge = !packet;
    ++m_head;
    done += chunk;
    return 0;
}

Result<usize> Pipe::set_capacity(u32 size, bool privileged)
{
    const u64 rounded = round_pipe_size(size);
    const u64 slots = rounded / kBufferSize;
    if (slots == 0) {
        return errno_error(EINVAL);
    }
    // "if (nr_slots > pipe->max_usage && size > pipe_max_size &&
    // !capable(CAP_SYS_RESOURCE)) return -EPERM;": shrinking is always allowed.
    if (slots > m_max_usage && rounded > kMaxSize && !privileged) {
        return errno_error(EPERM);
    }
    // pipe_resize_ring: "if (nr_slots < n) return -EBUSY;" with n the
    // buffers in use.
    const u32 in_use = m_head - m_tail;
    if (slots < in_use) {
        return errno_error(EBUSY);
    }
    Vector<Buffer> ring;
    TRY(ring.try_reserve(slots));
    for (u64 i = 0; i < slots; ++i) {
        TRY(ring.try_append(Buffer {}));
    }
    // The buffers in use move, in order, to the start of the new ring.
    for (u32 i = 0; i < in_use; ++i) {
        ring[i] = move(at(m_tail + i));
    }
    m_ring = move(ring);
    m_tail = 0;
    m_head = in_use;
    m_max_usage = static_cast<u32>(slots);
    // More room may let a writer go on.
    m_scheduler.wake_all(m_write_wait);
    return capacity();
}

u32 Pipe::poll(PollTable* table, bool reading, bool writing, u32 writer_opens_seen)
{
    if (table != nullptr) {
        if (reading) {
            table->wait_on(m_read_wait);
        }
        if (writing) {
            table->wait_on(m_write_wait);
        }
    }
    u32 mask = 0;
    if (reading) {
        if (!is_empty()) {
            mask |= EPOLLIN | EPOLLRDNORM;
        }
        // "if (!pipe->writers && filp->f_pipe != pipe->w_counter)".
        if (m_writers == 0 && m_writer_opens != writer_opens_seen) {
            mask |= EPOLLHUP;
        }
    }
    if (writing) {
        if (!is_full()) {
            mask |= EPOLLOUT | EPOLLWRNORM;
        }
        if (m_readers == 0) {
            mask |= EPOLLERR;
        }
    }
    return mask;
}

void Pipe::add_end(bool reader)
{
    ++(reader ? m_readers : m_writers);
    ++(reader ? m_reader_opens : m_writer_opens);
    // wake_up_partner: an opener of the other end may be waiting.
    m_scheduler.wake_all(m_read_wait);
}

Result<void> Pipe::wait_for_partner(bool reader)
{
    const u32& counter = reader ? m_writer_opens : m_reader_opens;
    const u32 start = counter;
    const auto reason = m_scheduler.wait_until(m_read_wait, hal::BlockMode::Interruptible, [&counter, start] { return counter != start; });
    if (reason != hal::WakeReason::Woken && counter == start) {
        return errno_error(ERESTARTSYS);
    }
    return {};
}

void Pipe::remove_end(bool reader)
{
    --(reader ? m_readers : m_writers);
    // free_pipe_info with the last file: nobody can read what is left.
    if (m_readers == 0 && m_writers == 0) {
        while (!is_empty()) {
            release_tail();
        }
    }
    // pipe_release: "if (!pipe->readers != !pipe->writers) { wake_up_
    // interruptible_all(&pipe->rd_wait); wake_up_interruptible_all(
    // &pipe->wr_wait);": readers see end of file, writers EPIPE.
    m_scheduler.wake_all(m_read_wait);
    m_scheduler.wake_all(m_write_wait);
}

PipeFile::PipeFile(RefPtr<Pipe> pipe, u32 status_flags)
    : File(status_flags, FileOperations { .read = (status_flags & O_ACCMODE) != O_WRONLY, .write = (status_flags & O_ACCMODE) != O_RDONLY })
    , m_pipe(move(pipe))
{
    if (has_read()) {
        m_pipe->add_end(true);
    }
    if (has_write()) {
        m_pipe->add_end(false);
    }
}

u32 PipeFile::poll(PollTable* table)
{
    // pipe_poll looks at the access mode (FMODE_READ, FMODE_WRITE).
    return m_pipe->poll(table, is_readable(), is_writable(), m_writer_opens_seen);
}

PipeFile::~PipeFile()
{
    if (has_read()) {
        m_pipe->remove_end(true);
    }
    if (has_write()) {
        m_pipe->remove_end(false);
    }
}

Result<usize> PipeFile::read(IoContext& io, UserAddress buffer, usize count, i64&)
{
    return m_pipe->read(io, buffer, count, (status_flags() & O_NONBLOCK) != 0);
}

Result<usize> PipeFile::write(IoContext& io, UserAddress buffer, usize count, i64&)
{
    // is_packetized: O_DIRECT on the writing file.
    return m_pipe->write(io, buffer, count, (status_flags() & O_NONBLOCK) != 0, (status_flags() & O_DIRECT) != 0);
}

Result<i64> PipeFile::ioctl(IoContext& io, u32 command, u64 argument)
{
    // pipe_ioctl: FIONREAD is the only command (IOC_WATCH_QUEUE_* need a
    // notification pipe, which Sirius has not); others are ENOIOCTLCMD,
    // which ioctl(2) answers with ENOTTY.
    if (command != FIONREAD) {
        return errno_error(ENOTTY);
    }
    const auto bytes = static_cast<i32>(m_pipe->readable_bytes());
    TRY(UserPtr<i32>(argument).write(io.memory, bytes));
    return 0;
}

} // namespace sirius::fs
