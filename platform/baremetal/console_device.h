#pragma once

// The serial console as a file: what init's standard input, output and
// error are (Linux opens /dev/console for init in console_on_rootfs). By
// default it is a terminal (core/tty) fed by the UART's receive interrupt;
// with sirius.console=plain a plain console file (core/fs/console_file.h).
#include "core/proc/thread.h"

namespace sirius::baremetal {

// Opens the console as fds 0, 1 and 2 of `thread`: the terminal when
// `as_terminal`, else the plain console. The terminal's input is turned
// on here (the UART's IRQ). Errors: ENOMEM.
Result<void> install_console_descriptors(proc::Kernel& kernel, proc::Thread& thread, bool as_terminal);

// Received bytes waiting for the line discipline (the interrupt handler
// only queues them). Cheap: any context.
[[nodiscard]] bool console_input_pending();

// Feeds the queued bytes to the terminal's line discipline, which may echo
// and signal the foreground process group. Thread context (or the idle
// loop): never from an interrupt handler, nor while a thread is midway
// through core code.
void service_console_input();

} // namespace sirius::baremetal
