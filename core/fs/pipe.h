#pragma once

// An anonymous pipe (pipe(7), Linux fs/pipe.c): a ring of page-sized buffers
// shared by a read end and a write end. Its rules are Linux's:
// - a read takes what is there, waiting only while the pipe is empty and a
//   writer is left (none left: end of file);
// - a write waits for room while a reader is left; none left: SIGPIPE and
//   EPIPE;
// - O_NONBLOCK turns each wait into EAGAIN (or the bytes moved so far);
// - a write of at most PIPE_BUF bytes lands in one buffer: it is atomic;
// - O_DIRECT on the write end makes each write a packet, which one read
//   takes whole or cut short (pipe2(2) "packet mode").
// The capacity is 16 buffers (PIPE_DEF_BUFFERS) until F_SETPIPE_SZ.
#include "core/base/heap_object.h"
#include "core/base/own_ptr.h"
#include "core/base/vector.h"
#include "core/fs/file.h"
#include "core/hal/wait_queue.h"

namespace sirius::hal {
class Scheduler;
}

namespace sirius::fs {

class Pipe : public RefCounted<Pipe> {
public:
    static constexpr usize kBufferSize = 4096; // PAGE_SIZE
    static constexpr u32 kDefaultBuffers = 16; // PIPE_DEF_BUFFERS
    static constexpr u32 kMaxSize = 1024 * 1024; // /proc/sys/fs/pipe-max-size

    // A pipe with no ends yet. Errors: ENOMEM.
    static Result<RefPtr<Pipe>> create(hal::Scheduler& scheduler, u32 owner_uid, u32 owner_gid);

    // pipe_read: up to `count` bytes to io.memory at `buffer`. Errors:
    // EAGAIN (empty, a writer left, `nonblocking`), ERESTARTSYS (a signal
    // came while waiting), EFAULT (nothing moved: the buffer faulted).
    Result<usize> read(IoContext& io, UserAddress buffer, usize count, bool nonblocking);
    // pipe_write: up to `count` bytes from io.memory at `buffer`; `packet`
    // is O_DIRECT on the write end. Errors: EPIPE (no reader: io.caller's
    // process is sent SIGPIPE), EAGAIN, ERESTARTSYS, EFAULT, ENOMEM - each
    // only when no byte moved; otherwise the bytes moved.
    Result<usize> write(IoContext& io, UserAddress buffer, usize count, bool nonblocking, bool packet);

    // pipe_poll for an end that reads and/or writes: readable while a
    // buffer holds data, hung up once no writer is left - unless no writer
    // has opened since the count `writer_opens_seen` (a FIFO's
    // non-blocking reader; kNoWriterOpensSeen for others); writable while a
    // buffer is free (not PIPE_BUF bytes: a write may then take only part),
    // an error once no reader is left. Names the read and/or write queue to
    // `table`.
    static constexpr u32 kNoWriterOpensSeen = ~0U;
    u32 poll(PollTable* table, bool reading, bool writing, u32 writer_opens_seen);
    // w_counter: how many times a write end was opened.
    [[nodiscard]] u32 writer_opens() const { return m_writer_opens; }

    // The bytes waiting to be read (FIONREAD).
    [[nodiscard]] usize readable_bytes() const;
    // The capacity in bytes (F_GETPIPE_SZ).
    [[nodiscard]] usize capacity() const { return usize { m_max_usage } * kBufferSize; }
    // pipe_set_size: `size` rounded up to a power of two of at least a page
    // (F_SETPIPE_SZ); returns the new capacity. `privileged`: the caller may
    // go above kMaxSize (CAP_SYS_RESOURCE). Errors: EINVAL (above 2^31),
    // EPERM, EBUSY (fewer buffers than are in use), ENOMEM.
    Result<usize> set_capacity(u32 size, bool privileged);

    // An end opens or closes (pipe_release wakes both sides, so readers see
    // end of file and writers EPIPE). The last end to close drops the data:
    // a FIFO opened again starts empty (core/fs/fifo.h).
    void add_end(bool reader);
    void remove_end(bool reader);

