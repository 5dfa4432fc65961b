#pragma once

// Opening a named FIFO (fifo(7), Linux fs/pipe.c fifo_open): every opener
// of the inode shares one pipe (Inode::fifo_pipe), made by the first open
// after all ends were closed, so the data lives only while some end is
// open. The rules of open(2) and fifo(7):
// - O_RDONLY waits until a writer opens; with O_NONBLOCK it opens at once;
// - O_WRONLY waits until a reader opens; with O_NONBLOCK and no reader it
//   is ENXIO;
// - O_RDWR never waits ("the process can at least talk to itself");
// - a wait ends with a signal: ERESTARTSYS (EINTR, or the open restarts
//   under SA_RESTART);
// - an access mode of 3 (neither read nor write to fifo_open) is EINVAL.
// The file is a PipeFile: reads and writes are the pipe's.
#include "core/fs/file.h"
#include "core/fs/inode.h"

namespace sirius::hal {
class Scheduler;
}

namespace sirius::fs {

// `flags` are open's flags less those the description does not keep.
// Errors: ENXIO, EINVAL, ERESTARTSYS, ENOMEM.
Result<RefPtr<File>> open_fifo(hal::Scheduler& scheduler, Inode& inode, u32 flags);

} // namespace sirius::fs
