#pragma once

// The border between user space and the core: every entry from user mode
// (syscall, interrupt, exception) comes through here, and every return to
// user mode leaves through finish_return_to_user, which reschedules when the
// time slice is over and runs the core's signal work.
#include "arch/x86_64/trap_frame.h"
#include "core/proc/kernel.h"

namespace sirius::baremetal {

struct UserModeOptions {
    bool syscall_trace { false };
};

// Installs the entry handlers; `kernel` serves every syscall from now on.
void initialize_user_mode(proc::Kernel& kernel, UserModeOptions options);

// A new thread's first return to user space (from start_new_thread).
void enter_user_mode_first_time(x86_64::TrapFrame& frame);

} // namespace sirius::baremetal

extern "C" void handle_syscall(sirius::x86_64::TrapFrame* frame);
