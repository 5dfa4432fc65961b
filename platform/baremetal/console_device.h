#pragma once

// The serial console as a file: what init's standard input, output and
// error are (Linux opens /dev/console for init in console_on_rootfs).
#include "core/proc/thread.h"

namespace sirius::baremetal {

// Opens the console as fds 0, 1 and 2 of `thread`. Errors: ENOMEM.
Result<void> install_console_descriptors(proc::Thread& thread);

} // namespace sirius::baremetal
