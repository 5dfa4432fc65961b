#pragma once

// Who moves the bytes of a read(2) or write(2): the caller's memory, and the
// calling thread and kernel for the kinds of file that need more than the
// bytes - a pipe blocks its caller and sends it SIGPIPE, a terminal checks
// the caller's process group.
#include "core/base/user_memory.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::fs {

struct IoContext {
    proc::Kernel& kernel;
    proc::Thread& caller;
    UserMemory& memory;
};

} // namespace sirius::fs