    // For fifo_open: the ends open now, and wait_for_partner - blocks until
    // the other end is opened (its r_counter or w_counter moves), which
    // `reader` says is the writers' end. Errors: ERESTARTSYS.
    [[nodiscard]] u32 end_count(bool reader) const { return reader ? m_readers : m_writers; }
    [[nodiscard]] bool has_ends() const { return m_readers + m_writers != 0; }
    Result<void> wait_for_partner(bool reader);

    // The owner of the pipe's inode: the creator's fsuid and fsgid
    // (fstat, F_SETFL O_NOATIME).
    [[nodiscard]] u32 owner_uid() const { return m_owner_uid; }
    [[nodiscard]] u32 owner_gid() const { return m_owner_gid; }

    Pipe(hal::Scheduler& scheduler, u32 owner_uid, u32 owner_gid);
    ~Pipe();

private:
    // A buffer's page. Its bytes are written before they are read: the
    // empty constructor leaves them as they are, with no zeroing.
    struct Page : HeapObject {
        Page() { } // NOLINT(modernize-use-equals-default): = default would zero `bytes`
        u8 bytes[kBufferSize];
    };
    // struct pipe_buffer: bytes [offset, offset + length) of `page` hold data.
    struct Buffer {
        OwnPtr<Page> page;
        u32 offset { 0 };
        u32 length { 0 };
        bool packet { false }; // PIPE_BUF_FLAG_PACKET
        bool can_merge { false }; // PIPE_BUF_FLAG_CAN_MERGE
    };

    [[nodiscard]] bool is_empty() const { return m_head == m_tail; }
    [[nodiscard]] bool is_full() const { return m_head - m_tail >= m_max_usage; }
    Buffer& at(u32 index) { return m_ring[index & (m_ring.size() - 1)]; }
    [[nodiscard]] const Buffer& at(u32 index) const { return m_ring[index & (m_ring.size() - 1)]; }
    void release_tail();
    // Merges the sub-page remainder of a write into the last buffer when it
    // fits there whole; returns the bytes merged. Errors: EFAULT.
    Result<usize> merge_into_last(IoContext& io, UserAddress buffer, usize count);
    // Copies the next page-sized chunk of a write into a new buffer at the
    // head and advances `done`. Returns 0 or the errno that ends the write
    // (ENOMEM, EFAULT).
    int fill_next_buffer(IoContext& io, UserAddress buffer, usize count, usize& done, bool packet);
    void send_sigpipe(IoContext& io);

    hal::Scheduler& m_scheduler;
    Vector<Buffer> m_ring; // a power of two in size
    u32 m_head { 0 }; // the next buffer a write fills
    u32 m_tail { 0 }; // the oldest buffer with data
    u32 m_max_usage { kDefaultBuffers };
    u32 m_readers { 0 };
    u32 m_writers { 0 };
    u32 m_reader_opens { 0 }; // r_counter
    u32 m_writer_opens { 0 }; // w_counter
    u32 m_owner_uid;
    u32 m_owner_gid;
    hal::WaitQueue m_read_wait;
    hal::WaitQueue m_write_wait;
};

// One end of a pipe: an open file description (O_RDONLY for the read end,
// O_WRONLY for the write end, O_RDWR for both: a FIFO opened so). Closing
// its last reference closes the end.
class PipeFile final : public File {
public:
    PipeFile(RefPtr<Pipe> pipe, u32 status_flags);
    ~PipeFile() override;

    [[nodiscard]] FileKind kind() const override { return FileKind::Pipe; }
    [[nodiscard]] Pipe& pipe() const { return *m_pipe; }
    [[nodiscard]] u32 owner_uid() const override { return m_pipe->owner_uid(); }

    Result<usize> read(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    Result<usize> write(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    // FIONREAD: the bytes waiting, as an int.
    Result<i64> ioctl(IoContext& io, u32 command, u64 argument) override;
    u32 poll(PollTable* table) override;
    // fifo_open's "filp->f_pipe = pipe->w_counter": no hang-up is reported
    // until a writer opens the FIFO.
    void suppress_hangup_until_a_writer_opens() { m_writer_opens_seen = m_pipe->writer_opens(); }

private:
    RefPtr<Pipe> m_pipe;
    u32 m_writer_opens_seen { Pipe::kNoWriterOpensSeen };
};

} // namespace sirius::fs
