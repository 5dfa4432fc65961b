#include <linux/fcntl.h>

// The rest after it.
#include "core/fs/fifo.h"
#include "core/fs/pipe.h"

namespace sirius::fs {

Result<RefPtr<File>> open_fifo(hal::Scheduler& scheduler, Inode& inode, u32 flags)
{
    const u32 access = flags & O_ACCMODE;
    // OPEN_FMODE: O_ACCMODE 3 gives neither FMODE_READ nor FMODE_WRITE, and
    // fifo_open's switch answers "default: ret = -EINVAL".
    if (access == O_ACCMODE) {
        return errno_error(EINVAL);
    }
    // inode->i_pipe, or a new pipe when no end of the old one is open (Linux
    // frees it with its last file: put_pipe_info).
    if (!inode.fifo_pipe || !inode.fifo_pipe->has_ends()) {
        inode.fifo_pipe = TRY(Pipe::create(scheduler, inode.uid, inode.gid));
    }
    RefPtr<Pipe> pipe = inode.fifo_pipe;
    const bool nonblocking = (flags & O_NONBLOCK) != 0;
    // "POSIX.1 says that O_NONBLOCK means return -1 with errno=ENXIO when
    // there is no process reading the FIFO."
    if (access == O_WRONLY && nonblocking && pipe->end_count(true) == 0) {
        return errno_error(ENXIO);
    }
    // The end counts before any wait (readers++, r_counter++ and
    // wake_up_partner): a partner already waiting goes on.
    RefPtr<PipeFile> file = TRY(try_make_ref<PipeFile>(pipe, flags));
    // wait_for_partner: until the other end has been opened (its counter
    // moved), not merely until it is open now - a writer that opens and
    // closes at once still releases the reader. On a signal the file is
    // dropped, which takes its end away again (err_rd, err_wr).
    if (access == O_RDONLY && !nonblocking && pipe->end_count(false) == 0) {
        TRY(pipe->wait_for_partner(true));
    }
    // "suppress EPOLLHUP until we have seen a writer": a reader opened with
    // O_NONBLOCK while no writer is open.
    if (access == O_RDONLY && nonblocking && pipe->end_count(false) == 0) {
        file->suppress_hangup_until_a_writer_opens();
    }
    if (access == O_WRONLY && pipe->end_count(true) == 0) {
        TRY(pipe->wait_for_partner(false));
    }
    return RefPtr<File>(move(file));
}

} // namespace sirius::fs
